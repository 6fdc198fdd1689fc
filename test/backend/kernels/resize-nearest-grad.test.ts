import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { expectClose, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

type Case = [input: [number, number, number, number], size: [number, number], alignCorners: boolean];

const CASES: Case[] = [
  [[3, 4, 4, 2], [8, 8], false],
  [[2, 3, 5, 1], [7, 4], false],
  [[2, 3, 5, 2], [7, 9], true],
];

/** Each output pixel's gradient goes back to the input pixel it was copied from. */
function routed([shape, [outH, outW], alignCorners]: Case, dy: Float32Array): Float32Array {
  const [n, h, w, c] = shape;
  const pick = (i: number, inSize: number, outSize: number) => {
    const aligned = alignCorners && outSize > 1;
    const frac = (i * (aligned ? inSize - 1 : inSize)) / (aligned ? outSize - 1 : outSize);
    return Math.min(inSize - 1, aligned ? Math.round(frac) : Math.floor(frac));
  };
  const dx = new Float32Array(n * h * w * c);
  let s = 0;
  for (let b = 0; b < n; b++)
    for (let y = 0; y < outH; y++)
      for (let x = 0; x < outW; x++)
        for (let k = 0; k < c; k++) dx[((b * h + pick(y, h, outH)) * w + pick(x, w, outW)) * c + k] += dy[s++]!;
  return dx;
}

function grad([shape, size, alignCorners]: Case): tf.Tensor {
  const x = tf.tensor(values(shape, 1), shape) as tf.Tensor4D;
  const outShape = [shape[0], size[0], size[1], shape[3]];
  const weights = tf.tensor(values(outShape, 2), outShape);
  const f = (v: tf.Tensor) =>
    tf.sum(tf.mul(tf.image.resizeNearestNeighbor(v as tf.Tensor4D, size, alignCorners), weights));
  return tf.grad(f)(x);
}

describe('ResizeNearestNeighborGrad', () => {
  for (const c of CASES) {
    const label = `${c[0].join('×')} → ${c[1].join('×')}${c[2] ? ', corners aligned' : ''}`;
    it(`on cpu routes every image's gradient back to that image (${label})`, async () => {
      await tf.setBackend('cpu');
      const outShape = [c[0][0], c[1][0], c[1][1], c[0][3]];
      const dx = tf.tidy(() => grad(c));
      expectClose(dx.dataSync() as Float32Array, routed(c, values(outShape, 2)), 1e-6);
      dx.dispose();
    });

    it(`agrees between cpu and wasm (${label})`, async () => {
      await expectSameOnBoth(() => grad(c));
    });
  }
});
