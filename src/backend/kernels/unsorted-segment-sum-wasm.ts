/**
 * UnsortedSegmentSum for the wasm backend, which lacks it. tf.gather's gradient is built on it,
 * so without it nothing trains through an embedding (ACGAN's class-conditioned inputs).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-call.js';

type Info = tf.TensorInfo;

function unsortedSegmentSumWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): Info {
  const backend = args.backend as BackendWasm;
  const { x, segmentIds } = args.inputs as { x: Info; segmentIds: Info };
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  // Each id picks a row of x: everything after the ids' own dims.
  const inner = tf.util.sizeFromShape(x.shape.slice(segmentIds.shape.length));
  const count = tf.util.sizeFromShape(segmentIds.shape);
  const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  const dst = backend.typedArrayFromHeap(out);
  dst.fill(0);
  for (let i = 0; i < count; i++) {
    const seg = ids[i];
    // Out-of-range ids are dropped, as in TensorFlow.
    if (seg < 0 || seg >= numSegments) continue;
    const s = i * inner;
    const d = seg * inner;
    for (let k = 0; k < inner; k++) dst[d + k] += src[s + k];
  }
  return out;
}

export const unsortedSegmentSumWasmConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm,
};
