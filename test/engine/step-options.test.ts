/**
 * A step's options beyond the model: G's generated batch reused by the G phase (--reuse-fake),
 * which must train exactly as two forwards do, and D's own learning rate (--lr-d).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModels } from '../../src/engine/models/index.js';
import { createStep } from '../../src/engine/train-steps.js';
import { drawAugment } from '../../src/engine/augment-ops.js';
import { type StepBatch } from '../../src/engine/train-step.js';
import { isConditional, Z_DIM, type DiffAugmentOp, type LossKind, type ModelKind } from '../../src/engine/config.js';
import { Rng } from '../../src/util/rng.js';
import { FACE_BYTES } from '../../src/util/face.js';
import { useWasm } from '../helpers/tf-backend.js';

beforeAll(useWasm);

const B = 4;
const N_HAIR = 5;
const N_EYES = 4;

function batch(seed: number, ops: DiffAugmentOp[], loss: LossKind): StepBatch {
  const rng = new Rng(seed);
  const labels = (n: number) => Int32Array.from({ length: B }, () => rng.int(n));
  return {
    real: Float32Array.from({ length: B * FACE_BYTES }, () => rng.next() * 2 - 1),
    realHair: labels(N_HAIR),
    realEyes: labels(N_EYES),
    z: Float32Array.from({ length: B * Z_DIM }, () => rng.normal()),
    fakeHair: labels(N_HAIR),
    fakeEyes: labels(N_EYES),
    gpEps: loss === 'wgan-gp' ? Float32Array.from({ length: B }, () => rng.next()) : null,
    aug: ops.length ? { real: drawAugment(rng, ops, 0.7, B), fake: drawAugment(rng, ops, 0.7, B), gen: drawAugment(rng, ops, 0.7, B) } : null,
  };
}

function built(model: ModelKind, loss: LossKind, opts: { reuseFake?: boolean; learningRateD?: number; diffAugment?: DiffAugmentOp[] }) {
  const models = buildModels(model, { width: 0.0625, nHair: N_HAIR, nEyes: N_EYES, discriminatorNorm: loss === 'gan', seed: 12 });
  return createStep(model, models, { loss, learningRate: 1e-3, beta1: 0.5, nHair: N_HAIR, nEyes: N_EYES, conditional: isConditional(model), ...opts });
}

const CASES: Array<{ model: ModelKind; loss: LossKind; ops: DiffAugmentOp[] }> = [
  { model: 'dcgan', loss: 'gan', ops: [] },
  { model: 'acgan', loss: 'gan', ops: ['translation', 'cutout', 'colour'] },
  { model: 'acgan', loss: 'wgan-gp', ops: ['cutout'] },
  { model: 'acgan-split', loss: 'gan', ops: ['translation', 'colour'] },
  { model: 'projection', loss: 'gan', ops: ['translation', 'cutout'] },
];

describe.each(CASES)('reusing the generated batch: $model ($loss, ops $ops)', ({ model, loss, ops }) => {
  it('trains exactly as two G forwards do, and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const twice = built(model, loss, { diffAugment: ops });
    const once = built(model, loss, { diffAugment: ops, reuseFake: true });
    for (let i = 0; i < 3; i++) {
      const b = batch(20 + i, ops, loss);
      expect(Array.from(once.run(b, 1)), `step ${i + 1}`).toEqual(Array.from(twice.run(b, 1)));
    }
    twice.nets.forEach((net, n) => {
      const other = once.nets[n]!.params.all();
      net.params.all().forEach((v, k) => expect(Array.from(other[k]!.dataSync()), `${net.key} ${v.name}`).toEqual(Array.from(v.dataSync())));
    });
    for (const s of [twice, once]) {
      s.dispose();
      for (const net of s.nets) net.params.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('two learning rates', () => {
  it("G's Adam takes the common rate, D's (and acgan-split's classifier's) its own", () => {
    for (const model of ['acgan', 'acgan-split', 'projection'] as const) {
      const step = built(model, 'gan', { learningRateD: 4e-4 });
      const rates = Object.fromEntries(step.nets.map((n) => [n.key, n.opt.learningRate]));
      expect(rates, model).toEqual({ g: 1e-3, d: 4e-4, ...(model === 'acgan-split' ? { c: 4e-4 } : {}) });
      step.dispose();
      for (const net of step.nets) net.params.dispose();
    }
  });

  it('the projection model refuses colour', () => {
    expect(() => built('projection', 'gan', { diffAugment: ['colour'] })).toThrow(/colour/);
  });
});
