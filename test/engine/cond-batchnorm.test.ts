/**
 * Conditional batch norm on plain wasm, with the native addon switched off: where the addon
 * loads, the fused kernel takes the training path and would hide a fault in the plain ops that
 * machines without OpenBLAS run. Values and gradients must match the cpu backend's, and the
 * projection model (conditional batch norm in G) must train through both of its networks.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH_NORM_ACT } from '../../src/backend/kernels/fused-ops.js';
import { CondBatchNorm } from '../../src/engine/models/cond-batchnorm.js';
import { EVAL, TRAIN, TRAIN_UPDATE, type Mode } from '../../src/engine/models/layers.js';
import { ParamSet } from '../../src/engine/models/params.js';
import { projectionModels } from '../../src/engine/models/projection.js';
import { expectSameOnBoth, setupBackends, values } from '../backend/kernels/compare.js';

// Read once, when the kernels are first registered (in beforeAll); each test file is a process of its own.
process.env.ANIME_GAN_NATIVE = '0';
beforeAll(setupBackends);

const t = (shape: number[], seed: number) => tf.tensor(values(shape, seed), shape);

/** Output, gradients for x, γ and β, and the running statistics where the call updates them. */
function condBatchNorm(mode: Mode): tf.Tensor[] {
  const ps = new ParamSet('g', 5);
  const bn = new CondBatchNorm(ps, 'cbn', 4, 6);
  // Offset and scaled so the batch statistics are not trivially 0 and 1.
  const x = tf.add(tf.mul(t([3, 4, 4, 6], 1), 2), 0.5) as tf.Tensor4D;
  // Two one-hot pairs and a blend, as interpolation between colours asks.
  const cond = tf.tensor2d([
    [1, 0, 0, 1],
    [0, 1, 1, 0],
    [0.5, 0.5, 0, 1],
  ]);
  const weights = t([3, 4, 4, 6], 2);
  const loss = (v: tf.Tensor) => tf.sum(tf.mul(bn.apply(v as tf.Tensor4D, cond, mode, 'leakyrelu'), weights)) as tf.Scalar;
  const y = bn.apply(x, cond, mode, 'leakyrelu');
  const dx = tf.grad(loss)(x);
  const [gamma, beta] = ps.trainable;
  const { grads } = tf.variableGrads(() => loss(x), ps.trainable);
  // The running mean starts at 0: compared only once a call updates it.
  const stats = mode.updateStats ? ps.state.map((s) => tf.clone(s)) : [];
  const out = [y, dx, grads[gamma!.name]!, grads[beta!.name]!, ...stats];
  ps.dispose();
  return out;
}

describe('conditional batch norm without the native addon', () => {
  it('runs the plain ops on wasm', async () => {
    await tf.setBackend('wasm');
    expect(tf.getKernel(BATCH_NORM_ACT, 'wasm')).toBeUndefined();
  });

  for (const [name, mode] of [
    ['training', TRAIN],
    ['training, running statistics updated', TRAIN_UPDATE],
    ['inference', EVAL],
  ] as const) {
    it(`${name}: output, gradients and running statistics match cpu`, async () => {
      await expectSameOnBoth(() => condBatchNorm(mode));
    });
  }
});

describe('projection without the native addon', () => {
  it('G and D get a finite gradient for every weight, as on cpu', async () => {
    await expectSameOnBoth(() => {
      const { g, d } = projectionModels({ width: 0.0625, nHair: 3, nEyes: 2, discriminatorNorm: true, seed: 7 });
      const z = t([2, 100], 3) as tf.Tensor2D;
      const cond = tf.tensor2d([
        [1, 0, 0, 0, 1],
        [0, 0, 1, 1, 0],
      ]);
      const adv = () => tf.mean(d.apply(g.apply(z, cond, TRAIN), TRAIN, cond).adv) as tf.Scalar;
      const gradsOf = (vars: tf.Variable[]) => {
        const { grads } = tf.variableGrads(adv, vars);
        return vars.map((v) => grads[v.name]!);
      };
      const out = [...gradsOf(g.params.trainable), ...gradsOf(d.params.trainable)];
      for (const grad of out) expect(Number.isFinite(tf.sum(tf.abs(grad)).dataSync()[0])).toBe(true);
      g.params.dispose();
      d.params.dispose();
      // The sum of each gradient's magnitudes: one number a weight, so rounding across the deep
      // chain stays within the tolerance.
      return tf.stack(out.map((grad) => tf.sum(tf.abs(grad))));
    }, 1e-3);
  });
});
