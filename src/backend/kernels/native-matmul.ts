/**
 * BatchMatMul and _FusedMatMul for the wasm backend on OpenBLAS. wasm reaches XNNPACK only for
 * untransposed products with batch 1; every transposed product a gradient asks for (xᵀ·dy,
 * dy·wᵀ) falls to a scalar loop there.
 */
import * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './native-addon.js';
import { ACTIVATION_CODES } from './native-conv.js';
import { heapOf, nativeFriendly, offsetOf } from './native-heap.js';
import type { BackendWasm } from './wasm-call.js';

type Info = tf.TensorInfo;

/** a [..., M, K] · b [..., K, N] (either transposed), batch broadcast where one side has 1. */
function nativeMatMul(
  addon: NativeAddon,
  backend: BackendWasm,
  a: Info,
  b: Info,
  transposeA: boolean,
  transposeB: boolean,
): Info | null {
  if (a.shape.length < 2 || b.shape.length < 2 || !nativeFriendly(a, b)) return null;
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols];
  const [kb, n] = transposeB ? [bCols, bRows] : [bRows, bCols];
  if (k !== kb) return null;
  const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = tf.util.sizeFromShape(outBatch);
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  // Only whole-side broadcasting maps onto a fixed stride (0); mixed patterns stay on wasm.
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  const out = backend.makeOutput([...outBatch, m, n], 'float32');
  const args = [
    transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k,
    offsetOf(backend, a), offsetOf(backend, b), offsetOf(backend, out),
    batch, batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n, m * n,
  ];
  addon.gemm(heapOf(backend), Float64Array.from(args));
  return out;
}

export function makeNativeBatchMatMulConfig(original: tf.KernelConfig, addon: NativeAddon): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: Info; b: Info };
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    return nativeMatMul(addon, args.backend as BackendWasm, a, b, transposeA, transposeB) ?? original.kernelFunc(args);
  };
  return { kernelName: tf.BatchMatMul, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc };
}

export function makeNativeFusedMatMulConfig(original: tf.KernelConfig, addon: NativeAddon): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, Info | undefined>;
    const attrs = args.attrs as unknown as tf._FusedMatMulAttrs;
    const code = ACTIVATION_CODES[attrs.activation];
    const n = attrs.transposeB ? b!.shape[b!.shape.length - 2]! : b!.shape[b!.shape.length - 1]!;
    const simpleBias = bias == null || (nativeFriendly(bias) && tf.util.sizeFromShape(bias.shape) === n);
    if (code == null || preluActivationWeights != null || !simpleBias) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const out = nativeMatMul(addon, backend, a!, b!, attrs.transposeA, attrs.transposeB);
    if (out == null) return original.kernelFunc(args);
    const rows = tf.util.sizeFromShape(out.shape) / n;
    const biasOff = bias == null ? -1 : offsetOf(backend, bias);
    const epilogue = [offsetOf(backend, out), rows, n, biasOff, code, attrs.leakyreluAlpha ?? 0.2];
    addon.epilogue(heapOf(backend), Float64Array.from(epilogue));
    return out;
  };
  return { kernelName: tf._FusedMatMul, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc };
}
