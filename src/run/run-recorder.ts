/**
 * A run folder as the trainer's Recorder: events appended to events.jsonl, sample grids as PNGs
 * under samples/, checkpoints under ckpt/ (pruned to the newest few) and the judge's favourite
 * copied to best/. Every file appears whole or not at all, so a kill never leaves half of one.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { latestCheckpoint, pruneCheckpoints, writeCheckpoint } from '../engine/checkpoint.js';
import type { SampleGrid } from '../engine/fixed-samples.js';
import { encodePng } from '../engine/image.js';
import type { Recorder, SavedTraining, TrainingSnapshot } from '../engine/recorder.js';
import type { TrainerCheckpointState } from '../engine/trainer-state.js';
import type { TrainerEvent } from '../protocol/events.js';
import { keepBestCheckpoint } from './best-checkpoint.js';
import type { RunFolder } from './run-folder.js';

export class RunRecorder implements Recorder {
  constructor(readonly run: RunFolder) {}

  get name(): string {
    return this.run.name;
  }

  get dir(): string {
    return this.run.dir;
  }

  appendEvent(event: TrainerEvent): void {
    this.run.appendEvent(event);
  }

  /** Epoch grids get their own PNG (the scrubber and the export read them); step grids replace samples/latest.png. */
  async saveSample(grid: SampleGrid, kind: 'epoch' | 'step', n: number): Promise<string> {
    const png = await encodePng(grid.pixels, grid.width, grid.height);
    const rel = kind === 'epoch' ? this.run.samplePath('epoch', n).rel : 'samples/latest.png';
    const abs = path.join(this.run.dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    const tmp = `${abs}.tmp-${process.pid}`;
    writeFileSync(tmp, png);
    renameSync(tmp, abs);
    return rel;
  }

  latestCheckpoint(onSkip: (message: string) => void): Promise<SavedTraining | null> {
    return latestCheckpoint<TrainerCheckpointState>(this.run.checkpointsDir, onSkip);
  }

  async saveCheckpoint(snapshot: TrainingSnapshot, keepLast: number): Promise<string> {
    const dir = await writeCheckpoint(this.run.checkpointsDir, snapshot.meta, snapshot.tensors);
    await pruneCheckpoints(this.run.checkpointsDir, keepLast);
    return dir;
  }

  keepBest(checkpointDir: string): Promise<void> {
    return keepBestCheckpoint(checkpointDir, this.run.bestDir);
  }

  displayPath(checkpointDir: string): string {
    return path.relative(this.run.dir, checkpointDir);
  }
}
