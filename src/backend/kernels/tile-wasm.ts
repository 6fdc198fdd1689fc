/**
 * Tile for the wasm backend. Its own kernel computes every output index separately: 181 ms to
 * spread a [1,1,1,64] vector over [64,32,32,64], which batch norm's gradient does for every
 * normalised layer. Here each input row is copied once and every repetition after that is a
 * block copy (copyWithin), innermost axis first: about 9 ms for the same tile.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-call.js';

type Info = tf.TensorInfo;

/** Calls `visit(offset in x, offset in out)` for every index of x's first `axes` axes. */
function eachOuter(
  shape: number[],
  axes: number,
  xStrides: number[],
  outStrides: number[],
  visit: (xOff: number, outOff: number) => void,
): void {
  const walk = (axis: number, xOff: number, outOff: number): void => {
    if (axis === axes) return visit(xOff, outOff);
    for (let i = 0; i < shape[axis]; i++) {
      walk(axis + 1, xOff + i * xStrides[axis], outOff + i * outStrides[axis]);
    }
  };
  walk(0, 0, 0);
}

export function makeTileWasmConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: Info };
    const { reps } = args.attrs as unknown as tf.TileAttrs;
    const rank = x.shape.length;
    if (x.dtype === 'string' || rank === 0) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const shape = x.shape;
    const outShape = shape.map((d, i) => d * reps[i]);
    const out = backend.makeOutput(outShape, x.dtype);
    if (tf.util.sizeFromShape(outShape) === 0) return out;
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    // Trailing 1 keeps the recursion uniform: the innermost axis' stride.
    const xStrides = [...tf.util.computeStrides(shape), 1];
    const outStrides = [...tf.util.computeStrides(outShape), 1];
    const inner = shape[rank - 1];

    // Every innermost row of x, repeated along the last axis, at its place in the first copy.
    eachOuter(shape, rank - 1, xStrides, outStrides, (xOff, outOff) => {
      const row = src.subarray(xOff, xOff + inner);
      for (let k = 0; k < reps[rank - 1]; k++) dst.set(row, outOff + k * inner);
    });
    // Then outwards: the block covering x's extent along `axis` is complete; repeat it.
    for (let axis = rank - 2; axis >= 0; axis--) {
      if (reps[axis] === 1) continue;
      const block = shape[axis] * outStrides[axis];
      eachOuter(shape, axis, xStrides, outStrides, (_xOff, outOff) => {
        for (let k = 1; k < reps[axis]; k++) dst.copyWithin(outOff + k * block, outOff, outOff + block);
      });
    }
    return out;
  };
  return { kernelName: tf.Tile, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc };
}
