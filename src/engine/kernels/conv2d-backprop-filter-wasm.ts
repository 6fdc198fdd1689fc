/**
 * Conv2DBackpropFilter for the wasm backend, which ships without it (tfjs#8474), so gradients
 * through tf.conv2d fail there. The filter gradient
 *   dW[p, q, ci, co] = Σ_{n,i,j} x[n, i·s + p − top, j·s + q − left, ci] · dy[n, i, j, co]
 * is itself a convolution once batch and channels trade places: x as [ci, H, W, n] convolved
 * with dy as a [oh, ow, n, co] filter, stride 1, dilation s, gives [ci, kh, kw, co]. That runs
 * on wasm's XNNPACK Conv2D.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-call.js';
import { conv2d, release, slice, transpose } from './wasm-call.js';

type Info = tf.TensorInfo;

export function conv2dBackpropFilterWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): Info {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') {
    throw new Error("wasm Conv2DBackpropFilter supports only dataFormat 'NHWC'");
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return dilatedConvFilterGrad(backend, x, dy, info);
}

/** [b, H, W, ci] ⊛ [b, oh, ow, co] → [kh, kw, ci, co] via one stride-1 dilated conv. */
function dilatedConvFilterGrad(
  backend: BackendWasm,
  x: Info,
  dy: Info,
  info: tf.backend_util.Conv2DInfo,
): Info {
  const [batch, inH, inW, inC] = x.shape;
  const { top, left } = info.padInfo;
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  // Rows the forward conv read past the input's end; negative when it never reached the last
  // rows (valid padding with a stride), which are then cropped instead of padded.
  const bottom = (info.outHeight - 1) * sh + info.filterHeight - top - inH;
  const right = (info.outWidth - 1) * sw + info.filterWidth - left - inW;

  let xt = transpose(backend, x, [3, 1, 2, 0]); // [ci, H, W, b]
  if (bottom < 0 || right < 0) {
    const cropped = slice(backend, xt, [0, 0, 0, 0], [
      inC,
      inH + Math.min(bottom, 0),
      inW + Math.min(right, 0),
      batch,
    ]);
    release(backend, xt);
    xt = cropped;
  }
  const dyt = transpose(backend, dy, [1, 2, 0, 3]); // [oh, ow, b, co]
  const grad = conv2d(backend, xt, dyt, [sh, sw], [
    [0, 0],
    [top, Math.max(bottom, 0)],
    [left, Math.max(right, 0)],
    [0, 0],
  ]); // [ci, kh, kw, co]
  const out = transpose(backend, grad, [1, 2, 0, 3]); // [kh, kw, ci, co]
  release(backend, xt, dyt, grad);
  return out;
}

export const conv2dBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm,
};
