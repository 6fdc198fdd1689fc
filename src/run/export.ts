/**
 * `anime-gan-tui export`'s work, apart from what it prints: a run folder's record turned into
 * files other tools open (a spreadsheet or pandas, an image viewer, TensorBoard). Reads the run
 * folder only; never loads a model, so it needs no tfjs and runs while the run trains.
 */
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { metricsCsv } from './export-csv.js';
import { writeAtomic } from './export-files.js';
import { writeContactSheet, writeSamplesGif } from './export-gif.js';
import { epochGrids, type EpochGrid } from './export-grids.js';
import { metricEvents } from './export-metrics.js';
import { writeTensorboard } from './export-tensorboard.js';
import type { RunFolder } from './run-folder.js';
import { AppError } from '../util/errors.js';

/** Bad input to an export (nothing to export, nowhere to write): one line, exit 2. */
export class ExportError extends AppError {}

export interface ExportedFile {
  /** Relative to the export folder. */
  file: string;
  bytes: number;
  /** What it holds, in a few words. */
  about: string;
}

export interface ExportResult {
  run: string;
  runDir: string;
  out: string;
  files: ExportedFile[];
  skipped: Array<{ file: string; reason: string }>;
  /** Grid files that could not be read (left out of the GIF, sheet and TensorBoard). */
  warnings: string[];
}

/** The folder an export goes to unless --out says otherwise. */
export function defaultExportDir(run: RunFolder): string {
  return path.join(run.dir, 'export');
}

async function checkWritable(out: string): Promise<void> {
  const probe = path.join(out, `.export-probe-${process.pid}`);
  try {
    await fs.mkdir(out, { recursive: true });
    await fs.writeFile(probe, '');
    await fs.rm(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ExportError(`cannot write the export to ${out} (${code}): give --out DIR, a folder you can write to`);
  }
}

/** The grids sharp can read; a damaged one (a kill mid-write) is left out with a warning. */
async function readableGrids(grids: readonly EpochGrid[], warnings: string[]): Promise<EpochGrid[]> {
  const ok: EpochGrid[] = [];
  for (const grid of grids) {
    try {
      const { width, height, format } = await sharp(grid.file).metadata();
      if (format === 'png' && width && height) {
        ok.push(grid);
        continue;
      }
    } catch {
      // Reported below.
    }
    warnings.push(`skipped ${grid.file}: not a readable PNG`);
  }
  return ok;
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export async function exportRun(run: RunFolder, out: string): Promise<ExportResult> {
  const info = run.readInfo();
  const events = run.readEvents();
  const metrics = metricEvents(events);
  if (metrics.length === 0) {
    const why = existsSync(run.eventsFile) ? 'its events.jsonl records no steps' : 'it has no events.jsonl';
    throw new ExportError(`nothing to export from ${run.dir}: ${why}; train it first (anime-gan-tui train --run ${run.dir} --resume)`);
  }
  await checkWritable(out);
  const result: ExportResult = { run: run.name, runDir: run.dir, out, files: [], skipped: [], warnings: [] };
  const add = (file: string, about: string) => result.files.push({ file: path.relative(out, file), bytes: statSync(file).size, about });

  const csv = path.join(out, 'metrics.csv');
  await writeAtomic(csv, metricsCsv(metrics));
  const stepRows = metrics.filter((e) => e.type === 'step').length;
  add(csv, `${count(stepRows, 'step row')}, ${count(metrics.length - stepRows, 'quality row')}`);

  const grids = await readableGrids(epochGrids(run, events), result.warnings);
  if (grids.length === 0) {
    const reason = `no epoch grids in ${path.join(run.dir, 'samples')}/ (one is saved at each epoch's end; this run has not finished an epoch)`;
    result.skipped.push({ file: 'samples.gif', reason }, { file: 'contact-sheet.png', reason });
  } else {
    const gifFile = path.join(out, 'samples.gif');
    const gif = await writeSamplesGif(grids, gifFile);
    const span = gif.frames === 1 ? `epoch ${gif.epochs[0]}` : `epochs ${gif.epochs[0]}–${gif.epochs.at(-1)}`;
    add(gifFile, `${count(gif.frames, 'frame')} (${span}), ${gif.width}×${gif.height}, looping`);
    const sheetFile = path.join(out, 'contact-sheet.png');
    const sheet = await writeContactSheet(grids, sheetFile);
    add(sheetFile, `${count(sheet.tiles, 'grid')}, ${sheet.across} across, ${sheet.width}×${sheet.height}`);
  }

  // run.json's creation time names the event file, so a second export replaces the first.
  const created = typeof info.created === 'number' ? info.created : metrics[0]!.time;
  const tb = await writeTensorboard(path.join(out, 'tensorboard'), created, metrics, grids);
  add(tb.file, `${count(tb.steps, 'step')}, ${count(tb.judgements, 'quality judgement')}, ${count(tb.images, 'image')}; ${count(tb.tags.length, 'tag')}`);
  return result;
}
