/**
 * Calls the wasm backend's own kernels on TensorInfos, below the engine: nothing is taped, and
 * every intermediate is freed by hand, so our composite kernels leave no tensors behind.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };
type Info = tf.TensorInfo;

function runWasmKernel(
  name: string,
  backend: BackendWasm,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): Info {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel == null) throw new Error(`wasm backend has no '${name}' kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as Info;
}

/** Drops our reference; views made by Reshape share the data and are counted like tensors. */
export function release(backend: BackendWasm, ...infos: Info[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export function transpose(backend: BackendWasm, x: Info, perm: number[]): Info {
  return runWasmKernel('Transpose', backend, { x }, { perm });
}

export function reshape(backend: BackendWasm, x: Info, shape: number[]): Info {
  return runWasmKernel('Reshape', backend, { x }, { shape });
}

export function slice(backend: BackendWasm, x: Info, begin: number[], size: number[]): Info {
  return runWasmKernel('Slice', backend, { x }, { begin, size });
}

/**
 * a [M, K] × b [K, N]. Only untransposed 2-D products reach XNNPACK's GEMM in wasm; the rest
 * fall to a scalar loop. wasm caches b's packed form under b's tensor id alone, so b must not
 * appear elsewhere as a matmul weight reshaped to other dimensions.
 */
export function matMul(backend: BackendWasm, a: Info, b: Info): Info {
  return runWasmKernel('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false });
}

/** Stride-1 NHWC conv on XNNPACK; padding is explicit, dilation as given. */
export function conv2d(
  backend: BackendWasm,
  x: Info,
  filter: Info,
  dilations: [number, number],
  pad: tf.backend_util.ExplicitPadding,
): Info {
  return runWasmKernel('Conv2D', backend, { x, filter }, { strides: [1, 1], pad, dilations, dataFormat: 'NHWC' });
}
