import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { expectClose, expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

/** Pixel shuffle spelled out with reshape and transpose, whose gradient tfjs already knows. */
function shuffleByHand(x: tf.Tensor4D, bs: number): tf.Tensor4D {
  const [n, h, w, depth] = x.shape;
  const c = depth / (bs * bs);
  return x
    .reshape([n, h, w, bs, bs, c])
    .transpose([0, 1, 3, 2, 4, 5])
    .reshape([n, h * bs, w * bs, c]);
}

describe('DepthToSpace', () => {
  for (const [shape, bs] of [[[2, 3, 4, 8], 2], [[1, 2, 3, 27], 3], [[3, 4, 4, 4], 2]] as const) {
    it(`runs forward on wasm as on cpu for ${shape.join('×')}, block ${bs}`, async () => {
      await expectSameOnBoth(() => tf.depthToSpace(tf.tensor(values([...shape], 1), [...shape]) as tf.Tensor4D, bs));
    });

    it(`has a gradient equal to the hand-written shuffle's for ${shape.join('×')}, block ${bs}`, async () => {
      const x = () => tf.tensor(values([...shape], 2), [...shape]) as tf.Tensor4D;
      const [n, h, w, d] = shape;
      const outShape = [n, h * bs, w * bs, d / (bs * bs)];
      const weights = () => tf.tensor(values(outShape, 3), outShape);
      const viaKernel = () => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.depthToSpace(v as tf.Tensor4D, bs), weights())))(x());
      const byHand = () => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(shuffleByHand(v as tf.Tensor4D, bs), weights())))(x());
      for (const backend of ['cpu', 'wasm']) {
        await tf.setBackend(backend);
        const [a, b] = tf.tidy(() => [viaKernel(), byHand()]);
        expectClose(a!.dataSync() as Float32Array, b!.dataSync() as Float32Array, 0); // same data moved
        tf.dispose([a!, b!]);
      }
    });
  }

  it('leaves no tensors or heap buffers behind', async () => {
    await expectNoLeak(() => tf.depthToSpace(tf.ones([2, 3, 3, 8]) as tf.Tensor4D, 2));
  });
});
