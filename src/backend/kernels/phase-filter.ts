/**
 * Filters for computing a strided conv's input gradient as stride-1 convs, one per output
 * phase (r, t) = (row mod s, column mod s). Phase (r, t) uses taps rr, rr + s, … and tt, tt + s, …
 * of W, flipped (the gradient is a correlation with the reversed kernel), with ci and co
 * trading places. Built by one JS pass over the heap: as tfjs kernels this took a pad, a
 * reverse and a rank-6 transpose.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-call.js';

type Info = tf.TensorInfo;

/** W [kh, kw, ci, co] → [ah, aw, co, ci] holding W[(ah−1−a)·sh + rr, (aw−1−b)·sw + tt, ci, co]. */
export function phaseFilter(
  backend: BackendWasm,
  w: Info,
  rr: number,
  tt: number,
  ah: number,
  aw: number,
  sh: number,
  sw: number,
): Info {
  const [, kw, ci, co] = w.shape;
  const out = backend.makeOutput([ah, aw, co, ci], 'float32');
  const src = backend.typedArrayFromHeap(w) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  let d = 0;
  for (let a = 0; a < ah; a++) {
    const p = (ah - 1 - a) * sh + rr;
    for (let b = 0; b < aw; b++) {
      const base = (p * kw + (aw - 1 - b) * sw + tt) * ci * co;
      for (let o = 0; o < co; o++) {
        for (let i = 0; i < ci; i++) dst[d++] = src[base + i * co + o];
      }
    }
  }
  return out;
}

/**
 * All phases side by side as output channels: W → [A, B, co, (sh, sw, ci)] with A = ⌈kh/sh⌉,
 * zero where a phase has fewer taps than A (or B).
 */
export function stackedPhaseFilter(backend: BackendWasm, w: Info, sh: number, sw: number): Info {
  const [kh, kw, ci, co] = w.shape;
  const ah = Math.ceil(kh / sh);
  const aw = Math.ceil(kw / sw);
  const out = backend.makeOutput([ah, aw, co, sh * sw * ci], 'float32');
  const src = backend.typedArrayFromHeap(w) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  let d = 0;
  for (let a = 0; a < ah; a++) {
    for (let b = 0; b < aw; b++) {
      for (let o = 0; o < co; o++) {
        for (let r = 0; r < sh; r++) {
          const p = (ah - 1 - a) * sh + r;
          for (let t = 0; t < sw; t++) {
            const q = (aw - 1 - b) * sw + t;
            if (p >= kh || q >= kw) {
              dst.fill(0, d, d + ci);
              d += ci;
              continue;
            }
            const base = (p * kw + q) * ci * co + o;
            for (let i = 0; i < ci; i++) dst[d++] = src[base + i * co];
          }
        }
      }
    }
  }
  return out;
}
