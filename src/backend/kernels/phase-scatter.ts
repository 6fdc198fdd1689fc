/**
 * Plain-JS copies on the wasm heap that interleave stride phases into a [b, H, W, c] image.
 * wasm's DepthToSpace and rank-6 Transpose move only ~30M floats/s (on a 2-core machine),
 * slower than the convolutions they serve; these loops copy each element once.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-call.js';

type Info = tf.TensorInfo;

function heap(backend: BackendWasm, info: Info): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** One phase [b, hr, wr, c] → out[:, r + u·sh, t + v·sw, :]. Views are taken after allocation. */
export function scatterPhase(
  backend: BackendWasm,
  phase: Info,
  out: Info,
  r: number,
  t: number,
  sh: number,
  sw: number,
): void {
  const [n, hr, wr, c] = phase.shape;
  const [, h, w] = out.shape;
  const src = heap(backend, phase);
  const dst = heap(backend, out);
  const step = sw * c;
  let s = 0;
  for (let b = 0; b < n; b++) {
    for (let u = 0; u < hr; u++) {
      let d = ((b * h + r + u * sh) * w + t) * c;
      for (let v = 0; v < wr; v++, d += step) {
        for (let k = 0; k < c; k++) dst[d + k] = src[s++];
      }
    }
  }
}

/**
 * All phases as channels [b, U, V, (sh, sw, c)] → out[b, y, x, :] read at
 * (y + top) = u·sh + r, (x + left) = v·sw + t: interleave and crop in one pass.
 */
export function gatherPhases(
  backend: BackendWasm,
  phases: Info,
  out: Info,
  sh: number,
  sw: number,
  top: number,
  left: number,
): void {
  const [, uSize, vSize] = phases.shape;
  const [n, h, w, c] = out.shape;
  const src = heap(backend, phases);
  const dst = heap(backend, out);
  let d = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      const u = Math.floor((y + top) / sh);
      const r = (y + top) % sh;
      const rowBase = (b * uSize + u) * vSize;
      for (let x = 0; x < w; x++) {
        const v = Math.floor((x + left) / sw);
        const t = (x + left) % sw;
        let s = (((rowBase + v) * sh + r) * sw + t) * c;
        for (let k = 0; k < c; k++) dst[d++] = src[s++];
      }
    }
  }
}
