import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

const SHAPE = [4, 3, 5, 6];

describe('Sum and Mean on wasm', () => {
  for (const axis of [[0, 1, 2], [0], [1, 0], [0, 1, 2, 3], [3], [1, 2], -1]) {
    for (const keepDims of [false, true]) {
      it(`match cpu over axes ${JSON.stringify(axis)}${keepDims ? ', dims kept' : ''}`, async () => {
        await expectSameOnBoth(() => {
          const x = tf.tensor(values(SHAPE, 1), SHAPE);
          return [tf.sum(x, axis, keepDims), tf.mean(x, axis, keepDims)];
        }, 1e-6);
      });
    }
  }

  it('keep int32 sums exact', async () => {
    await tf.setBackend('wasm');
    const s = tf.sum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(s.dataSync())).toEqual([9, 12]);
    s.dispose();
  });

  it('give moments as the cpu backend does', async () => {
    await expectSameOnBoth(() => {
      const { mean, variance } = tf.moments(tf.tensor(values(SHAPE, 2), SHAPE), [0, 1, 2]);
      return [mean, variance];
    }, 1e-6);
  });

  it('leave no tensors or heap buffers behind', async () => {
    await expectNoLeak(() => tf.add(tf.sum(tf.ones(SHAPE), [0, 1, 2]), tf.mean(tf.ones(SHAPE), [0, 1], true)));
  });
});
