/**
 * Conv2D, FusedConv2D and both conv gradients for the wasm backend on the native addon (oneDNN
 * where it opened, else im2col + OpenBLAS sgemm; NHWC), reading and writing the wasm heap in place. What the addon
 * does not cover (NCHW, other dtypes, PReLU, odd bias shapes) goes to the kernel it replaced.
 */
import * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './native-addon.js';
import { heapOf, nativeFriendly, offsetOf } from './native-heap.js';
import type { BackendWasm } from './wasm-call.js';

type Info = tf.TensorInfo;
type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** The 15 geometry numbers of native/src/conv.h's Geom, in order. */
function geometry(info: Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth,
    info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
}

/**
 * A number naming a weights tensor for as long as it lives, so that the addon reorders it into
 * oneDNN's layout once however many passes of a step use it. A tensor's data never changes in
 * the wasm backend (a variable's assign brings a new dataId), and numbers are never reused.
 */
const weightKeys = new WeakMap<object, number>();
let lastKey = 0;

function weightsKey(filter: Info): number {
  let key = weightKeys.get(filter.dataId);
  if (key === undefined) weightKeys.set(filter.dataId, (key = ++lastKey));
  return key;
}

/** Activation codes of native/src/epilogue.h; PReLU needs weights and stays on wasm. */
export const ACTIVATION_CODES: Partial<Record<string, number>> = {
  linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5,
};

function forwardInfo(x: Info, filter: Info, attrs: tf.Conv2DAttrs): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

/** y = conv(x, filter) into a new output. */
function convForward(addon: NativeAddon, backend: BackendWasm, x: Info, filter: Info, info: Conv2DInfo): Info {
  const out = backend.makeOutput(info.outShape, 'float32');
  const args = [offsetOf(backend, x), offsetOf(backend, filter), offsetOf(backend, out), ...geometry(info), weightsKey(filter)];
  addon.conv2d(heapOf(backend), Float64Array.from(args));
  return out;
}

export function makeNativeConv2dConfig(original: tf.KernelConfig, addon: NativeAddon): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x, filter } = args.inputs as { x: Info; filter: Info };
    const attrs = args.attrs as unknown as tf.Conv2DAttrs;
    if (attrs.dataFormat === 'NCHW' || !nativeFriendly(x, filter)) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    return convForward(addon, backend, x, filter, forwardInfo(x, filter, attrs));
  };
  return { kernelName: tf.Conv2D, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc };
}

export function makeNativeFusedConv2dConfig(original: tf.KernelConfig, addon: NativeAddon): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, Info | undefined>;
    const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
    const code = ACTIVATION_CODES[attrs.activation];
    const co = filter!.shape[3]!;
    const simpleBias = bias == null || (nativeFriendly(bias) && tf.util.sizeFromShape(bias.shape) === co);
    if (
      attrs.dataFormat === 'NCHW' || code == null || preluActivationWeights != null || !simpleBias ||
      !nativeFriendly(x!, filter!)
    ) {
      return original.kernelFunc(args);
    }
    const backend = args.backend as BackendWasm;
    const info = forwardInfo(x!, filter!, attrs);
    const out = convForward(addon, backend, x!, filter!, info);
    const rows = tf.util.sizeFromShape(info.outShape) / co;
    const biasOff = bias == null ? -1 : offsetOf(backend, bias);
    const epilogue = [offsetOf(backend, out), rows, co, biasOff, code, attrs.leakyreluAlpha ?? 0.2];
    addon.epilogue(heapOf(backend), Float64Array.from(epilogue));
    return out;
  };
  return { kernelName: tf.FusedConv2D, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc };
}

export function makeNativeConv2dBackpropInputConfig(original: tf.KernelConfig, addon: NativeAddon): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { dy, filter } = args.inputs as { dy: Info; filter: Info };
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (attrs.dataFormat === 'NCHW' || !nativeFriendly(dy, filter)) return original.kernelFunc(args);
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    if (!tf.util.arraysEqual(info.outShape, dy.shape)) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(info.inShape, 'float32');
    const call = [offsetOf(backend, dy), offsetOf(backend, filter), offsetOf(backend, out), ...geometry(info), weightsKey(filter)];
    addon.conv2dBackpropInput(heapOf(backend), Float64Array.from(call));
    return out;
  };
  return { kernelName: tf.Conv2DBackpropInput, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc };
}

export function makeNativeConv2dBackpropFilterConfig(original: tf.KernelConfig, addon: NativeAddon): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x, dy } = args.inputs as { x: Info; dy: Info };
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (attrs.dataFormat === 'NCHW' || !nativeFriendly(x, dy)) return original.kernelFunc(args);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    if (!tf.util.arraysEqual(info.outShape, dy.shape)) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(info.filterShape, 'float32');
    const call = [offsetOf(backend, x), offsetOf(backend, dy), offsetOf(backend, out), ...geometry(info)];
    addon.conv2dBackpropFilter(heapOf(backend), Float64Array.from(call));
    return out;
  };
  return { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc };
}
