/**
 * Adam with its state in plain view: first and second moments per parameter and the step count,
 * keyed by the parameter's name inside its network. The trainer checkpoints this state so a resumed
 * run continues exactly where it stopped.
 */
import * as tf from '@tensorflow/tfjs';
import { adamStep } from '../backend/kernels/fused-ops.js';

export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2?: number;
  epsilon?: number;
}

/** A variable of zeros shaped like p; the zeros it starts from are freed (a variable keeps its own). */
function zeroVariable(p: tf.Tensor): tf.Variable {
  const zeros = tf.zerosLike(p);
  const v = tf.variable(zeros, false);
  zeros.dispose();
  return v;
}

export class Adam {
  readonly beta2: number;
  readonly epsilon: number;
  /** Updates applied so far (bias correction depends on it). */
  t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    private readonly params: tf.Variable[],
    readonly opts: AdamOptions,
  ) {
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-8;
    this.m = params.map((p) => zeroVariable(p));
    this.v = params.map((p) => zeroVariable(p));
  }

  get learningRate(): number {
    return this.opts.learningRate;
  }

  /** grads: in the order of `params`. */
  apply(grads: tf.Tensor[]): void {
    this.t += 1;
    const { beta1, learningRate } = this.opts;
    const { beta2, epsilon } = this;
    // Bias-corrected step size, folded into one scalar (Kingma & Ba, section 2).
    const alpha = (learningRate * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    tf.tidy(() => {
      grads.forEach((g, i) => {
        // One kernel for the whole update where the backend has it (wasm with the native addon):
        // the dozen ops below cost more in tfjs's bookkeeping than in arithmetic.
        const fused = adamStep(this.params[i]!, this.m[i]!, this.v[i]!, g, { beta1, beta2, epsilon, alpha });
        if (fused) {
          this.params[i]!.assign(fused[0]);
          this.m[i]!.assign(fused[1]);
          this.v[i]!.assign(fused[2]);
          return;
        }
        const m = tf.add(tf.mul(this.m[i]!, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i]!, beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        this.params[i]!.assign(tf.sub(this.params[i]!, tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon)), alpha)));
      });
    });
  }

  /** Moments in parameter order, for checkpoints. */
  state(): { t: number; m: tf.Variable[]; v: tf.Variable[] } {
    return { t: this.t, m: this.m, v: this.v };
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
