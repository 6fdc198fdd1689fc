/** The few layer types the MLDS 2018 course report's nets are made of, over raw tfjs ops (NHWC). */
import * as tf from '@tensorflow/tfjs';
import { batchNormAct, biasAct, type FusedActivation } from '../../backend/kernels/fused-ops.js';
import type { ParamSet } from './params.js';

/** DCGAN init: N(0, 0.02) for every weight. */
export const INIT_STD = 0.02;
const BN_MOMENTUM = 0.9;
export const BN_EPSILON = 1e-5;

export interface Mode {
  training: boolean;
  /** Update batch-norm running statistics (once per step is enough: only the generator's are used). */
  updateStats: boolean;
  /** The share the running statistics keep when a batch's are folded in (default 0.9; 0 replaces them). */
  statsMomentum?: number;
}

export const TRAIN: Mode = { training: true, updateStats: false };
export const TRAIN_UPDATE: Mode = { training: true, updateStats: true };
export const EVAL: Mode = { training: false, updateStats: false };

/** What a layer may apply to its output; fused into the layer's kernel where a backend can. */
export type Activation = FusedActivation;

export const LEAKY_SLOPE = 0.2;

export function activate<T extends tf.Tensor>(x: T, act: Activation): T {
  switch (act) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'leakyrelu':
      return tf.leakyRelu(x, LEAKY_SLOPE);
    case 'tanh':
      return tf.tanh(x);
  }
}

/** act(x + b): one kernel where the backend has it, else the plain ops in that order. */
export function biasThenAct<T extends tf.Tensor>(x: T, b: tf.Variable | null, act: Activation): T {
  if (b == null) return activate(x, act);
  return biasAct(x, b, act, LEAKY_SLOPE) ?? activate(tf.add(x, b) as T, act);
}

export class Dense {
  private readonly w: tf.Variable;
  private readonly b: tf.Variable | null;
  constructor(ps: ParamSet, name: string, inDim: number, readonly outDim: number, bias = true) {
    this.w = ps.normal(`${name}/w`, [inDim, outDim], INIT_STD);
    this.b = bias ? ps.constant(`${name}/b`, [outDim], 0) : null;
  }
  apply(x: tf.Tensor2D): tf.Tensor2D {
    const y = tf.matMul(x, this.w as tf.Tensor2D);
    return (this.b ? tf.add(y, this.b) : y) as tf.Tensor2D;
  }
}

/** k×k convolution, 'same' padding. */
export class Conv {
  private readonly w: tf.Variable;
  private readonly b: tf.Variable | null;
  constructor(
    ps: ParamSet,
    name: string,
    readonly k: number,
    cin: number,
    readonly cout: number,
    readonly stride: 1 | 2,
    bias = true,
  ) {
    this.w = ps.normal(`${name}/w`, [k, k, cin, cout], INIT_STD);
    this.b = bias ? ps.constant(`${name}/b`, [cout], 0) : null;
  }
  apply(x: tf.Tensor4D, act: Activation = 'linear'): tf.Tensor4D {
    const y = tf.conv2d(x, this.w as tf.Tensor4D, this.stride, 'same');
    return biasThenAct(y, this.b, act);
  }
}

/** 4×4 transposed convolution, stride 2: doubles height and width. */
export class Deconv {
  private readonly w: tf.Variable;
  private readonly b: tf.Variable | null;
  constructor(ps: ParamSet, name: string, readonly cin: number, readonly cout: number, bias = true) {
    // conv2dTranspose filters are [k, k, out, in].
    this.w = ps.normal(`${name}/w`, [4, 4, cout, cin], INIT_STD);
    this.b = bias ? ps.constant(`${name}/b`, [cout], 0) : null;
  }
  apply(x: tf.Tensor4D, act: Activation = 'linear'): tf.Tensor4D {
    const [b, h, w] = x.shape;
    const y = tf.conv2dTranspose(x, this.w as tf.Tensor4D, [b, h * 2, w * 2, this.cout], 2, 'same');
    return biasThenAct(y, this.b, act);
  }
}

/** Batch norm over every axis but the last; running statistics for inference. */
export class BatchNorm {
  private readonly gamma: tf.Variable;
  private readonly beta: tf.Variable;
  private readonly mean: tf.Variable;
  private readonly variance: tf.Variable;
  constructor(ps: ParamSet, name: string, channels: number) {
    this.gamma = ps.normal(`${name}/gamma`, [channels], INIT_STD);
    // γ starts near 1, as in the DCGAN reference init N(1, 0.02).
    const shifted = tf.tidy(() => tf.add(this.gamma, 1));
    this.gamma.assign(shifted);
    shifted.dispose();
    this.beta = ps.constant(`${name}/beta`, [channels], 0);
    this.mean = ps.constant(`${name}/mean`, [channels], 0, false);
    this.variance = ps.constant(`${name}/var`, [channels], 1, false);
  }
  /** Normalises, then applies `act`: one kernel each way where the backend has it. */
  apply<T extends tf.Tensor>(x: T, mode: Mode, act: Activation = 'linear'): T {
    if (!mode.training) {
      return activate(tf.batchNorm(x, this.mean, this.variance, this.beta, this.gamma, BN_EPSILON) as T, act);
    }
    const fused = batchNormAct(x, this.gamma, this.beta, BN_EPSILON, act, LEAKY_SLOPE);
    if (fused) {
      if (mode.updateStats) this.updateStats(fused.mean, fused.variance, mode.statsMomentum);
      return fused.y;
    }
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const { mean, variance } = tf.moments(x, axes);
    if (mode.updateStats) this.updateStats(mean, variance, mode.statsMomentum);
    return activate(tf.batchNorm(x, mean, variance, this.beta, this.gamma, BN_EPSILON) as T, act);
  }

  private updateStats(mean: tf.Tensor, variance: tf.Tensor, momentum?: number): void {
    updateRunningStats(this.mean, this.variance, mean, variance, momentum);
  }
}

/** Folds a batch's statistics into running ones, for inference-mode batch norm. */
export function updateRunningStats(runMean: tf.Variable, runVar: tf.Variable, mean: tf.Tensor, variance: tf.Tensor, momentum = BN_MOMENTUM): void {
  // Running averages are bookkeeping: nothing downstream of them reaches a loss, so no gradient flows.
  const m = tf.keep(tf.tidy(() => tf.add(tf.mul(runMean, momentum), tf.mul(mean, 1 - momentum))));
  const v = tf.keep(tf.tidy(() => tf.add(tf.mul(runVar, momentum), tf.mul(variance, 1 - momentum))));
  runMean.assign(m);
  runVar.assign(v);
  m.dispose();
  v.dispose();
}

export function lrelu<T extends tf.Tensor>(x: T): T {
  return tf.leakyRelu(x, LEAKY_SLOPE);
}

/**
 * Sub-pixel upsampling (SRResNet): [b, h, w, 4c] → [b, 2h, 2w, c]. Its gradient, and a fast wasm
 * kernel, come from backend/kernels (registered when a backend is selected).
 */
export function pixelShuffle(x: tf.Tensor4D): tf.Tensor4D {
  return tf.depthToSpace(x, 2, 'NHWC');
}
