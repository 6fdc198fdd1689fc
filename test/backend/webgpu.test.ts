/**
 * The webgpu backend against the cpu backend. Runs wherever Dawn finds an adapter, Mesa's
 * software Vulkan driver included (CI installs it); skips, saying why, where none answers.
 * Software Vulkan compiles each shader on first use (tens of seconds cold), so the models are tiny.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/choose-backend.js';
import { Rng } from '../../src/util/rng.js';
import { FACE_BYTES } from '../../src/util/face.js';
import { buildModels } from '../../src/engine/models/index.js';
import { EVAL, TRAIN } from '../../src/engine/models/layers.js';
import { drawNoise } from '../../src/engine/sampler.js';
import { GanStep, STEP_OUTPUTS, type StepBatch } from '../../src/engine/train-step.js';
import type { LossKind, ModelKind } from '../../src/engine/config.js';

const WIDTH = 0.0625;
const N_HAIR = 3;
const N_EYES = 2;

const unavailable: string | null = await selectBackend('webgpu').then(
  () => null,
  (err: Error) => err.message,
);
if (unavailable) console.log(`webgpu tests skipped: ${unavailable}`);

afterAll(async () => {
  await tf.setBackend('cpu');
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i]! - b[i]!));
  return most;
}

function batchFor(b: number, loss: LossKind): StepBatch {
  const rng = new Rng(11);
  const ints = (n: number) => Int32Array.from({ length: b }, () => rng.int(n));
  return {
    real: Float32Array.from({ length: b * FACE_BYTES }, () => rng.next() * 2 - 1),
    realHair: ints(N_HAIR),
    realEyes: ints(N_EYES),
    z: drawNoise(rng, b),
    fakeHair: ints(N_HAIR),
    fakeEyes: ints(N_EYES),
    gpEps: loss === 'wgan-gp' ? Float32Array.from({ length: b }, () => rng.next()) : null,
  };
}

/** G's images and D's logits on a fixed z, as plain arrays, on the current backend. */
function forward(kind: ModelKind, seed: number): { eval: Float32Array; train: Float32Array; logits: Float32Array } {
  const { g, d } = buildModels(kind, { width: WIDTH, nHair: N_HAIR, nEyes: N_EYES, discriminatorNorm: true, seed });
  const b = 3;
  const out = tf.tidy(() => {
    const z = tf.tensor2d(drawNoise(new Rng(5), b), [b, 100]);
    const cond = kind === 'dcgan' ? null : (tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), N_HAIR + N_EYES).toFloat() as tf.Tensor2D);
    const train = g.apply(z, cond, TRAIN);
    return {
      eval: g.apply(z, cond, EVAL).dataSync() as Float32Array,
      train: train.dataSync() as Float32Array,
      logits: d.apply(train, TRAIN).adv.dataSync() as Float32Array,
    };
  });
  g.params.dispose();
  d.params.dispose();
  return out;
}

/** One GanStep's metrics and G's first weight after it, on the current backend. */
function step(kind: ModelKind, loss: LossKind): { metrics: Float32Array; weight: Float32Array } {
  const { g, d } = buildModels(kind, { width: WIDTH, nHair: N_HAIR, nEyes: N_EYES, discriminatorNorm: loss === 'gan', seed: 9 });
  const gan = new GanStep(g, d, { loss, learningRate: 2e-4, beta1: 0.5, nHair: N_HAIR, nEyes: N_EYES, conditional: kind !== 'dcgan' });
  const metrics = gan.run(batchFor(2, loss), 1);
  const weight = g.params.trainable[0]!.dataSync().slice() as Float32Array;
  gan.dispose();
  g.params.dispose();
  d.params.dispose();
  return { metrics, weight };
}

async function onBoth<T>(run: () => T): Promise<{ cpu: T; gpu: T }> {
  await tf.setBackend('cpu');
  const cpu = run();
  await tf.setBackend('webgpu');
  const gpu = run();
  return { cpu, gpu };
}

describe.skipIf(unavailable != null)(`webgpu backend${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('reads results back synchronously, and sums more inputs than a shader can bind', async () => {
    await tf.setBackend('webgpu');
    const before = tf.memory().numTensors;
    // 20 inputs: past the 8 storage buffers one WebGPU shader stage may bind by default.
    const parts = Array.from({ length: 20 }, (_, i) => tf.fill([3000], i));
    const total = tf.addN(parts);
    const values = total.dataSync();
    expect(values.length).toBe(3000);
    expect(values[0]).toBe(190);
    expect(values[2999]).toBe(190);
    tf.dispose([...parts, total]);
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const kind of ['dcgan', 'acgan-resnet'] as const) {
    it(`${kind}: G and D give the cpu backend's outputs for the same weights`, async () => {
      const { cpu, gpu } = await onBoth(() => forward(kind, 4));
      expect(maxAbsDiff(gpu.eval, cpu.eval)).toBeLessThan(1e-4);
      expect(maxAbsDiff(gpu.train, cpu.train)).toBeLessThan(1e-4);
      expect(maxAbsDiff(gpu.logits, cpu.logits)).toBeLessThan(1e-3);
    });
  }

  for (const [kind, loss] of [
    ['dcgan', 'gan'],
    ['acgan', 'wgan-gp'],
  ] as const) {
    it(`${kind} with ${loss}: a training step has finite losses, the cpu backend's, and the same update`, async () => {
      // WGAN-GP also takes second-order gradients through D (its penalty).
      const { cpu, gpu } = await onBoth(() => step(kind, loss));
      for (const [i, name] of STEP_OUTPUTS.entries()) {
        expect(Number.isFinite(gpu.metrics[i]), name).toBe(true);
        expect(Math.abs(gpu.metrics[i]! - cpu.metrics[i]!), name).toBeLessThan(1e-3);
      }
      // Adam's first step moves every weight by about lr: compare to a small fraction of it.
      expect(maxAbsDiff(gpu.weight, cpu.weight)).toBeLessThan(2e-5);
    });
  }
});
