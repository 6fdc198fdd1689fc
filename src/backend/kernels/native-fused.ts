/** The fused ops of fused-ops.ts as wasm kernels on the native addon (native/src/norm.cc). */
import * as tf from '@tensorflow/tfjs';
import {
  ACT_GRAD,
  ADAM_STEP,
  BATCH_NORM_ACT,
  BATCH_NORM_ACT_GRAD,
  BIAS_ACT,
  type AdamStepAttrs,
  type BatchNormActAttrs,
  type FusedActAttrs,
} from './fused-ops.js';
import type { NativeAddon } from './native-addon.js';
import { heapOf, offsetOf } from './native-heap.js';
import type { BackendWasm } from './wasm-call.js';

type Info = tf.TensorInfo;

/** native/src/epilogue.h's codes. */
const CODES: Record<FusedActAttrs['activation'], number> = { linear: 0, relu: 1, leakyrelu: 3, tanh: 6 };

function channelsOf(x: Info): { rows: number; channels: number } {
  const channels = x.shape[x.shape.length - 1]!;
  return { rows: tf.util.sizeFromShape(x.shape) / channels, channels };
}

function checkFloat(kernel: string, ...infos: Info[]): void {
  if (infos.some((t) => t.dtype !== 'float32')) throw new Error(`${kernel} takes float32 tensors only`);
}

export function nativeFusedConfigs(addon: NativeAddon): tf.KernelConfig[] {
  const biasAct: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const b = backend as BackendWasm;
    const { x, bias } = inputs as { x: Info; bias: Info };
    const a = attrs as unknown as FusedActAttrs;
    checkFloat(BIAS_ACT, x, bias);
    const { rows, channels } = channelsOf(x);
    if (tf.util.sizeFromShape(bias.shape) !== channels) throw new Error(`${BIAS_ACT}: bias must be [channels]`);
    const y = b.makeOutput(x.shape, 'float32');
    if (rows * channels === 0) return y;
    const args = [offsetOf(b, x), offsetOf(b, bias), offsetOf(b, y), rows, channels, CODES[a.activation], a.alpha];
    addon.biasAct(heapOf(b), Float64Array.from(args));
    return y;
  };

  // x and bias are there for the tape (see fused-ops.ts); the slope comes from y.
  const actGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const b = backend as BackendWasm;
    const { dy, y } = inputs as { dy: Info; y: Info };
    const a = attrs as unknown as FusedActAttrs;
    checkFloat(ACT_GRAD, dy, y);
    const dx = b.makeOutput(y.shape, 'float32');
    const count = tf.util.sizeFromShape(y.shape);
    if (count === 0) return dx;
    const args = [offsetOf(b, dy), offsetOf(b, y), offsetOf(b, dx), count, CODES[a.activation], a.alpha];
    addon.actGrad(heapOf(b), Float64Array.from(args));
    return dx;
  };

  const batchNormAct: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const b = backend as BackendWasm;
    const { x, gamma, beta } = inputs as { x: Info; gamma: Info; beta: Info };
    const a = attrs as unknown as BatchNormActAttrs;
    checkFloat(BATCH_NORM_ACT, x, gamma, beta);
    const { rows, channels } = channelsOf(x);
    const y = b.makeOutput(x.shape, 'float32');
    const mean = b.makeOutput([channels], 'float32');
    const variance = b.makeOutput([channels], 'float32');
    const args = [
      offsetOf(b, x), offsetOf(b, gamma), offsetOf(b, beta), offsetOf(b, y), offsetOf(b, mean), offsetOf(b, variance),
      rows, channels, a.epsilon, CODES[a.activation], a.alpha,
    ];
    addon.batchNormAct(heapOf(b), Float64Array.from(args));
    return [y, mean, variance];
  };

  const batchNormActGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const b = backend as BackendWasm;
    const { dy, x, y, gamma, mean, variance } = inputs as Record<string, Info>;
    const a = attrs as unknown as BatchNormActAttrs;
    checkFloat(BATCH_NORM_ACT_GRAD, dy!, x!, y!, gamma!, mean!, variance!);
    const { rows, channels } = channelsOf(x!);
    const dx = b.makeOutput(x!.shape, 'float32');
    const dgamma = b.makeOutput([channels], 'float32');
    const dbeta = b.makeOutput([channels], 'float32');
    const args = [
      ...[dy, x, y, gamma, mean, variance, dx, dgamma, dbeta].map((t) => offsetOf(b, t!)),
      rows, channels, a.epsilon, CODES[a.activation], a.alpha,
    ];
    addon.batchNormActGrad(heapOf(b), Float64Array.from(args));
    return [dx, dgamma, dbeta];
  };

  const adamStep: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const b = backend as BackendWasm;
    const { p, m, v, g } = inputs as Record<string, Info>;
    const a = attrs as unknown as AdamStepAttrs;
    checkFloat(ADAM_STEP, p!, m!, v!, g!);
    const count = tf.util.sizeFromShape(p!.shape);
    if ([m, v, g].some((t) => tf.util.sizeFromShape(t!.shape) !== count)) throw new Error(`${ADAM_STEP}: p, m, v and g must be one size`);
    const outs = [b.makeOutput(p!.shape, 'float32'), b.makeOutput(p!.shape, 'float32'), b.makeOutput(p!.shape, 'float32')];
    if (count === 0) return outs;
    // The rates as float32, as the tensor ops take their scalars.
    const f = Math.fround;
    const args = [
      ...[p, m, v, g, ...outs].map((t) => offsetOf(b, t!)),
      count, f(a.beta1), f(1 - a.beta1), f(a.beta2), f(1 - a.beta2), f(a.epsilon), f(a.alpha),
    ];
    addon.adam!(heapOf(b), Float64Array.from(args));
    return outs;
  };

  return [
    ...(typeof addon.adam === 'function' ? [{ kernelName: ADAM_STEP, backendName: 'wasm', kernelFunc: adamStep }] : []),
    { kernelName: BIAS_ACT, backendName: 'wasm', kernelFunc: biasAct },
    { kernelName: ACT_GRAD, backendName: 'wasm', kernelFunc: actGrad },
    { kernelName: BATCH_NORM_ACT, backendName: 'wasm', kernelFunc: batchNormAct },
    { kernelName: BATCH_NORM_ACT_GRAD, backendName: 'wasm', kernelFunc: batchNormActGrad },
  ];
}
