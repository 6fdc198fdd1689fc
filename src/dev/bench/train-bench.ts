/** Times training steps of one model on drawn faces, after a warm-up step. */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../backend/choose-backend.js';
import { isConditional, type BackendChoice, type DiffAugmentOp, type LossKind, type ModelKind } from '../../engine/config.js';
import { InlineBatches, openBatches } from '../../data/batch-source.js';
import { drawFaces } from '../../data/drawn-faces.js';
import { Rng } from '../../util/rng.js';
import { buildModels } from '../../engine/models/index.js';
import { drawNoise } from '../../engine/sampler.js';
import { createStep, withAverage } from '../../engine/train-steps.js';
import { drawAugment } from '../../engine/augment-ops.js';
import { measurePeak, stepFlops, type StepFlops } from './flops-report.js';
import { profileKernels, type KernelTime } from './kernel-profile.js';

export interface TrainBenchOptions {
  model: ModelKind;
  loss: LossKind;
  backend: BackendChoice;
  width: number;
  batch: number;
  steps: number;
  /** Also time every kernel call of the measured steps (adds a little overhead). */
  profile?: boolean;
  /** false: make each batch inline, before its step, to measure what prefetching saves. */
  prefetch?: boolean;
  /** Average G at this β after each step (0 or absent: no average). */
  emaBeta?: number;
  /** Augment every image D sees with these ops, each kept per image (probability 1). */
  diffAugment?: DiffAugmentOp[];
  /** One G forward a step (generatorRound's reuse). */
  reuseFake?: boolean;
}

export interface TrainBenchResult {
  bench: 'train';
  model: ModelKind;
  loss: LossKind;
  width: number;
  batch: number;
  steps: number;
  emaBeta: number;
  diffAugment: DiffAugmentOp[];
  reuseFake: boolean;
  backend: string;
  device: string;
  msPerStep: number;
  imgPerSec: number;
  numTensorsDrift: number;
  /** Batches made on the prefetch thread (as in training) rather than inline. */
  prefetch: boolean;
  /** What ran it; the load average says how much else did (each core counts 1). */
  machine: { cpu: string; cores: number; load1: number };
  /** Per step, slowest first: by kernel, then by kernel and input shapes. */
  kernels?: { byKernel: KernelTime[]; byShape: KernelTime[] };
  /** With the profile: GFLOP/s per convolution and product shape and of the step, against the measured peak. */
  flops?: StepFlops;
}

export async function benchTraining(o: TrainBenchOptions): Promise<TrainBenchResult> {
  const backend = await selectBackend(o.backend);
  const ds = drawFaces(Math.max(o.batch * 2, 256), 1);
  const nHair = ds.hairVocab.length;
  const nEyes = ds.eyesVocab.length;
  const shape = { width: o.width, nHair, nEyes, discriminatorNorm: o.loss === 'gan', seed: 1 };
  const models = buildModels(o.model, shape);
  const ops = o.diffAugment ?? [];
  const opts = { loss: o.loss, learningRate: 2e-4, beta1: 0.5, nHair, nEyes, conditional: isConditional(o.model), diffAugment: ops, reuseFake: o.reuseFake };
  const step = withAverage(createStep(o.model, models, opts), o.model, shape, models.g, o.emaBeta);
  // As the trainer takes them: made on the prefetch thread while the previous step runs.
  const batchOpts = { batch: o.batch, seed: 1, augment: true };
  const batches = o.prefetch === false ? new InlineBatches(ds, batchOpts) : openBatches(ds, batchOpts);
  const rng = new Rng(1);
  const once = async () => {
    const b = await batches.next();
    const fakeHair = Int32Array.from({ length: o.batch }, () => rng.int(nHair));
    const fakeEyes = Int32Array.from({ length: o.batch }, () => rng.int(nEyes));
    const gpEps = o.loss === 'wgan-gp' ? Float32Array.from({ length: o.batch }, () => rng.next()) : null;
    const aug = ops.length ? { real: drawAugment(rng, ops, 1, o.batch), fake: drawAugment(rng, ops, 1, o.batch), gen: drawAugment(rng, ops, 1, o.batch) } : null;
    step.run({ real: b.pixels, realHair: b.hair, realEyes: b.eyes, z: drawNoise(rng, o.batch), fakeHair, fakeEyes, gpEps, aug }, 1);
  };
  const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism(), load1: os.loadavg()[0]! };
  let timed: { ms: number; drift: number; kernels: TrainBenchResult['kernels']; flops: StepFlops | undefined };
  // A failing model (out of memory, say) must not leave its tensors or thread to the next one.
  try {
    await once(); // warm-up: kernel setup, first allocations
    // Measured here, in the conditions the steps then run in (the machine's other work included).
    const peak = o.profile ? measurePeak() : null;
    const profiler = o.profile ? profileKernels(tf.getBackend()) : null;
    const tensorsBefore = tf.memory().numTensors;
    const t0 = performance.now();
    for (let i = 0; i < o.steps; i++) await once();
    const ms = (performance.now() - t0) / o.steps;
    const drift = tf.memory().numTensors - tensorsBefore;
    profiler?.stop();
    const perStep = (list: KernelTime[]) =>
      list.map((k) => ({ kernel: k.kernel, calls: k.calls / o.steps, ms: Math.round((k.ms / o.steps) * 10) / 10 }));
    const kernels = profiler
      ? { byKernel: perStep(profiler.report(false)), byShape: perStep(profiler.report(true).slice(0, 40)) }
      : undefined;
    const flops = profiler ? stepFlops(profiler.report(true), o.steps, ms, peak) : undefined;
    timed = { ms, drift, kernels, flops };
  } finally {
    batches.close();
    step.dispose();
    for (const n of step.nets) n.params.dispose();
  }
  const { ms, drift, kernels, flops } = timed;
  const prefetch = batches.prefetching;
  return {
    bench: 'train',
    model: o.model,
    loss: o.loss,
    width: o.width,
    batch: o.batch,
    steps: o.steps,
    emaBeta: o.emaBeta ?? 0,
    diffAugment: ops,
    reuseFake: o.reuseFake ?? false,
    backend: backend.name,
    device: backend.device,
    msPerStep: Math.round(ms * 10) / 10,
    imgPerSec: Math.round((o.batch / (ms / 1000)) * 100) / 100,
    numTensorsDrift: drift,
    prefetch,
    machine,
    ...(kernels ? { kernels } : {}),
    ...(flops ? { flops } : {}),
  };
}
