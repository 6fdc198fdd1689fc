import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { biasAct } from '../src/engine/kernels/fused-ops.js';
import { setupBackends, values } from '../test/engine/kernels/compare.js';
const t = (shape: number[], seed: number) => tf.tensor(values(shape, seed), shape);
it('x', async () => {
  await setupBackends();
  for (const which of ['w', 'b', 'd']) {
  try {
    const x = t([3, 8, 8, 3], 5) as tf.Tensor4D;
    const w1 = t([4, 4, 3, 8], 6), b1 = t([8], 7), w2 = t([128, 1], 8);
    const critic = (v: tf.Tensor, w: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
      tf.matMul(tf.reshape(biasAct(tf.conv2d(v as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'), b, 'leakyrelu')!, [3, 128]), d as tf.Tensor2D);
    const penalty = (w: tf.Tensor, b: tf.Tensor, d: tf.Tensor) => {
      const g = tf.grad((v: tf.Tensor) => tf.sum(critic(v, w, b, d)))(x);
      return tf.sum(tf.square(g)) as tf.Scalar;
    };
    const f = which === 'w' ? (a: tf.Tensor) => penalty(a, b1, w2) : which === 'b' ? (a: tf.Tensor) => penalty(w1, a, w2) : (a: tf.Tensor) => penalty(w1, b1, a);
    tf.grad(f)(which === 'w' ? w1 : which === 'b' ? b1 : w2).print();
  } catch (e) { console.log(which, String(e).slice(0, 100)); }
  }
});
