/**
 * Fused training ops: bias + activation, and batch norm (batch statistics) + activation, each one
 * kernel forward and one backward. They run where a backend registers their kernels (wasm with
 * the native addon); elsewhere the callers keep the plain tfjs ops, so every backend computes
 * the same function. Backend-neutral: importing this registers no backend.
 */
import * as tf from '@tensorflow/tfjs';

export type FusedActivation = 'linear' | 'relu' | 'leakyrelu' | 'tanh';

export const BIAS_ACT = 'AnimeGanBiasAct';
export const ACT_GRAD = 'AnimeGanActGrad';
export const BATCH_NORM_ACT = 'AnimeGanBatchNormAct';
export const BATCH_NORM_ACT_GRAD = 'AnimeGanBatchNormActGrad';

export interface FusedActAttrs {
  activation: FusedActivation;
  /** leakyRelu's slope below zero. */
  alpha: number;
}

export interface BatchNormActAttrs extends FusedActAttrs {
  epsilon: number;
}

function available(kernel: string): boolean {
  return tf.getKernel(kernel, tf.getBackend()) != null;
}

function run(kernel: string, inputs: tf.NamedTensorMap, attrs: FusedActAttrs | BatchNormActAttrs): tf.Tensor | tf.Tensor[] {
  return tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
}

/** act(x + bias) over the last axis (bias [C] or none); null where the backend lacks the kernel. */
export function biasAct<T extends tf.Tensor>(x: T, bias: tf.Tensor | null, activation: FusedActivation, alpha = 0.2): T | null {
  if (!available(BIAS_ACT)) return null;
  return run(BIAS_ACT, bias ? { x, bias } : { x }, { activation, alpha }) as T;
}

/**
 * act(γ·(x − mean)/√(var + ε) + β) with mean and biased var over every axis but the last, as
 * tf.moments + tf.batchNorm compute them. mean and variance come back for running averages
 * only: no gradient flows through them. null where the backend lacks the kernel.
 */
export function batchNormAct<T extends tf.Tensor>(
  x: T,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
  activation: FusedActivation,
  alpha = 0.2,
): { y: T; mean: tf.Tensor1D; variance: tf.Tensor1D } | null {
  if (!available(BATCH_NORM_ACT)) return null;
  const [y, mean, variance] = run(BATCH_NORM_ACT, { x, gamma, beta }, { activation, alpha, epsilon }) as tf.Tensor[];
  return { y: y as T, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

const leadingAxes = (rank: number) => Array.from({ length: rank - 1 }, (_, i) => i);

/** Gradients of the fused kernels, for every backend that runs them. */
export const FUSED_GRADIENTS: tf.GradConfig[] = [
  {
    kernelName: BIAS_ACT,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [y] = saved;
      let dz: tf.Tensor | null = null;
      const slope = () => (dz ??= run(ACT_GRAD, { dy: dy as tf.Tensor, y: y! }, attrs as unknown as FusedActAttrs) as tf.Tensor);
      return { x: slope, bias: () => tf.sum(slope(), leadingAxes(y!.rank)) };
    },
  },
  {
    // Differentiable itself, for the gradient penalty's second-order gradient through D.
    kernelName: ACT_GRAD,
    inputsToSave: ['dy', 'y'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, y] = saved as [tf.Tensor, tf.Tensor];
      const a = attrs as unknown as FusedActAttrs;
      return {
        dy: () => run(ACT_GRAD, { dy: ddx as tf.Tensor, y }, a) as tf.Tensor,
        // relu's and leakyRelu's slopes are piecewise constant; tanh's is 1 − y².
        y: () => (a.activation === 'tanh' ? tf.mul(tf.mul(ddx as tf.Tensor, dy), tf.mul(y, -2)) : tf.zerosLike(y)),
      };
    },
  },
  {
    kernelName: BATCH_NORM_ACT,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [true, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, y, mean, variance] = saved as tf.Tensor[];
      const dy = (dys as tf.Tensor[])[0]!;
      const inputs = { dy, x: x!, y: y!, gamma: gamma!, mean: mean!, variance: variance! };
      const [dx, dgamma, dbeta] = run(BATCH_NORM_ACT_GRAD, inputs, attrs as unknown as BatchNormActAttrs) as tf.Tensor[];
      return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
    },
  },
];
