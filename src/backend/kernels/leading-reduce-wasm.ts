/**
 * Sum and Mean over leading axes for the wasm backend: per-channel statistics of NHWC tensors,
 * as batch norm and its gradient take them several times per layer. wasm's kernels first
 * transpose the reduced axes innermost (32 ms for [64,32,32,64] over [0,1,2]); summing rows
 * into one accumulator per trailing element reads the data once, in order (about 9 ms).
 * With the native addon the sum runs there, on every core. Other axes and non-float data go to
 * the original kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from './native-addon.js';
import { heapOf, offsetOf } from './native-heap.js';
import type { BackendWasm } from './wasm-call.js';

type Info = tf.TensorInfo;

/** How many leading axes `axis` names, or -1 unless they are exactly 0..k−1 with k < rank. */
function leadingCount(axis: number | number[], shape: number[]): number {
  const axes = [...tf.util.parseAxisParam(axis, shape)].sort((a, b) => a - b);
  if (axes.length === 0 || axes.length >= shape.length) return -1;
  return axes.every((a, i) => a === i) ? axes.length : -1;
}

function reduceLeading(backend: BackendWasm, x: Info, k: number, keepDims: boolean, mean: boolean): Info {
  const rows = tf.util.sizeFromShape(x.shape.slice(0, k));
  const cols = tf.util.sizeFromShape(x.shape.slice(k));
  const outShape = keepDims ? x.shape.map((d, i) => (i < k ? 1 : d)) : x.shape.slice(k);
  const out = backend.makeOutput(outShape, 'float32');
  const addon = nativeAddon();
  if (addon) {
    addon.columnSums(heapOf(backend), Float64Array.from([offsetOf(backend, x), offsetOf(backend, out), rows, cols]));
    if (mean) {
      const dst = backend.typedArrayFromHeap(out) as Float32Array;
      for (let c = 0; c < cols; c++) dst[c] = dst[c]! / rows;
    }
    return out;
  }
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const acc = new Float64Array(cols);
  for (let r = 0, s = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) acc[c] += src[s++];
  }
  const scale = mean ? 1 / rows : 1;
  for (let c = 0; c < cols; c++) dst[c] = acc[c] * scale;
  return out;
}

function makeConfig(kernelName: string, mean: boolean) {
  return (original: tf.KernelConfig): tf.KernelConfig => {
    const kernelFunc: tf.KernelFunc = (args) => {
      const { x } = args.inputs as { x: Info };
      const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
      const k = x.dtype === 'float32' ? leadingCount(axis, x.shape) : -1;
      if (k < 0 || tf.util.sizeFromShape(x.shape) === 0) return original.kernelFunc(args);
      return reduceLeading(args.backend as BackendWasm, x, k, keepDims, mean);
    };
    return { kernelName, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc };
  };
}

export const makeSumWasmConfig = makeConfig(tf.Sum, false);
export const makeMeanWasmConfig = makeConfig(tf.Mean, true);
