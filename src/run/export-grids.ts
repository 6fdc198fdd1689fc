/**
 * The fixed-noise epoch grids of a run (samples/epoch-NNNN.png), with what the events say about
 * each: the step it was drawn at and the labels of its rows. The files on disk are what is
 * exported; the events only describe them, so a grid whose events were lost is still exported.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { TrainerEvent } from '../protocol/events.js';
import type { RunFolder } from './run-folder.js';

export interface EpochGrid {
  epoch: number;
  /** Absolute path of the PNG. */
  file: string;
  /** The step the grid was drawn after, when an event says so. */
  step: number | null;
  /** Wall time (ms) of the epoch's end, when an event says so. */
  time: number | null;
  /** One label per row of faces ("blue/red"); empty for DCGAN, whose rows mean nothing. */
  rowLabels: string[];
}

const EPOCH_FILE = /^epoch-(\d+)\.png$/;

export function epochGrids(run: RunFolder, events: readonly TrainerEvent[]): EpochGrid[] {
  let files: string[];
  try {
    files = readdirSync(run.samplesDir);
  } catch {
    return [];
  }
  // A resumed run that repeated an epoch overwrote its grid, so the last event about it wins.
  const ends = new Map<number, { step: number; time: number }>();
  const labels = new Map<string, string[]>();
  let sampleRows: string[] = [];
  for (const e of events) {
    if (e.type === 'epoch') ends.set(e.epoch, { step: e.step, time: e.time });
    else if (e.type === 'sample') labels.set(e.path, e.rowLabels);
    else if (e.type === 'start') sampleRows = e.sampleRows;
  }
  const grids: EpochGrid[] = [];
  for (const name of files) {
    const m = EPOCH_FILE.exec(name);
    if (!m) continue;
    const epoch = Number(m[1]);
    const end = ends.get(epoch);
    grids.push({
      epoch,
      file: path.join(run.samplesDir, name),
      step: end?.step ?? null,
      time: end?.time ?? null,
      rowLabels: labels.get(`samples/${name}`) ?? sampleRows,
    });
  }
  return grids.sort((a, b) => a.epoch - b.epoch);
}
