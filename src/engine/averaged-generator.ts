/**
 * An exponential moving average of G's weights (Yazıcı et al., ICLR 2019, "The Unusual
 * Effectiveness of Averaging in GAN Training"): after each G update, ema ← β·ema + (1 − β)·g.
 * The average draws every picture a person sees (samples, the judge, generate, eval); the raw G
 * goes on training. One multiply-add per weight per step, no backward pass.
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, assignParams, type NamedValues } from './checkpoint.js';
import type { Generator } from './models/index.js';
import { TRAIN_UPDATE } from './models/layers.js';
import { oneHots, type GeneratorAverage, type StepBatch, type TrainStep, type TrainedNet } from './train-step.js';

/** What G is fed besides noise: one-hot hair and eye conditions, or nothing (DCGAN). */
export interface AverageInputs {
  conditional: boolean;
  nHair: number;
  nEyes: number;
}

/** Checkpoint tensors of the average are G's names under this network key: 'g-ema/fc/w' beside 'g/fc/w'. */
export const AVERAGED_KEY = 'g-ema';

function averagedName(gName: string): string {
  return `${AVERAGED_KEY}/${gName.slice(gName.indexOf('/') + 1)}`;
}

/**
 * The β of the update after G's t-th step: min(β, (1 + t) / (10 + t)), the warm-up of
 * TensorFlow's ExponentialMovingAverage, so the first hundreds of steps are not drawn by an
 * average that still remembers the random start (β reaches 0.99 near step 900, 0.999 near 9,000).
 * StyleGAN2-ADA's half-life in images with its ramp-up is the other choice; not built.
 */
export function betaAt(beta: number, t: number): number {
  return Math.min(beta, (1 + t) / (10 + t));
}

export class AveragedGenerator implements GeneratorAverage {
  /**
   * raw: the G that trains; copy: another G of the same build, whose weights become raw's now.
   * Its variables are the average's from here on.
   */
  constructor(
    readonly raw: Generator,
    readonly g: Generator,
    readonly beta: number,
  ) {
    this.g.params.all().forEach((v, i) => v.assign(this.raw.params.all()[i]!));
  }

  /**
   * Folds raw G's weights in after its t-th update; given this step's noise and conditions, also
   * moves the average's batch-norm running statistics towards its own, by one forward pass of the
   * averaged G in training mode. Statistics copied from the raw G would normalise the averaged
   * weights' activations with another network's moments (measured worse: docs/models.md).
   */
  update(t: number, inputs?: { z: tf.Tensor2D; cond: tf.Tensor2D | null }): void {
    const b = betaAt(this.beta, t);
    const raw = this.raw.params;
    const avg = this.g.params;
    tf.tidy(() => {
      avg.trainable.forEach((v, i) => v.assign(tf.add(tf.mul(v, b), tf.mul(raw.trainable[i]!, 1 - b))));
      if (inputs) this.g.apply(inputs.z, inputs.cond, TRAIN_UPDATE);
    });
  }

  entries(): Array<{ name: string; tensor: tf.Tensor }> {
    const ps = this.g.params;
    return ps.all().map((v) => ({ name: averagedName(ps.localNames.get(v.name)!), tensor: v }));
  }

  /** Sets the average as a checkpoint holds it. */
  restore(values: Map<string, NamedValues>): void {
    const saved = averagedWeights(values);
    if (!saved) throw new CheckpointError(`checkpoint has no averaged generator ('${AVERAGED_KEY}/…'), though its run averages G`);
    assignParams(this.g.params, saved);
  }

  dispose(): void {
    this.g.params.dispose();
  }
}

/** A checkpoint's averaged generator under G's own names ('g/fc/w'), or null when it has none. */
export function averagedWeights(values: Map<string, NamedValues>): Map<string, NamedValues> | null {
  const prefix = `${AVERAGED_KEY}/`;
  const out = new Map<string, NamedValues>();
  for (const [name, v] of values) if (name.startsWith(prefix)) out.set(`g/${name.slice(prefix.length)}`, { ...v, name: `g/${name.slice(prefix.length)}` });
  return out.size ? out : null;
}

/**
 * Every how many G updates the average's batch-norm statistics take a forward pass of their own.
 * Each pass costs a G forward (10–16 ms of a 145 ms step at acgan ×0.25, batch 64); the averaged
 * weights move slowly, so statistics gathered every 8th step (momentum 0.9: over the last ≈ 80
 * steps) follow them for a twelfth of the cost.
 */
export const STATS_EVERY = 8;

/** A step whose G is averaged after each of its updates. */
export class AveragingStep implements TrainStep {
  readonly nets: readonly TrainedNet[];
  private readonly gNet: TrainedNet;

  constructor(
    private readonly inner: TrainStep,
    readonly averaged: AveragedGenerator,
    private readonly inputs: AverageInputs,
  ) {
    this.nets = inner.nets;
    this.gNet = inner.nets.find((n) => n.key === 'g')!;
  }

  run(batch: StepBatch, lambda: number): Float32Array {
    const values = this.inner.run(batch, lambda);
    const t = this.gNet.opt.t;
    if (t % STATS_EVERY !== 0) {
      this.averaged.update(t);
      return values;
    }
    tf.tidy(() => {
      const b = batch.fakeHair.length;
      const z = tf.tensor2d(batch.z, [b, batch.z.length / b]);
      const { conditional, nHair, nEyes } = this.inputs;
      const cond = conditional ? oneHots(tf.tensor1d(batch.fakeHair, 'int32'), tf.tensor1d(batch.fakeEyes, 'int32'), nHair, nEyes) : null;
      this.averaged.update(t, { z, cond });
    });
    return values;
  }

  dispose(): void {
    this.inner.dispose();
    this.averaged.dispose();
  }
}
