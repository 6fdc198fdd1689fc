/**
 * Calls the wasm backend's own kernels on TensorInfos, below the engine: nothing is taped, and
 * every intermediate is freed by hand, so our composite kernels leave no tensors behind.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };
type Info = tf.TensorInfo;

export function runWasmKernel(
  name: string,
  backend: BackendWasm,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
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

export function pad(backend: BackendWasm, x: Info, paddings: Array<[number, number]>): Info {
  return runWasmKernel('PadV2', backend, { x }, { paddings, constantValue: 0 });
}

export function concat(backend: BackendWasm, tensors: Info[], axis: number): Info {
  return runWasmKernel('Concat', backend, tensors as unknown as tf.NamedTensorInfoMap, { axis });
}

export function reverse(backend: BackendWasm, x: Info, dims: number[]): Info {
  return runWasmKernel('Reverse', backend, { x }, { dims });
}

/** NHWC: [b, h, w, (r, t, c)] → [b, h·s + r, w·s + t, c]. */
export function depthToSpace(backend: BackendWasm, x: Info, blockSize: number): Info {
  return runWasmKernel('DepthToSpace', backend, { x }, { blockSize, dataFormat: 'NHWC' });
}

/** Untransposed 2-D products with batch 1 are the only ones wasm hands to XNNPACK's GEMM. */
export function matMul(backend: BackendWasm, a: Info, b: Info): Info {
  return runWasmKernel('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false });
}

export function conv2d(
  backend: BackendWasm,
  x: Info,
  filter: Info,
  dilations: [number, number],
  pad: tf.backend_util.ExplicitPadding,
): Info {
  return runWasmKernel(
    'Conv2D',
    backend,
    { x, filter },
    { strides: [1, 1], pad, dilations, dataFormat: 'NHWC', dimRoundingMode: undefined as never },
  );
}
