import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adamStep, batchNormAct, biasAct, type FusedActivation } from '../../../src/backend/kernels/fused-ops.js';
import { Adam } from '../../../src/engine/adam.js';
import { nativeStatus } from '../../../src/backend/kernels/index.js';
import { expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

const t = (shape: number[], seed: number) => tf.tensor(values(shape, seed), shape);
const EPS = 1e-5;

function act(x: tf.Tensor, a: FusedActivation): tf.Tensor {
  if (a === 'relu') return tf.relu(x);
  if (a === 'leakyrelu') return tf.leakyRelu(x, 0.2);
  if (a === 'tanh') return tf.tanh(x);
  return x;
}

/** The fused kernel where the backend has it (wasm + native), the plain ops on cpu. */
const withBias = (x: tf.Tensor, b: tf.Tensor, a: FusedActivation) => biasAct(x, b, a) ?? act(tf.add(x, b), a);

function withNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, a: FusedActivation): tf.Tensor[] {
  const fused = batchNormAct(x, gamma, beta, EPS, a);
  if (fused) return [fused.y, fused.mean, fused.variance];
  const { mean, variance } = tf.moments(x, x.shape.slice(0, -1).map((_, i) => i));
  return [act(tf.batchNorm(x, mean, variance, beta, gamma, EPS), a), mean, variance];
}

const ACTIVATIONS: FusedActivation[] = ['linear', 'relu', 'leakyrelu', 'tanh'];

describe('fused bias + activation', () => {
  it('runs fused on wasm exactly when the native addon loads', async () => {
    await tf.setBackend('wasm');
    const y = biasAct(tf.zeros([2, 3]), tf.zeros([3]), 'relu');
    expect(y != null).toBe(nativeStatus().ok);
    y?.dispose();
  });

  for (const a of ACTIVATIONS) {
    it(`${a}: output and gradients for x and bias match cpu`, async () => {
      await expectSameOnBoth(() => {
        const x = t([3, 5, 4, 6], 1);
        const b = t([6], 2);
        const weights = t([3, 5, 4, 6], 3);
        const f = (v: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(withBias(v, c, a), weights));
        const [dx, db] = tf.grads(f)([x, b]);
        return [withBias(x, b, a), dx!, db!];
      });
    });
  }

  it('on a 2-D batch, matches cpu', async () => {
    await expectSameOnBoth(() => tf.grads((v: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(withBias(v, b, 'leakyrelu'))))([t([4, 7], 4), t([7], 5)]));
  });

  const penaltyOf = (a: FusedActivation, x: tf.Tensor4D) => (w: tf.Tensor, b: tf.Tensor, d: tf.Tensor) => {
    const critic = (v: tf.Tensor) =>
      tf.matMul(tf.reshape(withBias(tf.conv2d(v as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'), b, a), [3, 128]), d as tf.Tensor2D);
    const g = tf.grad((v: tf.Tensor) => tf.sum(critic(v)))(x);
    return tf.mean(tf.square(tf.sub(tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12)), 1))) as tf.Scalar;
  };

  it("has second-order gradients (WGAN-GP's penalty through conv + bias + leakyRelu)", async () => {
    await expectSameOnBoth(() => {
      const penalty = penaltyOf('leakyrelu', t([3, 8, 8, 3], 5) as tf.Tensor4D);
      const [gw, , gd] = tf.grads(penalty)([t([4, 4, 3, 8], 6), t([8], 7), t([128, 1], 8)]);
      // The bias gradient is exactly zero on both paths (piecewise-constant slope): not compared.
      return [gw!, gd!];
    });
  });

  // tfjs's own tanh gradient cannot be differentiated again for its input (it reads its saved
  // output), so there is no cpu reference: central differences check the fused one instead.
  it.runIf(nativeStatus().ok)('tanh: second-order bias gradient agrees with central differences', async () => {
    await tf.setBackend('wasm');
    const penalty = penaltyOf('tanh', tf.mul(t([3, 8, 8, 3], 9), 0.5) as tf.Tensor4D);
    const w = tf.mul(t([4, 4, 3, 8], 10), 0.5);
    const d = t([128, 1], 11);
    const b = t([8], 12);
    const analytic = tf.tidy(() => tf.grads((v: tf.Tensor) => penalty(w, v, d))([b])[0]!.dataSync());
    const h = 1e-2;
    for (const i of [0, 3, 7]) {
      const at = (delta: number) => tf.tidy(() => penalty(w, tf.add(b, tf.oneHot([i], 8).reshape([8]).mul(delta)), d).dataSync()[0]!);
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(analytic[i]! - numeric)).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
    }
    tf.dispose([w, d, b]);
  });
});

describe('fused batch norm + activation (batch statistics)', () => {
  for (const a of ['linear', 'relu', 'leakyrelu'] as FusedActivation[]) {
    it(`${a}: output, statistics and gradients for x, gamma and beta match cpu`, async () => {
      await expectSameOnBoth(() => {
        // Offset and scaled so the statistics are not trivially 0 and 1.
        const x = tf.add(tf.mul(t([6, 5, 5, 8], 9), 3), 1.5);
        const gamma = tf.add(t([8], 10), 1);
        const beta = t([8], 11);
        const weights = t([6, 5, 5, 8], 12);
        const f = (v: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(withNorm(v, g, b, a)[0]!, weights));
        const [dx, dg, db] = tf.grads(f)([x, gamma, beta]);
        return [...withNorm(x, gamma, beta, a), dx!, dg!, db!];
      });
    });
  }

  it('normalises a 2-D batch too', async () => {
    await expectSameOnBoth(() => {
      const x = t([16, 10], 13);
      return tf.grads((v: tf.Tensor, g: tf.Tensor) => tf.sum(tf.square(withNorm(v, g, t([10], 14), 'relu')[0]!)))([x, tf.ones([10])]);
    });
  });

  it('leaves no tensors or heap buffers behind', async () => {
    await expectNoLeak(() => {
      const x = t([4, 3, 3, 5], 15);
      const f = (v: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(withNorm(withBias(v, b, 'tanh'), g, b, 'leakyrelu')[0]!);
      return tf.grads(f)([x, tf.ones([5]), t([5], 16)]);
    });
  });
});

describe('fused Adam step', () => {
  it('runs fused on wasm exactly when the native addon loads', async () => {
    await tf.setBackend('wasm');
    const z = tf.zeros([3]);
    const out = adamStep(z, z, z, z, { beta1: 0.5, beta2: 0.999, epsilon: 1e-8, alpha: 1e-3 });
    expect(out != null).toBe(nativeStatus().ok);
    tf.dispose([z, ...(out ?? [])]);
  });

  it('three updates of parameters and moments match the tensor ops on cpu', async () => {
    await expectSameOnBoth(() => {
      const shapes = [[4, 4, 3, 8], [8], [70000]];
      const params = shapes.map((s, i) => tf.variable(t(s, 20 + i)));
      const adam = new Adam(params, { learningRate: 2e-4, beta1: 0.5 });
      for (let k = 0; k < 3; k++) adam.apply(shapes.map((s, i) => t(s, 30 + 10 * k + i)));
      const { m, v } = adam.state();
      const out = [...params, ...m, ...v].map((x) => x.clone());
      adam.dispose();
      params.forEach((p) => p.dispose());
      return out;
    });
  });
});
