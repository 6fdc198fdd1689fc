/** A small real trainer on drawn faces, for engine tests. */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { Trainer } from '../../src/engine/trainer.js';
import { defaultConfig, type ModelKind, type TrainConfig } from '../../src/engine/config.js';
import type { TrainerEvent } from '../../src/protocol/events.js';
import { drawFaces } from '../../src/data/drawn-faces.js';
import type { FaceDataset } from '../../src/data/dataset.js';
import { RunFolder } from '../../src/run/run-folder.js';
import { RunRecorder } from '../../src/run/run-recorder.js';
import type { TrainJob } from '../../src/run/train-job.js';

const datasets = new Map<number, FaceDataset>();
export function smallFaces(count = 64): FaceDataset {
  if (!datasets.has(count)) datasets.set(count, drawFaces(count, 7));
  return datasets.get(count)!;
}

export async function smallTrainer(
  runDir: string,
  opts: { model?: ModelKind; steps?: number; resume?: boolean; config?: Partial<TrainConfig>; events?: TrainerEvent[] } = {},
): Promise<Trainer> {
  mkdirSync(runDir, { recursive: true });
  const config: TrainConfig = { ...defaultConfig(opts.model ?? 'acgan'), width: 0.0625, batch: 8, sampleEvery: 1000, ...opts.config };
  return Trainer.create({
    config,
    dataset: smallFaces(),
    recorder: new RunRecorder(new RunFolder(path.resolve(runDir))),
    backend: { name: 'wasm', device: 'test', reason: 'test', requested: 'wasm' },
    until: { steps: opts.steps ?? 2 },
    resume: opts.resume,
    onEvent: (e) => opts.events?.push(e),
  });
}

/** A tiny ACGAN job on drawn faces (wasm), for tests that run the whole job path to a run folder. */
export function tinyJob(runDir: string, steps: number): TrainJob {
  return {
    config: { ...defaultConfig('acgan'), width: 0.0625, batch: 4, sampleEvery: 2 },
    explicit: {},
    dataDir: null,
    dataFrom: 'none',
    skipBad: false,
    backend: 'wasm',
    runDir,
    resume: false,
    until: { steps },
    keepCheckpoints: 3,
    checkpointEvery: 0,
  };
}
