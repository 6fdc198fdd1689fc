import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];
type Case = [x: Shape4, filter: Shape4, strides: number | [number, number], pad: Pad];

/** Small patches (kh·kw·ci ≤ 100) take the im2col path, larger ones the dilated conv. */
const CASES: Case[] = [
  [[1, 5, 5, 1], [3, 3, 1, 2], 1, 'same'],
  [[3, 7, 9, 2], [3, 3, 2, 4], 2, 'same'],
  [[3, 7, 9, 2], [3, 3, 2, 4], 2, 'valid'],
  [[2, 8, 8, 3], [4, 4, 3, 5], 2, 'same'],
  [[1, 9, 9, 3], [4, 4, 3, 5], 2, 'valid'],
  [[3, 6, 6, 8], [1, 1, 8, 8], 1, 'valid'],
  [[3, 10, 11, 4], [5, 5, 4, 3], 2, 1],
  [[2, 8, 8, 3], [4, 4, 3, 5], 2, [[0, 0], [1, 2], [2, 1], [0, 0]]],
  [[2, 8, 7, 3], [2, 2, 3, 5], [2, 1], 'same'],
  [[3, 9, 9, 8], [4, 4, 8, 6], 2, 'same'],
  [[1, 11, 9, 8], [4, 4, 8, 3], 2, 'valid'],
  [[3, 7, 7, 7], [5, 5, 7, 4], 1, 'same'],
  [[2, 10, 10, 6], [3, 3, 6, 8], 2, 'valid'],
  [[3, 8, 8, 5], [4, 4, 5, 7], 2, [[0, 0], [0, 3], [2, 0], [0, 0]]],
];

function filterGrad([xShape, wShape, strides, pad]: Case): tf.Tensor {
  const x = tf.tensor(values(xShape, 1), xShape) as tf.Tensor4D;
  const w = tf.tensor(values(wShape, 2), wShape) as tf.Tensor4D;
  const out = tf.conv2d(x, w, strides, pad);
  const weights = tf.tensor(values(out.shape, 3), out.shape);
  return tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tf.Tensor4D, strides, pad), weights)))(w);
}

describe('Conv2DBackpropFilter on wasm', () => {
  for (const c of CASES) {
    it(`matches cpu for x ${c[0].join('×')}, filter ${c[1].join('×')}, stride ${c[2]}, pad ${JSON.stringify(c[3])}`, async () => {
      await expectSameOnBoth(() => filterGrad(c));
    });
  }

  it('matches cpu inside a fused conv2d with bias and leakyRelu', async () => {
    await expectSameOnBoth(() => {
      const x = tf.tensor(values([2, 8, 8, 4], 4), [2, 8, 8, 4]) as tf.Tensor4D;
      const w = tf.tensor(values([4, 4, 4, 6], 5), [4, 4, 4, 6]) as tf.Tensor4D;
      const b = tf.tensor(values([6], 6), [6]);
      const f = (filter: tf.Tensor) =>
        tf.sum(tf.fused.conv2d({ x, filter: filter as tf.Tensor4D, strides: 2, pad: 'same', bias: b, activation: 'leakyrelu', leakyreluAlpha: 0.2 }));
      return tf.grad(f)(w);
    });
  });

  it('gives the filter gradient of conv2dTranspose too', async () => {
    await expectSameOnBoth(() => {
      const x = tf.tensor(values([2, 4, 4, 8], 7), [2, 4, 4, 8]) as tf.Tensor4D;
      const w = tf.tensor(values([4, 4, 3, 8], 8), [4, 4, 3, 8]) as tf.Tensor4D;
      return tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2dTranspose(x, f as tf.Tensor4D, [2, 8, 8, 3], 2, 'same'))))(w);
    });
  });

  it('leaves no tensors or heap buffers behind on either path', async () => {
    await expectNoLeak(() => filterGrad(CASES[3]!));
    await expectNoLeak(() => filterGrad(CASES[9]!));
  });

  it('rejects NCHW, which wasm cannot run forward either', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 2, 4, 4]);
    const dy = tf.zeros([1, 2, 4, 4]);
    expect(() =>
      tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
        strides: 1,
        pad: 'same',
        dataFormat: 'NCHW',
        filterShape: [1, 1, 2, 2],
      }),
    ).toThrow(/NHWC/);
    tf.dispose([x, dy]);
  });
});
