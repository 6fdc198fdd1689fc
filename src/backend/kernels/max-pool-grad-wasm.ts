/**
 * MaxPoolGrad for the wasm backend. Its own kernel (tfjs-wasm 4.22) sends a window's gradient
 * to the window's first element whenever the window's maximum is negative, common after a
 * leakyRelu; this one matches the cpu backend: the first maximum (row-major) takes the dy.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-call.js';

type Info = tf.TensorInfo;

function maxPoolGradWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): Info {
  const backend = args.backend as BackendWasm;
  const { dy, input } = args.inputs as { dy: Info; input: Info };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const out = backend.makeOutput(input.shape, 'float32');
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const dx = backend.typedArrayFromHeap(out);
  dx.fill(0);
  let gi = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let i = 0; i < outHeight; i++) {
      const y0 = i * info.strideHeight - info.padInfo.top;
      for (let j = 0; j < outWidth; j++) {
        const x0 = j * info.strideWidth - info.padInfo.left;
        for (let ch = 0; ch < c; ch++, gi++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let p = Math.max(0, y0); p < Math.min(inHeight, y0 + info.filterHeight); p++) {
            for (let q = Math.max(0, x0); q < Math.min(inWidth, x0 + info.filterWidth); q++) {
              const k = ((b * inHeight + p) * inWidth + q) * c + ch;
              if (x[k] > best) {
                best = x[k];
                at = k;
              }
            }
          }
          if (at >= 0) dx[at] += g[gi];
        }
      }
    }
  }
  return out;
}

export const maxPoolGradWasmConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm,
};
