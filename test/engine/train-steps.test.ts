/**
 * Each training step on its own, as tfjs-examples' mnist-acgan tests its steps: the networks from
 * buildModels and the step from createStep, no trainer, no run folder, no data set. One step on a
 * tiny random batch must give finite numbers, move every weight of every network it trains, and
 * leave no tensor behind once step and networks are disposed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModels } from '../../src/engine/models/index.js';
import { createStep } from '../../src/engine/train-steps.js';
import { GanStep, STEP_OUTPUTS, type StepBatch, type TrainStep } from '../../src/engine/train-step.js';
import { SplitStep } from '../../src/engine/train-step-split.js';
import { ProjectionStep } from '../../src/engine/train-step-projection.js';
import { defaultConfig, isConditional, Z_DIM, type ModelKind } from '../../src/engine/config.js';
import { Rng } from '../../src/util/rng.js';
import { FACE_BYTES } from '../../src/util/face.js';
import { useWasm } from '../helpers/tf-backend.js';

beforeAll(useWasm);

const BATCH = 4;
/** The smallest width every network allows: nf 4, and 2 for acgan-split's half-width classifier. */
const WIDTH = 0.0625;
const N_HAIR = 5;
const N_EYES = 4;

/** Random real faces in [-1, 1], random colours for the real and the generated half, random z. */
function randomBatch(seed: number): StepBatch {
  const rng = new Rng(seed);
  const labels = (n: number) => Int32Array.from({ length: BATCH }, () => rng.int(n));
  return {
    real: Float32Array.from({ length: BATCH * FACE_BYTES }, () => rng.next() * 2 - 1),
    realHair: labels(N_HAIR),
    realEyes: labels(N_EYES),
    z: Float32Array.from({ length: BATCH * Z_DIM }, () => rng.normal()),
    fakeHair: labels(N_HAIR),
    fakeEyes: labels(N_EYES),
    gpEps: null,
  };
}

type StepClass = abstract new (...args: never[]) => TrainStep;

/** The step class createStep gives each model, and the networks that step trains. */
const CASES: Array<{ model: ModelKind; name: string; kind: StepClass; nets: string[] }> = [
  { model: 'dcgan', name: 'GanStep', kind: GanStep, nets: ['g', 'd'] },
  { model: 'acgan', name: 'GanStep', kind: GanStep, nets: ['g', 'd'] },
  { model: 'acgan-split', name: 'SplitStep', kind: SplitStep, nets: ['g', 'd', 'c'] },
  { model: 'projection', name: 'ProjectionStep', kind: ProjectionStep, nets: ['g', 'd'] },
];

describe.each(CASES)('$model ($name) alone', ({ model, kind, nets }) => {
  it('one step on a tiny batch: finite outputs, every weight moves, no tensor left behind', () => {
    const before = tf.memory().numTensors;
    const config = defaultConfig(model);
    const models = buildModels(model, { width: WIDTH, nHair: N_HAIR, nEyes: N_EYES, discriminatorNorm: true, seed: 11 });
    const step = createStep(model, models, {
      loss: 'gan',
      learningRate: config.learningRate,
      beta1: config.beta1,
      nHair: N_HAIR,
      nEyes: N_EYES,
      conditional: isConditional(model),
    });
    expect(step).toBeInstanceOf(kind);
    expect(step.nets.map((n) => n.key)).toEqual(nets);

    const snapshot = () =>
      step.nets.flatMap((net) =>
        net.params.trainable.map((v) => ({ where: `${net.params.localNames.get(v.name)} (network ${net.key})`, values: v.dataSync().slice() })),
      );
    const start = snapshot();

    const outputs = step.run(randomBatch(5), config.lambda);
    expect(outputs).toHaveLength(STEP_OUTPUTS.length);
    for (const [i, name] of STEP_OUTPUTS.entries()) {
      expect(outputs[i], `${name} after one ${model} step`).toSatisfy(Number.isFinite);
    }

    const end = snapshot();
    expect(end.map((w) => w.where)).toEqual(start.map((w) => w.where));
    for (const [i, w] of start.entries()) {
      const moved = w.values.some((x, k) => x !== end[i]!.values[k]);
      expect(moved, `${w.where} did not move in one ${model} step`).toBe(true);
      expect(end[i]!.values.every(Number.isFinite), `${w.where} holds a non-finite weight after one ${model} step`).toBe(true);
    }

    step.dispose();
    for (const net of step.nets) net.params.dispose();
    expect(tf.memory().numTensors, `tensors left by the ${model} networks and step`).toBe(before);
  });
});
