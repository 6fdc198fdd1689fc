/**
 * Named variables of one network. Trainable weights and batch-norm running statistics are kept
 * apart: the optimizer sees only the first, checkpoints hold both.
 */
import * as tf from '@tensorflow/tfjs';

/** tfjs names variables globally; a per-instance scope lets several models live in one process. */
let instances = 0;

export class ParamSet {
  readonly trainable: tf.Variable[] = [];
  readonly state: tf.Variable[] = [];
  private counter = 0;
  private readonly scope: string;
  /** Variable name → name inside its network ('g/fc/w'), the key checkpoints use. */
  readonly localNames = new Map<string, string>();

  /** prefix: 'g' or 'd', so names stay unique across both nets. */
  constructor(
    readonly prefix: string,
    private readonly seed: number,
  ) {
    this.scope = `${prefix}${instances++}`;
  }

  /** Weights drawn from N(0, std²), seeded per variable so a run's init is reproducible. */
  normal(name: string, shape: number[], std: number, trainable = true): tf.Variable {
    const seed = this.seed * 7919 + this.counter++;
    return this.add(name, tf.randomNormal(shape, 0, std, 'float32', seed), trainable);
  }

  constant(name: string, shape: number[], value: number, trainable = true): tf.Variable {
    return this.add(name, tf.fill(shape, value), trainable);
  }

  all(): tf.Variable[] {
    return [...this.trainable, ...this.state];
  }

  dispose(): void {
    for (const v of this.all()) v.dispose();
  }

  private add(name: string, init: tf.Tensor, trainable: boolean): tf.Variable {
    const local = `${this.prefix}/${name}`;
    const v = tf.variable(init, trainable, `${this.scope}/${name}`);
    init.dispose();
    this.localNames.set(v.name, local);
    (trainable ? this.trainable : this.state).push(v);
    return v;
  }
}
