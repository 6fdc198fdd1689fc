/** Where wasm tensors lie, for the native kernels that read and write them in place. */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-call.js';

/**
 * The heap as it is now: allocating a tensor may grow wasm memory and detach the old buffer,
 * so call this after the outputs are made, right before the native call.
 */
export function heapOf(backend: BackendWasm): ArrayBuffer {
  // Emscripten's module type (HEAPU8 among it) is not part of tfjs-backend-wasm's typings.
  return (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer as ArrayBuffer;
}

/** Byte offset of a tensor's data in the heap. */
export function offsetOf(backend: BackendWasm, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId)!.memoryOffset;
}

/** Float32 and not empty: what the native kernels take; anything else goes to wasm. */
export function nativeFriendly(...infos: tf.TensorInfo[]): boolean {
  return infos.every((t) => t.dtype === 'float32' && t.shape.every((d) => d > 0));
}
