/**
 * The run as a TensorBoard event file: every step's losses, D outputs, speed, λ and class
 * accuracies, every quality judgement, and the epoch grids as images, each at its step.
 * `tensorboard --logdir <out>/tensorboard` shows them.
 */
import { readFileSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { QualityEvent, StepEvent } from '../protocol/events.js';
import type { EpochGrid } from './export-grids.js';
import { writeAtomic } from './export-files.js';
import { EXPORTED_QUALITY_METRICS, EXPORTED_STEP_METRICS, type Metric } from './export-metrics.js';
import { encodeEvent, FILE_VERSION, tfRecord, type SummaryValue } from './tfevents.js';

export const IMAGE_TAG = 'samples/fixed_noise';

export interface TensorboardSummary {
  file: string;
  steps: number;
  judgements: number;
  images: number;
  tags: string[];
}

/** TensorFlow's name for an event file; TensorBoard reads any file whose name holds "tfevents". */
export function eventFileName(created: number, host = os.hostname()): string {
  return `events.out.tfevents.${Math.floor(created / 1000)}.${host.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

/**
 * A resumed run can hold a step twice (the steps after its last checkpoint, run again after a
 * crash): the later one is what the run kept, so it alone is charted. Sorted by step.
 */
export function lastPerStep<E extends { step: number }>(events: readonly E[]): E[] {
  const byStep = new Map<number, E>();
  for (const e of events) byStep.set(e.step, e);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

function scalars<E>(metrics: ReadonlyArray<Metric<E>>, e: E): SummaryValue[] {
  const out: SummaryValue[] = [];
  for (const m of metrics) {
    const v = m.get(e);
    if (m.tag !== null && typeof v === 'number') out.push({ tag: m.tag, simple_value: v });
  }
  return out;
}

interface Pending {
  step: number;
  /** Steps before quality judgements before images at the same step. */
  order: number;
  wallTime: number;
  values: SummaryValue[];
}

export async function writeTensorboard(
  dir: string,
  created: number,
  events: ReadonlyArray<StepEvent | QualityEvent>,
  grids: readonly EpochGrid[],
): Promise<TensorboardSummary> {
  const steps = lastPerStep(events.filter((e): e is StepEvent => e.type === 'step'));
  const judgements = lastPerStep(events.filter((e): e is QualityEvent => e.type === 'quality'));
  const pending: Pending[] = [
    ...steps.map((e) => ({ step: e.step, order: 0, wallTime: e.time, values: scalars(EXPORTED_STEP_METRICS, e) })),
    ...judgements.map((e) => ({ step: e.step, order: 1, wallTime: e.time, values: scalars(EXPORTED_QUALITY_METRICS, e) })),
  ];
  // A grid whose epoch event was lost goes at the last step recorded in its epoch.
  const lastOfEpoch = new Map<number, StepEvent>();
  for (const e of steps) lastOfEpoch.set(e.epoch, e);
  let images = 0;
  for (const grid of grids) {
    const png = readFileSync(grid.file);
    const { width, height, channels, format } = await sharp(png).metadata();
    if (format !== 'png' || !width || !height) continue;
    const fallback = lastOfEpoch.get(grid.epoch);
    const step = grid.step ?? fallback?.step ?? 0;
    const wallTime = grid.time ?? fallback?.time ?? created;
    // colorspace: 3 RGB, 4 RGBA (summary.proto's numbering).
    const image = { height, width, colorspace: channels === 4 ? 4 : 3, encoded_image_string: png };
    pending.push({ step, order: 2, wallTime, values: [{ tag: IMAGE_TAG, image }] });
    images++;
  }
  pending.sort((a, b) => a.step - b.step || a.order - b.order);

  const first = pending.reduce((t, p) => Math.min(t, p.wallTime), created);
  const records: Buffer[] = [
    tfRecord(encodeEvent({ wall_time: first / 1000, step: 0, file_version: FILE_VERSION, source_metadata: { writer: 'anime-gan-tui export' } })),
  ];
  const tags = new Set<string>();
  for (const p of pending) {
    if (p.values.length === 0) continue;
    for (const v of p.values) tags.add(v.tag);
    records.push(tfRecord(encodeEvent({ wall_time: p.wallTime / 1000, step: p.step, summary: { value: p.values } })));
  }

  const name = eventFileName(created);
  const file = path.join(dir, name);
  await writeAtomic(file, Buffer.concat(records));
  // An earlier export's file (another host's name, say) would show every point twice.
  for (const other of await fs.readdir(dir)) {
    if (other !== name && other.startsWith('events.out.tfevents.')) await fs.rm(path.join(dir, other), { force: true });
  }
  return { file, steps: steps.length, judgements: judgements.length, images, tags: [...tags].sort() };
}
