/**
 * A run folder as a trainer leaves it, written without training: run.json, events.jsonl (start,
 * steps, samples, epoch ends, and quality judgements, so that export is tested on every kind)
 * and real PNG epoch grids made with sharp, plus the latest.png and step previews the export must
 * leave out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { QualityEvent, TrainerEvent } from '../../src/protocol/events.js';
import type { RunInfo } from '../../src/run/run-folder.js';
import { faceGrid, startEvent, stepEvent, T0 } from './fixtures.js';

export const ROW_LABELS = ['aqua/orange', 'black/yellow'];
export const GRID = { rows: 2, cols: 3, face: 64 };

export interface FixtureRun {
  dir: string;
  events: TrainerEvent[];
}

export interface FixtureOptions {
  stepsPerEpoch?: number;
  epochs?: number;
  /** Write samples/epoch-NNNN.png for each epoch (default true). */
  grids?: boolean;
  /** A quality event at each epoch end (default true). */
  quality?: boolean;
  /** Steps after the last epoch's end, so the run stops mid-epoch (default 1). */
  extraSteps?: number;
}

export function qualityEvent(step: number, epoch: number, over: Partial<QualityEvent> = {}): QualityEvent {
  return {
    type: 'quality',
    time: T0 + step * 500 + 250,
    step,
    epoch,
    faces: 512,
    frechet: 100 / epoch,
    frechetFloor: 4.5,
    diversity: 0.5 + 0.1 * epoch,
    hairAcc: 0.5,
    eyesAcc: 0.4,
    bothAcc: 0.25,
    best: true,
    ms: 1234,
    ...over,
  };
}

/** A grid whose faces change with the epoch, so frames differ. */
async function gridPng(epoch: number): Promise<Buffer> {
  const g = faceGrid(GRID.rows, GRID.cols, ROW_LABELS, GRID.face);
  for (let i = 0; i < g.pixels.length; i += 3) g.pixels[i] = (g.pixels[i]! + 30 * epoch) % 256;
  return sharp(Buffer.from(g.pixels), { raw: { width: g.width, height: g.height, channels: 3 } }).png().toBuffer();
}

export async function writeFixtureRun(dir: string, opts: FixtureOptions = {}): Promise<FixtureRun> {
  const stepsPerEpoch = opts.stepsPerEpoch ?? 4;
  const epochs = opts.epochs ?? 3;
  const extra = opts.extraSteps ?? 1;
  mkdirSync(path.join(dir, 'samples'), { recursive: true });
  const start = startEvent({ run: path.basename(dir), runDir: dir, stepsPerEpoch, sampleRows: ROW_LABELS, model: 'acgan' });
  const info: RunInfo = {
    format: 1,
    name: path.basename(dir),
    created: T0 - 1000,
    config: { model: 'acgan', width: 0.5, batch: 64, lambda: 1, loss: 'gan', learningRate: 2e-4, beta1: 0.5, seed: 1, sampleEvery: 50, augment: true },
    dataset: start.dataset,
  };
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify(info, null, 2) + '\n');
  const events: TrainerEvent[] = [start];
  const total = stepsPerEpoch * epochs + extra;
  for (let step = 1; step <= total; step++) {
    const e = stepEvent(step, { stepsPerEpoch, lambda: 1 });
    events.push(e);
    if (step % 2 === 0) {
      events.push({ type: 'sample', time: e.time, step, epoch: e.epoch, path: 'samples/latest.png', rows: GRID.rows, cols: GRID.cols, rowLabels: ROW_LABELS });
    }
    if (step % stepsPerEpoch === 0) {
      const epoch = step / stepsPerEpoch;
      const rel = `samples/epoch-${String(epoch).padStart(4, '0')}.png`;
      if (opts.grids ?? true) {
        writeFileSync(path.join(dir, rel), await gridPng(epoch));
        events.push({ type: 'sample', time: e.time, step, epoch, path: rel, rows: GRID.rows, cols: GRID.cols, rowLabels: ROW_LABELS });
      }
      events.push({ type: 'epoch', time: e.time, epoch, step, sample: (opts.grids ?? true) ? rel : null });
      if (opts.quality ?? true) events.push(qualityEvent(step, epoch));
    }
  }
  if (opts.grids ?? true) {
    // Not epoch grids: the export leaves them out.
    writeFileSync(path.join(dir, 'samples', 'latest.png'), await gridPng(99));
    writeFileSync(path.join(dir, 'samples', 'step-00000002.png'), await gridPng(98));
  }
  writeFileSync(path.join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return { dir, events };
}
