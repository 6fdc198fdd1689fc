/**
 * Conditional batch norm (de Vries et al. 2017; Miyato & Koyama 2018's generator): batch norm
 * without a learned affine of its own, followed by a scale and shift that depend on the sample's
 * classes. Each hair colour and each eye colour has its own γ and β per channel, and a face's are
 * the sums of its two: γ = 1 + γ_hair + γ_eyes, β = β_hair + β_eyes.
 *
 * The conditions arrive as G's usual one-hot rows [b, nHair + nEyes], so `cond · Γ` is exactly
 * that sum; a row blending two one-hots (interpolation between colours) blends their γ and β.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormAct } from '../../backend/kernels/fused-ops.js';
import { BN_EPSILON, INIT_STD, activate, updateRunningStats, type Activation, type Mode } from './layers.js';
import type { ParamSet } from './params.js';

export class CondBatchNorm {
  /** Per-class offsets of γ from 1, and β: [nHair + nEyes, C]. */
  private readonly gamma: tf.Variable;
  private readonly beta: tf.Variable;
  private readonly mean: tf.Variable;
  private readonly variance: tf.Variable;

  constructor(
    ps: ParamSet,
    name: string,
    nCond: number,
    readonly channels: number,
  ) {
    // γ offsets ~ N(0, 0.02): γ starts near 1, as BatchNorm's N(1, 0.02).
    this.gamma = ps.normal(`${name}/gamma`, [nCond, channels], INIT_STD);
    this.beta = ps.constant(`${name}/beta`, [nCond, channels], 0);
    this.mean = ps.constant(`${name}/mean`, [channels], 0, false);
    this.variance = ps.constant(`${name}/var`, [channels], 1, false);
  }

  /** x [b, h, w, C], cond [b, nCond] → act(x̂·γ(cond) + β(cond)), x̂ normalised per channel. */
  apply(x: tf.Tensor4D, cond: tf.Tensor2D, mode: Mode, act: Activation = 'linear'): tf.Tensor4D {
    const c = this.channels;
    const xHat = this.normalise(x, mode); // [b, h, w, C]
    const gamma = tf.reshape(tf.add(tf.matMul(cond, this.gamma as tf.Tensor2D), 1), [-1, 1, 1, c]); // [b, 1, 1, C]
    const beta = tf.reshape(tf.matMul(cond, this.beta as tf.Tensor2D), [-1, 1, 1, c]); // [b, 1, 1, C]
    return activate(tf.add(tf.mul(xHat, gamma), beta) as tf.Tensor4D, act);
  }

  private normalise(x: tf.Tensor4D, mode: Mode): tf.Tensor4D {
    if (!mode.training) return this.standardise(x, this.mean, this.variance);
    // The fused kernel with γ = 1, β = 0: one pass each way where the backend has it. The
    // per-sample affine cannot go into it (its γ and β are per channel), so it follows as plain ops.
    const fused = batchNormAct(x, tf.ones([this.channels]), tf.zeros([this.channels]), BN_EPSILON, 'linear');
    if (fused) {
      if (mode.updateStats) updateRunningStats(this.mean, this.variance, fused.mean, fused.variance, mode.statsMomentum);
      return fused.y;
    }
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    if (mode.updateStats) updateRunningStats(this.mean, this.variance, mean, variance, mode.statsMomentum);
    return this.standardise(x, mean, variance);
  }

  /**
   * (x − mean)/√(var + ε), with a unit scale and a zero offset given rather than left out: under a
   * gradient tape tfjs (4.22) saves the scale for the backward pass and records every input by
   * name, so an absent one is `undefined` to both, and every backend fails on it.
   */
  private standardise(x: tf.Tensor4D, mean: tf.Tensor, variance: tf.Tensor): tf.Tensor4D {
    const c = this.channels;
    return tf.batchNorm(x, mean, variance, tf.zeros([c]), tf.ones([c]), BN_EPSILON) as tf.Tensor4D;
  }
}
