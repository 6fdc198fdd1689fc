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
export const ADAM_STEP = 'AnimeGanAdamStep';

export interface FusedActAttrs {
  activation: FusedActivation;
  /** leakyRelu's slope below zero. */
  alpha: number;
}

export interface BatchNormActAttrs extends FusedActAttrs {
  epsilon: number;
}

/** One Adam update's constants: the rates as the tensor ops round them, and the step size. */
export interface AdamStepAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** The bias-corrected step size. */
  alpha: number;
}

function available(kernel: string): boolean {
  return tf.getKernel(kernel, tf.getBackend()) != null;
}

function run(kernel: string, inputs: tf.NamedTensorMap, attrs: FusedActAttrs | BatchNormActAttrs): tf.Tensor | tf.Tensor[] {
  return tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
}

/** act(x + bias) over the last axis, bias [C]; null where the backend lacks the kernel. */
export function biasAct<T extends tf.Tensor>(x: T, bias: tf.Tensor, activation: FusedActivation, alpha = 0.2): T | null {
  if (!available(BIAS_ACT)) return null;
  return run(BIAS_ACT, { x, bias }, { activation, alpha }) as T;
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

/**
 * One Adam update of parameter p with gradient g and moments m, v, as one kernel:
 * m' = β1·m + (1−β1)·g, v' = β2·v + (1−β2)·g², p' = p − α·m'/(√v' + ε). Returns [p', m', v'];
 * null where the backend lacks the kernel (engine/adam.ts then uses the tensor ops).
 */
export function adamStep(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, attrs: AdamStepAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] | null {
  if (!available(ADAM_STEP)) return null;
  const out = tf.engine().runKernel(ADAM_STEP, { p, m, v, g }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return [out[0]!, out[1]!, out[2]!];
}

const leadingAxes = (rank: number) => Array.from({ length: rank - 1 }, (_, i) => i);

/**
 * Gradients of the fused kernels, for every backend that runs them. tfjs saves a kernel's
 * outputs for its gradient before it records the kernel, so a saved output is cut off from the
 * inputs on the tape; ActGrad reads the slope from y but also takes x and bias, which keep the
 * second-order gradient (WGAN-GP's penalty through D) connected to them.
 */
export const FUSED_GRADIENTS: tf.GradConfig[] = [
  {
    kernelName: BIAS_ACT,
    inputsToSave: ['x', 'bias'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, bias, y] = saved as tf.Tensor[];
      let dz: tf.Tensor | null = null;
      const slope = () =>
        (dz ??= run(ACT_GRAD, { dy: dy as tf.Tensor, y: y!, x: x!, bias: bias! }, attrs as unknown as FusedActAttrs) as tf.Tensor);
      return { x: slope, bias: () => tf.sum(slope(), leadingAxes(x!.rank)) };
    },
  },
  {
    kernelName: ACT_GRAD,
    inputsToSave: ['dy', 'y', 'x', 'bias'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, y, x, bias] = saved as tf.Tensor[];
      const a = attrs as unknown as FusedActAttrs;
      // relu's and leakyRelu's slopes are piecewise constant; tanh's, 1 − y², has derivative
      // −2y(1 − y²) in z = x + bias.
      let dz: tf.Tensor | null = null;
      const curvature = () =>
        (dz ??= tf.mul(tf.mul(ddx as tf.Tensor, dy!), tf.mul(tf.mul(y!, -2), tf.sub(1, tf.square(y!)))));
      const tanh = a.activation === 'tanh';
      return {
        dy: () => run(ACT_GRAD, { dy: ddx as tf.Tensor, y: y!, x: x!, bias: bias! }, a) as tf.Tensor,
        x: () => (tanh ? curvature() : tf.zerosLike(x!)),
        bias: () => (tanh ? tf.sum(curvature(), leadingAxes(x!.rank)) : tf.zerosLike(bias!)),
        y: () => tf.zerosLike(y!),
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
