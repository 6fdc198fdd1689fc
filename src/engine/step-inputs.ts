/**
 * What a training step is fed besides the real faces, and what the trainer reports: the generated
 * half's noise and conditions, drawn from the trainer's own seeded RNG (so a resumed run draws
 * exactly what an unbroken one would), a step's outputs as a step event, and the start event.
 */
import type { TrainConfig } from './config.js';
import { hasClassifier } from './config.js';
import type { Batch } from '../data/batcher.js';
import type { StartEvent, StepEvent } from '../protocol/events.js';
import type { FaceDataset } from '../data/dataset.js';
import { datasetInfo } from './trainer-checkpoint.js';
import type { Rng } from '../util/rng.js';
import { drawNoise } from './sampler.js';
import { STEP_OUTPUTS, type StepBatch } from './train-step.js';

/** The real batch, plus noise, random conditions and (for wgan-gp) the penalty's mixing weights. */
export function stepInput(rng: Rng, real: Batch, config: TrainConfig, nHair: number, nEyes: number): StepBatch {
  const b = config.batch;
  const fakeHair = new Int32Array(b);
  const fakeEyes = new Int32Array(b);
  for (let i = 0; i < b; i++) {
    fakeHair[i] = rng.int(nHair);
    fakeEyes[i] = rng.int(nEyes);
  }
  const z = drawNoise(rng, b);
  const gpEps = config.loss === 'wgan-gp' ? Float32Array.from({ length: b }, () => rng.next()) : null;
  return { real: real.pixels, realHair: real.hair, realEyes: real.eyes, z, fakeHair, fakeEyes, gpEps };
}

/** The step event for a finished step: its metrics by name, accuracies only where a classifier learns. */
export function stepEvent(
  values: Float32Array,
  at: { step: number; real: Batch; stepsPerEpoch: number; lambda: number; ms: number },
  config: TrainConfig,
): StepEvent {
  const m = Object.fromEntries(STEP_OUTPUTS.map((k, i) => [k, values[i]!])) as Record<(typeof STEP_OUTPUTS)[number], number>;
  return {
    type: 'step',
    time: Date.now(),
    step: at.step,
    epoch: at.real.epoch,
    stepInEpoch: at.real.stepInEpoch,
    stepsPerEpoch: at.stepsPerEpoch,
    lambda: at.lambda,
    dLoss: m.dLoss,
    gLoss: m.gLoss,
    dReal: m.dReal,
    dFake: m.dFake,
    imgPerSec: (config.batch * 1000) / at.ms,
    ...(hasClassifier(config.model)
      ? { hairAccReal: m.hairAccReal, eyesAccReal: m.eyesAccReal, hairAccFake: m.hairAccFake, eyesAccFake: m.eyesAccFake }
      : {}),
  };
}

/** The first event of every session of a run: its settings, backend, data and where it starts. */
export function startEvent(
  opts: {
    recorder: { name: string; dir: string };
    backend: { name: string; device: string; reason: string; requested: StartEvent['backendRequested'] };
    dataset: FaceDataset;
    quality?: unknown;
  },
  config: TrainConfig,
  at: { lambda: number; stepsPerEpoch: number; totalSteps: number; startStep: number; sampleRows: string[] },
): StartEvent {
  return {
    type: 'start',
    time: Date.now(),
    run: opts.recorder.name,
    runDir: opts.recorder.dir,
    model: config.model,
    width: config.width,
    loss: config.loss,
    batch: config.batch,
    lambda: at.lambda,
    learningRate: config.learningRate,
    backend: opts.backend.name,
    backendRequested: opts.backend.requested,
    backendReason: opts.backend.reason,
    device: opts.backend.device,
    dataset: datasetInfo(opts.dataset),
    stepsPerEpoch: at.stepsPerEpoch,
    totalSteps: at.totalSteps,
    startStep: at.startStep,
    resumed: at.startStep > 0,
    sampleRows: at.sampleRows,
    quality: Boolean(opts.quality),
  };
}
