import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

/**
 * WGAN-GP: the gradient, with respect to D's weights, of (‖∇ₓD(x)‖ − 1)² for a critic
 * conv (stride 2) → leakyRelu → dense. Needs Conv2DBackpropFilter inside a second-order
 * gradient and a gradient for `greater` (inside leakyRelu's gradient).
 */
function penaltyGrads(fused: boolean): tf.Tensor[] {
  const x = tf.tensor(values([3, 8, 8, 3], 1), [3, 8, 8, 3]) as tf.Tensor4D;
  const w1 = tf.tensor(values([4, 4, 3, 8], 2), [4, 4, 3, 8]) as tf.Tensor4D;
  const b1 = tf.tensor(values([8], 3), [8]) as tf.Tensor1D;
  const w2 = tf.tensor(values([128, 1], 4), [128, 1]) as tf.Tensor2D;
  const critic = (v: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, d: tf.Tensor2D) => {
    const h = fused
      ? tf.fused.conv2d({ x: v, filter: w, strides: 2, pad: 'same', bias: b, activation: 'leakyrelu', leakyreluAlpha: 0.2 })
      : tf.leakyRelu(tf.add(tf.conv2d(v, w, 2, 'same'), b), 0.2);
    return tf.matMul(tf.reshape(h, [3, 128]), d);
  };
  const penalty = (w: tf.Tensor, b: tf.Tensor, d: tf.Tensor) => {
    const g = tf.grad((v: tf.Tensor) => tf.sum(critic(v as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D, d as tf.Tensor2D)))(x);
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12));
    return tf.mean(tf.square(tf.sub(norm, 1))) as tf.Scalar;
  };
  const [gw1, , gw2] = tf.grads(penalty)([w1, b1, w2]);
  // The bias gradient is exactly zero (leakyRelu's slope is piecewise constant): not compared.
  return [gw1!, gw2!];
}

describe('second-order gradients (WGAN-GP)', () => {
  it('match cpu through conv2d + leakyRelu + dense', async () => {
    await expectSameOnBoth(() => penaltyGrads(false));
  });

  it('match cpu through a fused conv2d with bias and leakyRelu', async () => {
    await expectSameOnBoth(() => penaltyGrads(true));
  });

  it('leave no tensors or heap buffers behind', async () => {
    await expectNoLeak(() => penaltyGrads(false), 2);
  });

  it('go through comparisons: tf.where(x > y, …) has zero gradient in its condition', async () => {
    await expectSameOnBoth(() => {
      const a = tf.tensor(values([3, 4], 5), [3, 4]);
      const b = tf.tensor(values([3, 4], 6), [3, 4]);
      const f = (p: tf.Tensor, q: tf.Tensor) =>
        tf.sum(tf.where(tf.logicalNot(tf.lessEqual(p, q)), tf.square(p), tf.mul(q, 3)));
      return tf.grads(f)([a, b]);
    });
    await tf.setBackend('cpu');
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.cast(tf.greater(v, 0), 'float32')))(tf.tensor1d([-1, 2]));
    expect(Array.from(g.dataSync())).toEqual([0, 0]);
    g.dispose();
  });
});
