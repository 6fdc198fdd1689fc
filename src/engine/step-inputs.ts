/**
 * What a training step is fed besides the real faces, and what the trainer reports: the generated
 * half's noise and conditions and the augmentations of D's inputs, drawn from the trainer's own
 * seeded RNG (so a resumed run draws exactly what an unbroken one would), a step's outputs as a
 * step event, and the start event.
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
import { adaptP, drawAugment } from './augment-ops.js';

/**
 * The real batch, plus noise, random conditions, (for wgan-gp) the penalty's mixing weights and
 * (with augmentation) each D input's augmentation, every op kept per image with probability p.
 */
export function stepInput(rng: Rng, real: Batch, config: TrainConfig, nHair: number, nEyes: number, p = 1): StepBatch {
  const b = config.batch;
  const fakeHair = new Int32Array(b);
  const fakeEyes = new Int32Array(b);
  for (let i = 0; i < b; i++) {
    fakeHair[i] = rng.int(nHair);
    fakeEyes[i] = rng.int(nEyes);
  }
  const z = drawNoise(rng, b);
  const gpEps = config.loss === 'wgan-gp' ? Float32Array.from({ length: b }, () => rng.next()) : null;
  const ops = config.diffAugment ?? [];
  const aug = ops.length ? { real: drawAugment(rng, ops, p, b), fake: drawAugment(rng, ops, p, b), gen: drawAugment(rng, ops, p, b) } : null;
  return { real: real.pixels, realHair: real.hair, realEyes: real.eyes, z, fakeHair, fakeEyes, gpEps, aug };
}

/** The augmentation probability a run starts with: its fixed one, or ADA's 0. */
export function startingAugmentP(config: TrainConfig): number {
  return config.diffAugmentP === 'ada' ? 0 : (config.diffAugmentP ?? 1);
}

/** The probability for the next step: ADA's, moved by this step's outputs; a fixed one stays. */
export function nextAugmentP(config: TrainConfig, p: number, values: Float32Array): number {
  return config.diffAugmentP === 'ada' && config.diffAugment?.length ? adaptP(p, values[STEP_OUTPUTS.indexOf('realSign')]!, config.batch) : p;
}

/** The step event for a finished step: its metrics by name, accuracies only where a classifier learns. */
export function stepEvent(
  values: Float32Array,
  at: { step: number; real: Batch; stepsPerEpoch: number; lambda: number; ms: number; augmentP: number },
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
    ...(config.diffAugment?.length ? { augmentP: at.augmentP } : {}),
  };
}

/** The compute backend a trainer runs on, as the start event reports it. */
export interface BackendInfo {
  name: string;
  device: string;
  reason: string;
  requested: StartEvent['backendRequested'];
}

/** The first event of every session of a run: its settings, backend, data and where it starts. */
export function startEvent(
  opts: {
    recorder: { name: string; dir: string };
    backend: BackendInfo;
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
    ...(config.learningRateG !== undefined ? { learningRateG: config.learningRateG } : {}),
    ...(config.learningRateD !== undefined ? { learningRateD: config.learningRateD } : {}),
    emaBeta: config.emaBeta ?? 0,
    diffAugment: config.diffAugment ?? [],
    diffAugmentP: config.diffAugmentP ?? 1,
    reuseFake: config.reuseFake ?? false,
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
