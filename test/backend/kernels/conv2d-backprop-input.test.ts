import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];
type Case = [x: Shape4, filter: Shape4, strides: number | [number, number], pad: Pad];

/** Fewer than 16 input channels take the stacked-phase conv, the rest one conv per phase. */
const CASES: Case[] = [
  [[1, 5, 5, 1], [3, 3, 1, 2], 1, 'same'],
  [[3, 7, 9, 2], [3, 3, 2, 4], 2, 'same'],
  [[3, 7, 9, 2], [3, 3, 2, 4], 2, 'valid'],
  [[2, 8, 8, 3], [4, 4, 3, 5], 2, 'same'],
  [[2, 9, 9, 3], [4, 4, 3, 5], 2, 'valid'],
  [[3, 10, 11, 4], [5, 5, 4, 3], 2, 1],
  [[2, 8, 8, 3], [4, 4, 3, 5], 2, [[0, 0], [1, 2], [2, 1], [0, 0]]],
  [[2, 8, 8, 3], [2, 2, 3, 5], [2, 1], 'same'],
  [[2, 9, 7, 3], [5, 5, 3, 2], [3, 2], 'valid'],
  [[2, 8, 8, 3], [1, 1, 3, 8], 3, 'valid'],
  [[2, 8, 8, 16], [4, 4, 16, 5], 2, 'same'],
  [[3, 9, 7, 17], [5, 5, 17, 4], [3, 2], 'valid'],
  [[2, 8, 8, 20], [2, 2, 20, 5], 2, [[0, 0], [3, 3], [0, 4], [0, 0]]],
  [[2, 7, 7, 16], [3, 3, 16, 8], 1, 'same'],
  [[1, 7, 7, 16], [3, 3, 16, 8], 1, 'valid'],
  [[2, 8, 8, 16], [1, 1, 16, 8], 3, 'valid'],
  [[1, 4, 4, 32], [4, 4, 32, 64], 2, 'same'],
];

function inputGrad([xShape, wShape, strides, pad]: Case): tf.Tensor {
  const x = tf.tensor(values(xShape, 1), xShape) as tf.Tensor4D;
  const w = tf.tensor(values(wShape, 2), wShape) as tf.Tensor4D;
  const out = tf.conv2d(x, w, strides, pad);
  const weights = tf.tensor(values(out.shape, 3), out.shape);
  return tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(v as tf.Tensor4D, w, strides, pad), weights)))(x);
}

describe('Conv2DBackpropInput on wasm', () => {
  for (const c of CASES) {
    it(`matches cpu for x ${c[0].join('×')}, filter ${c[1].join('×')}, stride ${c[2]}, pad ${JSON.stringify(c[3])}`, async () => {
      await expectSameOnBoth(() => inputGrad(c));
    });
  }

  it('runs conv2dTranspose forward as the cpu backend does', async () => {
    for (const [cout, cin] of [[3, 64], [32, 16]] as const) {
      await expectSameOnBoth(() => {
        const x = tf.tensor(values([2, 4, 4, cin], 4), [2, 4, 4, cin]) as tf.Tensor4D;
        const w = tf.tensor(values([4, 4, cout, cin], 5), [4, 4, cout, cin]) as tf.Tensor4D;
        return tf.conv2dTranspose(x, w, [2, 8, 8, cout], 2, 'same');
      });
    }
  });

  it('leaves no tensors or heap buffers behind on either path', async () => {
    await expectNoLeak(() => inputGrad(CASES[3]!));
    await expectNoLeak(() => inputGrad(CASES[10]!));
    await expectNoLeak(() => inputGrad(CASES[13]!));
  });

  it('still serves NCHW through the original kernel', async () => {
    await tf.setBackend('wasm');
    const dy = tf.tensor(values([1, 2, 3, 3], 6), [1, 2, 3, 3]);
    const filter = tf.tensor(values([3, 3, 2, 2], 7), [3, 3, 2, 2]);
    const dx = tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, {
      strides: 1,
      pad: 'same',
      dataFormat: 'NCHW',
      inputShape: [1, 2, 3, 3],
    }) as tf.Tensor;
    expect(dx.shape).toEqual([1, 2, 3, 3]);
    tf.dispose([dy, filter, dx]);
  });
});
