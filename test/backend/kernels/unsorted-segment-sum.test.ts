import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

describe('UnsortedSegmentSum on wasm', () => {
  it('sums rows into segments, repeated and out-of-range ids included', async () => {
    await expectSameOnBoth(() => {
      const x = tf.tensor(values([6, 3, 2], 1), [6, 3, 2]);
      return tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 4, 1, 0], 'int32'), 4);
    });
  });

  it('sums int32 data', async () => {
    await tf.setBackend('wasm');
    const out = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4], 'int32'), tf.tensor1d([1, 1, 0, 1], 'int32'), 2);
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([3, 7]);
    out.dispose();
  });

  it('gives tf.gather (an embedding lookup) its gradient', async () => {
    for (const axis of [0, 1]) {
      await expectSameOnBoth(() => {
        const table = tf.tensor(values([5, 4], 2), [5, 4]);
        const ids = tf.tensor2d([[0, 3], [3, 1], [2, 0]], [3, 2], 'int32');
        const weights = tf.tensor(values(tf.gather(table, ids, axis).shape, 3), tf.gather(table, ids, axis).shape);
        return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids, axis), weights)))(table);
      });
    }
  });

  it('leaves no tensors or heap buffers behind', async () => {
    await expectNoLeak(() => tf.unsortedSegmentSum(tf.ones([4, 3]), tf.tensor1d([0, 1, 0, 2], 'int32'), 3));
  });
});
