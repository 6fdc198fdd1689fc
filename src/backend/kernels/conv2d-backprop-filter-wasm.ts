/**
 * Conv2DBackpropFilter for the wasm backend, which ships without it (tfjs#8474), so gradients
 * through tf.conv2d fail there. The filter gradient is
 *   dW[p, q, ci, co] = Σ_{n,i,j} x[n, i·s + p − top, j·s + q − left, ci] · dy[n, i, j, co]
 * computed one of two ways, both on XNNPACK:
 * - as a convolution once batch and channels trade places: x as [ci, H, W, n] convolved with
 *   dy as a [oh, ow, n, co] filter, stride 1, dilation s, gives [ci, kh, kw, co];
 * - as one GEMM of x's patches [(kh, kw, ci), (n, oh, ow)] with dy [(n, oh, ow), co].
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-call.js';
import { conv2d, matMul, release, reshape, slice, transpose } from './wasm-call.js';

type Info = tf.TensorInfo;

/**
 * Patch sizes (kh·kw·ci) up to this go through im2col: the dilated conv then has only that
 * many output pixels per step and runs XNNPACK poorly, while the patch matrix stays small.
 * Measured (batch 64): 4×4 s2 on 64×64×3 28 vs 61 ms, 3×3 s1 on 32×32×8 39 vs 81 ms; from
 * 4×4×8 = 128 on the dilated conv wins (85 vs 97 ms, and 212 vs 329 ms at 4×4×64).
 */
const IM2COL_MAX_PATCH = 100;

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
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  return patch <= IM2COL_MAX_PATCH
    ? im2colFilterGrad(backend, x, dy, info)
    : dilatedConvFilterGrad(backend, x, dy, info);
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

/** x [b, H, W, ci] → patches [(kh, kw, ci), (b, oh, ow)], zero where the window is padding. */
function im2colT(backend: BackendWasm, x: Info, info: tf.backend_util.Conv2DInfo): Info {
  const [n, inH, inW, ci] = x.shape;
  const { filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const out = backend.makeOutput([kh * kw * ci, n * oh * ow], 'float32');
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  let d = 0;
  for (let p = 0; p < kh; p++) {
    for (let q = 0; q < kw; q++) {
      for (let c = 0; c < ci; c++) {
        for (let b = 0; b < n; b++) {
          for (let i = 0; i < oh; i++) {
            const y = i * sh + p - top;
            if (y < 0 || y >= inH) {
              dst.fill(0, d, d + ow);
              d += ow;
              continue;
            }
            const row = (b * inH + y) * inW;
            for (let j = 0; j < ow; j++) {
              const col = j * sw + q - left;
              dst[d++] = col < 0 || col >= inW ? 0 : src[(row + col) * ci + c];
            }
          }
        }
      }
    }
  }
  return out;
}

/** One GEMM: patches [(kh, kw, ci), P] × dy [P, co], P = b·oh·ow, is dW laid out as is. */
function im2colFilterGrad(
  backend: BackendWasm,
  x: Info,
  dy: Info,
  info: tf.backend_util.Conv2DInfo,
): Info {
  const [kh, kw, ci, co] = info.filterShape;
  const cols = im2colT(backend, x, info);
  const dy2 = reshape(backend, dy, [cols.shape[1], co]);
  const prod = matMul(backend, cols, dy2);
  const out = reshape(backend, prod, [kh, kw, ci, co]);
  release(backend, cols, dy2, prod);
  return out;
}

export const conv2dBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm,
};
