/**
 * An exponential moving average of G's weights (Yazıcı et al., ICLR 2019, "The Unusual
 * Effectiveness of Averaging in GAN Training"): after each G update, ema ← β·ema + (1 − β)·g.
 * The average draws every picture a person sees (samples, the judge, generate, eval); the raw G
 * goes on training. One multiply-add per weight per step, no backward pass.
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, assignParams, type NamedValues } from './checkpoint.js';
import type { Generator } from './models/index.js';
import { Z_DIM } from './config.js';
import { drawNoise, oneHotConditions } from './sampler.js';
import { Rng, mixSeed } from '../util/rng.js';
import type { GeneratorAverage, StepBatch, TrainStep, TrainedNet } from './train-step.js';

/** What G is fed besides noise (one-hot hair and eye conditions, or nothing: DCGAN), and the run's seed. */
export interface AverageInputs {
  conditional: boolean;
  nHair: number;
  nEyes: number;
  seed: number;
}

/**
 * The batches, of 64, whose statistics the average's batch norms take before it draws: 256 faces
 * of fixed noise and uniformly drawn conditions, as G's training batches are drawn.
 */
export const STATS_BATCHES = 4;
const STATS_BATCH = 64;

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
  /** Fixed noise and conditions of the statistics batches. */
  private readonly statsInputs: Array<{ z: Float32Array; cond: Float32Array | null }>;
  /** Whether the weights moved since the batch-norm statistics were last taken. */
  private stale = true;

  constructor(
    readonly raw: Generator,
    readonly g: Generator,
    readonly beta: number,
    inputs: AverageInputs,
  ) {
    this.g.params.all().forEach((v, i) => v.assign(this.raw.params.all()[i]!));
    const rng = new Rng(mixSeed(inputs.seed, 4));
    this.statsInputs = Array.from({ length: STATS_BATCHES }, () => {
      const hair = Array.from({ length: STATS_BATCH }, () => rng.int(inputs.nHair));
      const eyes = Array.from({ length: STATS_BATCH }, () => rng.int(inputs.nEyes));
      return { z: drawNoise(rng, STATS_BATCH), cond: inputs.conditional ? oneHotConditions(hair, eyes, inputs.nHair, inputs.nEyes) : null };
    });
  }

  /** Folds raw G's weights in after its t-th update. */
  update(t: number): void {
    const b = betaAt(this.beta, t);
    const raw = this.raw.params;
    const avg = this.g.params;
    tf.tidy(() => {
      avg.trainable.forEach((v, i) => v.assign(tf.add(tf.mul(v, b), tf.mul(raw.trainable[i]!, 1 - b))));
    });
    this.stale = true;
  }

  /**
   * The averaged G, ready to draw: its batch norms' running statistics are its own, the mean of
   * its training-mode moments over the fixed statistics batches ("standing statistics"), taken
   * again whenever the weights moved. The raw G's statistics, or ones gathered from the average
   * as it moves, normalise the averaged weights with moments that are not theirs: both measured
   * worse (docs/models.md). Four G forwards each time: a few ms per 50 steps of samples.
   */
  ready(): Generator {
    if (!this.stale) return this.g;
    tf.tidy(() => {
      this.statsInputs.forEach(({ z, cond }, k) => {
        const n = z.length / Z_DIM;
        const condT = cond ? tf.tensor2d(cond, [n, cond.length / n]) : null;
        // Momentum k / (k + 1): the running values become the mean of the k + 1 batches so far.
        this.g.apply(tf.tensor2d(z, [n, Z_DIM]), condT, { training: true, updateStats: true, statsMomentum: k / (k + 1) });
      });
    });
    this.stale = false;
    return this.g;
  }

  /** Its tensors for a checkpoint, the statistics taken for the weights saved with them. */
  entries(): Array<{ name: string; tensor: tf.Tensor }> {
    const ps = this.ready().params;
    return ps.all().map((v) => ({ name: averagedName(ps.localNames.get(v.name)!), tensor: v }));
  }

  /** Sets the average as a checkpoint holds it. */
  restore(values: Map<string, NamedValues>): void {
    const saved = averagedWeights(values);
    if (!saved) throw new CheckpointError(`checkpoint has no averaged generator ('${AVERAGED_KEY}/…'), though its run averages G`);
    assignParams(this.g.params, saved);
    // Saved by entries(), so taken for these very weights.
    this.stale = false;
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

/** A step whose G is averaged after each of its updates. */
export class AveragingStep implements TrainStep {
  readonly nets: readonly TrainedNet[];
  private readonly gNet: TrainedNet;

  constructor(
    private readonly inner: TrainStep,
    readonly averaged: AveragedGenerator,
  ) {
    this.nets = inner.nets;
    this.gNet = inner.nets.find((n) => n.key === 'g')!;
  }

  run(batch: StepBatch, lambda: number): Float32Array {
    const values = this.inner.run(batch, lambda);
    this.averaged.update(this.gNet.opt.t);
    return values;
  }

  dispose(): void {
    this.inner.dispose();
    this.averaged.dispose();
  }
}
