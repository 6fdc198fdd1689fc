import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormAct } from '../../../src/backend/kernels/fused-ops.js';
import { nativeStatus } from '../../../src/backend/kernels/index.js';
import { expectNoLeak, expectSameOnBoth, setupBackends, values } from './compare.js';

beforeAll(setupBackends);

/** Where the addon is not built or finds no OpenBLAS, wasm keeps its kernels: nothing to test. */
const native = nativeStatus();
const describeNative = native.ok ? describe : describe.skip;

/** Both convolution paths where oneDNN opened: im2col + OpenBLAS also runs what oneDNN declines. */
const CONV_PATHS = native.ok && native.convolutions.onednn ? (['oneDNN', 'im2col + OpenBLAS'] as const) : (['im2col + OpenBLAS'] as const);

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];
type ConvCase = [x: Shape4, filter: Shape4, strides: number | [number, number], pad: Pad, dilations?: number];

const t = (shape: number[], seed: number) => tf.tensor(values(shape, seed), shape);

/**
 * Odd geometries, a 1×1 conv that skips im2col, and batches with enough pixels to be split
 * into several chunks across threads (each thread then adds its own partial filter gradient).
 */
const CONV_CASES: ConvCase[] = [
  [[2, 8, 8, 3], [4, 4, 3, 5], 2, 'same'],
  [[3, 7, 9, 2], [3, 3, 2, 4], 2, 'valid'],
  [[2, 8, 7, 3], [2, 2, 3, 5], [2, 1], 'same'],
  [[3, 10, 11, 4], [5, 5, 4, 3], 2, 1],
  [[2, 8, 8, 3], [4, 4, 3, 5], 2, [[0, 0], [1, 2], [2, 1], [0, 0]]],
  [[2, 9, 9, 4], [3, 3, 4, 6], 1, 'same', 2],
  [[3, 6, 6, 8], [1, 1, 8, 7], 1, 'valid'],
  [[12, 32, 32, 3], [3, 3, 3, 8], 1, 'same'],
  [[9, 16, 16, 16], [4, 4, 16, 24], 2, 'same'],
  // The default model's first and last D layers; 7 images split into unequal chunks.
  [[6, 64, 64, 3], [4, 4, 3, 16], 2, 'same'],
  [[7, 8, 8, 64], [4, 4, 64, 128], 2, 'same'],
];

function label([x, w, s, p, d]: ConvCase): string {
  return `x ${x.join('×')}, filter ${w.join('×')}, stride ${s}, pad ${JSON.stringify(p)}${d ? `, dilation ${d}` : ''}`;
}

/** The conv's output and its gradients for x and the filter, under a weighted sum. */
function convAndGrads([xShape, wShape, strides, pad, dilations = 1]: ConvCase): tf.Tensor[] {
  const x = t(xShape, 1) as tf.Tensor4D;
  const w = t(wShape, 2) as tf.Tensor4D;
  const conv = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad, 'NHWC', dilations);
  const y = conv(x, w);
  const weights = t(y.shape, 3);
  if (dilations > 1) return [y]; // tfjs has no gradient for dilated conv2d
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a, b), weights)))([x, w]);
  return [y, dx!, dw!];
}

describeNative('native kernels on the wasm backend', () => {
  it('load OpenBLAS and say which', () => {
    expect(native.ok && native.library).toMatch(/blas/i);
  });

  it('say which library the convolutions run on, and why not oneDNN where they do not', () => {
    if (!native.ok) return;
    const c = native.convolutions;
    if (c.onednn) expect(c.version).toMatch(/^oneDNN \d+\.\d+/);
    else expect(c.reason.length).toBeGreaterThan(0);
  });

  for (const path of CONV_PATHS) {
    describe(`convolutions on ${path}`, () => {
      beforeAll(() => {
        if (native.ok) native.addon.useOneDnn(path === 'oneDNN');
      });
      afterAll(() => {
        if (native.ok) native.addon.useOneDnn(true);
      });

      for (const c of CONV_CASES) {
        it(`conv2d and both gradients match cpu for ${label(c)}`, async () => {
          await expectSameOnBoth(() => convAndGrads(c));
        });
      }

      it('conv2dTranspose (the generator\'s upsampling) matches cpu', async () => {
        await expectSameOnBoth(() => {
          const x = t([5, 4, 4, 16], 4) as tf.Tensor4D;
          const w = t([4, 4, 8, 16], 5) as tf.Tensor4D;
          return tf.conv2dTranspose(x, w, [5, 8, 8, 8], 2, 'same');
        });
      });

      for (const activation of ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu'] as const) {
        it(`fused conv2d with bias and ${activation} matches cpu`, async () => {
          await expectSameOnBoth(() =>
            tf.fused.conv2d({
              x: t([2, 8, 8, 4], 6) as tf.Tensor4D,
              filter: t([3, 3, 4, 6], 7) as tf.Tensor4D,
              strides: 1,
              pad: 'same',
              bias: t([6], 8),
              activation,
              leakyreluAlpha: 0.1,
            }),
          );
        });
      }

      it('fused conv2d hands PReLU to the wasm kernel, and still matches cpu', async () => {
        await expectSameOnBoth(() =>
          tf.fused.conv2d({
            x: t([2, 6, 6, 3], 9) as tf.Tensor4D,
            filter: t([3, 3, 3, 4], 10) as tf.Tensor4D,
            strides: 2,
            pad: 'same',
            activation: 'prelu',
            preluActivationWeights: t([4], 11),
          }),
        );
      });

      it("use each weights tensor's own values, also where a new one takes a disposed one's place", async () => {
        // The addon keeps weights reordered for oneDNN between passes; a new tensor must not hit that.
        await expectSameOnBoth(() => {
          const x = t([4, 8, 8, 16], 30) as tf.Tensor4D;
          const outs: tf.Tensor[] = [];
          for (let seed = 31; seed < 34; seed++) {
            const w = t([4, 4, 16, 32], seed) as tf.Tensor4D;
            outs.push(tf.conv2d(x, w, 2, 'same'), tf.conv2d(x, w, 2, 'same'));
            outs.push(tf.conv2dTranspose(outs.at(-1) as tf.Tensor4D, w, [4, 8, 8, 16], 2, 'same'));
            w.dispose();
          }
          return outs;
        });
      });

      it('give the filter gradient to the bit every time, whichever thread sums which images', async () => {
        // Split into several chunks over the threads; the sum must not depend on who took which.
        await tf.setBackend('wasm');
        const dw = () =>
          tf.tidy(() => {
            const x = t([24, 16, 16, 16], 21) as tf.Tensor4D;
            const dy = t([24, 8, 8, 32], 22) as tf.Tensor4D;
            const dw = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, 2, 'same'), dy)))(t([4, 4, 16, 32], 23));
            return Buffer.from(dw.dataSync().buffer);
          });
        const first = dw();
        for (let i = 0; i < 20; i++) expect(dw().equals(first)).toBe(true);
      });
    });
  }

  const MATMULS: Array<[a: number[], b: number[], ta: boolean, tb: boolean]> = [
    [[7, 5], [5, 3], false, false],
    [[5, 7], [5, 3], true, false],
    [[7, 5], [3, 5], false, true],
    [[5, 7], [3, 5], true, true],
    [[3, 4, 6], [3, 6, 2], false, false],
    [[3, 4, 6], [1, 6, 2], false, false],
    [[1, 6, 4], [3, 2, 6], true, true],
    [[256, 64], [64, 96], false, false],
    [[64, 256], [96, 64], true, true],
  ];
  for (const [a, b, ta, tb] of MATMULS) {
    it(`matMul ${a.join('×')}${ta ? 'ᵀ' : ''} · ${b.join('×')}${tb ? 'ᵀ' : ''} matches cpu`, async () => {
      await expectSameOnBoth(() => tf.matMul(t(a, 12), t(b, 13), ta, tb));
    });
  }

  it('dense layer gradients (transposed products) match cpu', async () => {
    await expectSameOnBoth(() => {
      const x = t([16, 40], 14);
      const w = t([40, 24], 15);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(a, b))))([x, w]);
    });
  });

  it('fused matMul with bias and relu matches cpu', async () => {
    await expectSameOnBoth(() =>
      tf.fused.matMul({ a: t([9, 12], 16), b: t([12, 7], 17), bias: t([7], 18), activation: 'relu' }),
    );
  });

  it("keep batch norm's statistics exact for values far from zero, over many rows", async () => {
    // 1000 + small noise: a one-pass Σx² − (Σx)² would lose the variance entirely in float.
    await tf.setBackend('wasm');
    const shape = [64, 16, 16, 8];
    const noise = values(shape, 40);
    const x = Float32Array.from(noise, (v, i) => 1000 + 0.01 * v + (i % 8) * 0.5);
    const { mean, variance } = tf.tidy(() => {
      const out = batchNormAct(tf.tensor(x, shape), tf.ones([8]), tf.zeros([8]), 1e-5, 'linear')!;
      return { mean: out.mean.dataSync(), variance: out.variance.dataSync() };
    });
    for (let c = 0; c < 8; c++) {
      let m = 0;
      let v = 0;
      const n = x.length / 8;
      for (let i = c; i < x.length; i += 8) m += x[i]!;
      m /= n;
      for (let i = c; i < x.length; i += 8) v += (x[i]! - m) ** 2;
      v /= n;
      expect(Math.abs(mean[c]! - m)).toBeLessThan(1e-4);
      expect(Math.abs(variance[c]! - v)).toBeLessThan(1e-3 * v);
    }
  });

  it('leave no tensors or heap buffers behind', async () => {
    await expectNoLeak(() => convAndGrads(CONV_CASES[7]!));
    await expectNoLeak(() => tf.matMul(t([3, 4, 6], 19), t([1, 6, 2], 20)));
  });
});
