/** Trainer events and face grids for UI tests. Times are epoch ms from a fixed T0. */
import type {
  CheckpointEvent,
  DoneEvent,
  StartEvent,
  StepEvent,
} from '../../src/protocol/events.js';
import type { FaceGrid } from '../../src/protocol/messages.js';

export const T0 = Date.UTC(2026, 10, 28, 7, 12, 0);

export function startEvent(over: Partial<StartEvent> = {}): StartEvent {
  return {
    type: 'start',
    time: T0,
    run: '2026-11-28-0712',
    runDir: '/tmp/runs/2026-11-28-0712',
    model: 'acgan-resnet',
    width: 0.5,
    loss: 'gan',
    batch: 64,
    lambda: 5,
    learningRate: 2e-4,
    backend: 'wasm',
    backendRequested: 'auto',
    backendReason: 'no tfjs-node',
    device: 'cpu',
    dataset: {
      source: 'mlds',
      dir: '/data/anime-faces-mlds',
      count: 36740,
      hairVocab: ['aqua', 'black', 'blonde', 'blue'],
      eyesVocab: ['orange', 'yellow', 'purple'],
      attributes: ['hair', 'eyes'],
    },
    stepsPerEpoch: 574,
    totalSteps: 574 * 250,
    startStep: 0,
    resumed: false,
    sampleRows: ['aqua/orange', 'black/yellow', 'blonde/purple'],
    ...over,
  };
}

export function stepEvent(step: number, over: Partial<StepEvent> = {}): StepEvent {
  const stepsPerEpoch = over.stepsPerEpoch ?? 574;
  return {
    type: 'step',
    time: T0 + step * 500,
    step,
    epoch: Math.floor((step - 1) / stepsPerEpoch) + 1,
    stepInEpoch: ((step - 1) % stepsPerEpoch) + 1,
    stepsPerEpoch,
    lambda: 5,
    dLoss: 0.6 + 0.1 * Math.sin(step),
    gLoss: 1.8 + 0.2 * Math.cos(step),
    dReal: 0.71,
    dFake: 0.28,
    imgPerSec: 412.3,
    hairAccReal: 0.93,
    eyesAccReal: 0.9,
    hairAccFake: 0.88,
    eyesAccFake: 0.71,
    ...over,
  };
}

export function checkpointEvent(over: Partial<CheckpointEvent> = {}): CheckpointEvent {
  return { type: 'checkpoint', time: T0 + 60_000, step: 574, epoch: 1, path: 'checkpoints/epoch-1', reason: 'epoch', ...over };
}

export function doneEvent(over: Partial<DoneEvent> = {}): DoneEvent {
  return { type: 'done', time: T0 + 120_000, step: 600, epoch: 2, reason: 'stopped', lastCheckpoint: 'checkpoints/final', ...over };
}

/** A rows×cols grid of 64×64 faces; face (r, c) is a flat colour unless `pattern` says otherwise. */
export function faceGrid(rows: number, cols: number, rowLabels: string[] = [], size = 64): FaceGrid {
  const width = cols * size;
  const height = rows * size;
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.floor(y / size);
      const c = Math.floor(x / size);
      const i = (y * width + x) * 3;
      pixels[i] = (40 * r + 10) % 256;
      pixels[i + 1] = (40 * c + 20) % 256;
      // Top half of every face lighter than the bottom, so half-blocks have two colours.
      pixels[i + 2] = y % size < size / 2 ? 200 : 50;
    }
  }
  return { rows, cols, width, height, pixels, rowLabels };
}
