/**
 * Conv2DBackpropInput (the input gradient of conv2d, and the forward pass of conv2dTranspose)
 * for the wasm backend. Its own kernel is a scalar loop that runs 7–9× slower than the forward
 * conv on the DCGAN's 4×4 stride-2 layers; this one runs on XNNPACK's Conv2D instead.
 *
 * With stride s, output rows split into phases by remainder r = row mod s, and each phase is a
 * stride-1 correlation of dy with a flipped slice of W (see phase-filter.ts):
 *   dx[n, u·s + r, …] = Σ_a dy[n, first_r + u + a, …] · W[(taps_r − 1 − a)·s + rr, …]
 */
import * as tf from '@tensorflow/tfjs';
import { phaseFilter, stackedPhaseFilter } from './phase-filter.js';
import { gatherPhases, scatterPhase } from './phase-scatter.js';
import type { BackendWasm } from './wasm-call.js';
import { conv2d, release, slice } from './wasm-call.js';

type Info = tf.TensorInfo;

/**
 * Below this many input channels one conv computing all phases as channels beats one thin
 * conv per phase (XNNPACK wastes SIMD lanes on narrow outputs): 20 vs 41 ms on [64,64,64,3].
 */
const STACK_BELOW_CHANNELS = 16;

/** Along one axis: which output positions a phase covers and which dy positions feed it. */
interface AxisPhase {
  /** Output positions r, r + s, … inside the input. */
  count: number;
  /** First filter tap (taps rr, rr + s, …) and how many there are. */
  rr: number;
  taps: number;
  /** dy positions [start, end) read, and zeros needed before/after them. */
  start: number;
  end: number;
  padBefore: number;
  padAfter: number;
}

function axisPhase(
  r: number,
  s: number,
  size: number,
  pad: number,
  k: number,
  dySize: number,
): AxisPhase {
  const count = Math.ceil((size - r) / s);
  const rr = (r + pad) % s;
  const taps = Math.max(0, Math.ceil((k - rr) / s));
  const first = Math.floor((r + pad) / s) - taps + 1;
  const last = first + count + taps - 1;
  return {
    count,
    rr,
    taps,
    start: Math.max(0, first),
    end: Math.min(dySize, last),
    padBefore: Math.max(0, -first),
    padAfter: Math.max(0, last - dySize),
  };
}

function cropped(backend: BackendWasm, dy: Info, rows: AxisPhase, cols: AxisPhase): Info {
  const [n, oh, ow, co] = dy.shape;
  if (rows.start === 0 && rows.end === oh && cols.start === 0 && cols.end === ow) return dy;
  return slice(backend, dy, [0, rows.start, cols.start, 0], [
    n,
    rows.end - rows.start,
    cols.end - cols.start,
    co,
  ]);
}

/** The stride-1 conv for one phase: [n, rows.count, cols.count, ci]. */
function convPhase(
  backend: BackendWasm,
  dy: Info,
  w: Info,
  rows: AxisPhase,
  cols: AxisPhase,
  sh: number,
  sw: number,
): Info {
  const src = cropped(backend, dy, rows, cols);
  const f = phaseFilter(backend, w, rows.rr, cols.rr, rows.taps, cols.taps, sh, sw);
  const phase = conv2d(backend, src, f, [1, 1], [
    [0, 0],
    [rows.padBefore, rows.padAfter],
    [cols.padBefore, cols.padAfter],
    [0, 0],
  ]);
  release(backend, f, ...(src === dy ? [] : [src]));
  return phase;
}

const live = (p: AxisPhase) => p.count > 0 && p.taps > 0 && p.end > p.start;

/** One stride-1 conv per phase, each written straight into its rows and columns of dx. */
function perPhase(backend: BackendWasm, dy: Info, w: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const rowPhases = Array.from({ length: sh }, (_, r) =>
    axisPhase(r, sh, info.inHeight, padInfo.top, info.filterHeight, info.outHeight),
  );
  const colPhases = Array.from({ length: sw }, (_, t) =>
    axisPhase(t, sw, info.inWidth, padInfo.left, info.filterWidth, info.outWidth),
  );
  const allLive = rowPhases.every(live) && colPhases.every(live);
  // Stride 1: the single phase is dx itself.
  if (sh * sw === 1 && allLive) return convPhase(backend, dy, w, rowPhases[0]!, colPhases[0]!, 1, 1);

  const out = backend.makeOutput(info.inShape, 'float32');
  // Rows or columns that no dy position reaches stay zero.
  if (!allLive) (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  for (const [r, rows] of rowPhases.entries()) {
    for (const [t, cols] of colPhases.entries()) {
      if (!live(rows) || !live(cols)) continue;
      const phase = convPhase(backend, dy, w, rows, cols, sh, sw);
      scatterPhase(backend, phase, out, r, t, sh, sw);
      release(backend, phase);
    }
  }
  return out;
}

/** One conv whose output channels are (r, t, ci), over phase rows covering the padded input. */
function stacked(backend: BackendWasm, dy: Info, w: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const [n, oh, ow, co] = dy.shape;
  const ah = Math.ceil(info.filterHeight / sh);
  const aw = Math.ceil(info.filterWidth / sw);
  const u = Math.ceil((padInfo.top + info.inHeight) / sh);
  const v = Math.ceil((padInfo.left + info.inWidth) / sw);
  const usedH = Math.min(u, oh);
  const usedW = Math.min(v, ow);
  // dy rows past u only reach input rows inside the bottom padding.
  const src = usedH < oh || usedW < ow ? slice(backend, dy, [0, 0, 0, 0], [n, usedH, usedW, co]) : dy;
  const f = stackedPhaseFilter(backend, w, sh, sw);
  const phases = conv2d(backend, src, f, [1, 1], [
    [0, 0],
    [ah - 1, u - usedH],
    [aw - 1, v - usedW],
    [0, 0],
  ]); // [n, U, V, sh·sw·ci]
  const out = backend.makeOutput(info.inShape, 'float32');
  gatherPhases(backend, phases, out, sh, sw, padInfo.top, padInfo.left);
  release(backend, f, phases, ...(src === dy ? [] : [src]));
  return out;
}

/**
 * Takes over wasm's kernel; `original` still serves what ours does not cover (NCHW), and its
 * setup must keep running for that.
 */
export function makeConv2dBackpropInputWasmConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (attrs.dataFormat === 'NCHW') return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const { dy, filter } = args.inputs as { dy: Info; filter: Info };
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const strided = info.strideHeight * info.strideWidth > 1;
    return strided && info.inChannels < STACK_BELOW_CHANNELS
      ? stacked(backend, dy, filter, info)
      : perPhase(backend, dy, filter, info);
  };
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc,
  };
}
