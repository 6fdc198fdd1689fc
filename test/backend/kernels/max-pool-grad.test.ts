import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

type Case = [x: number[], size: number, strides: number, pad: 'same' | 'valid', shift: number];

const CASES: Case[] = [
  [[2, 8, 8, 3], 2, 2, 'valid', 0],
  // Every window negative: wasm's own kernel routed no gradient at all here.
  [[2, 8, 8, 3], 2, 2, 'valid', -2],
  [[1, 7, 9, 2], 3, 2, 'same', -0.5],
  [[3, 6, 6, 4], 3, 1, 'same', 0],
];

describe('MaxPoolGrad on wasm', () => {
  for (const [shape, size, strides, pad, shift] of CASES) {
    it(`matches cpu for ${shape.join('×')}, window ${size}, stride ${strides}, ${pad}, inputs shifted by ${shift}`, async () => {
      await expectSameOnBoth(() => {
        const x = tf.tensor(values(shape, 1), shape).add(shift) as tf.Tensor4D;
        const outShape = tf.maxPool(x, size, strides, pad).shape;
        const weights = tf.tensor(values(outShape, 2), outShape);
        return tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(v as tf.Tensor4D, size, strides, pad), weights)))(x);
      });
    });
  }

  it('leaves no tensors or heap buffers behind', async () => {
    await expectNoLeak(() => tf.grad((v: tf.Tensor) => tf.sum(tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid')))(tf.ones([1, 4, 4, 2])));
  });
});
