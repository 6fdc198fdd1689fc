import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

const CASES: Array<[shape: number[], reps: number[]]> = [
  [[1, 1, 1, 5], [3, 4, 2, 1]],
  [[2, 3], [2, 3]],
  [[3], [4]],
  [[2, 1, 3, 2], [1, 3, 1, 2]],
  [[2, 2, 2], [1, 1, 1]],
  [[1, 2, 1, 3, 1], [2, 1, 3, 1, 2]],
];

describe('Tile on wasm', () => {
  for (const [shape, reps] of CASES) {
    it(`matches cpu for ${shape.join('×')} tiled ${reps.join('×')}`, async () => {
      await expectSameOnBoth(() => tf.tile(tf.tensor(values(shape, 1), shape), reps), 0);
    });
  }

  it('tiles int32 and bool data', async () => {
    await tf.setBackend('wasm');
    const ints = tf.tile(tf.tensor2d([[1, 2]], [1, 2], 'int32'), [2, 2]);
    expect(ints.arraySync()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
    const bools = tf.tile(tf.tensor1d([true, false], 'bool'), [2]);
    expect(Array.from(bools.dataSync())).toEqual([1, 0, 1, 0]);
    tf.dispose([ints, bools]);
  });

  it('gives batch norm its gradient as the cpu backend does', async () => {
    await expectSameOnBoth(() => {
      const x = tf.tensor(values([4, 3, 3, 5], 2), [4, 3, 3, 5]);
      const offset = tf.tensor(values([5], 3), [5]);
      const scale = tf.tensor(values([5], 4), [5]);
      const weights = tf.tensor(values([4, 3, 3, 5], 5), [4, 3, 3, 5]);
      const f = (v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) => {
        const { mean, variance } = tf.moments(v, [0, 1, 2]);
        return tf.sum(tf.mul(tf.batchNorm(v, mean, variance, o, s, 1e-3), weights));
      };
      return tf.grads(f)([x, offset, scale]);
    });
  });

  it('leaves no tensors or heap buffers behind', async () => {
    await expectNoLeak(() => tf.tile(tf.ones([1, 1, 1, 4]), [2, 3, 3, 1]));
  });
});
