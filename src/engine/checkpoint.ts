/**
 * Checkpoints: one folder per save, `step-NNNNNNNN/` holding `meta.json` and `weights.bin` (every
 * tensor as float32, back to back). A save is written to a temporary folder and renamed into
 * place, so a kill at any moment leaves either the whole new checkpoint or none of it; the meta
 * carries a SHA-256 of the weights so a damaged one is detected and skipped.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ParamSet } from './models/params.js';
import { AppError } from '../util/errors.js';

export const CHECKPOINT_FORMAT = 1;

export interface TensorEntry {
  name: string;
  shape: number[];
  /** Offset in float32 elements. */
  offset: number;
  size: number;
}

/** What a checkpoint says about itself; `extra` is the trainer's own state (plain JSON). */
export interface CheckpointMeta<Extra = unknown> {
  format: number;
  step: number;
  epoch: number;
  time: number;
  /** Kept when old checkpoints are pruned. */
  keep: boolean;
  extra: Extra;
  tensors: TensorEntry[];
  sha256: string;
}

export interface NamedValues {
  name: string;
  shape: number[];
  values: Float32Array;
}

export class CheckpointError extends AppError {}

export function checkpointName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}

/** Reads every tensor of the list back from the backend, named. */
export async function snapshotTensors(entries: Array<{ name: string; tensor: tf.Tensor }>): Promise<NamedValues[]> {
  return Promise.all(
    entries.map(async ({ name, tensor }) => ({ name, shape: tensor.shape, values: (await tensor.data()) as Float32Array })),
  );
}

/** The variables of a network, under their names inside the network ('g/fc/w'). */
export function paramEntries(ps: ParamSet): Array<{ name: string; tensor: tf.Tensor }> {
  return ps.all().map((v) => ({ name: ps.localNames.get(v.name)!, tensor: v }));
}

export async function writeCheckpoint<Extra>(
  root: string,
  meta: Omit<CheckpointMeta<Extra>, 'tensors' | 'sha256' | 'format'>,
  tensors: NamedValues[],
): Promise<string> {
  await fs.mkdir(root, { recursive: true });
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    entries.push({ name: t.name, shape: t.shape, offset, size: t.values.length });
    offset += t.values.length;
  }
  const all = new Float32Array(offset);
  for (let i = 0; i < tensors.length; i++) all.set(tensors[i]!.values, entries[i]!.offset);
  const bytes = Buffer.from(all.buffer, all.byteOffset, all.byteLength);
  const full: CheckpointMeta<Extra> = {
    format: CHECKPOINT_FORMAT,
    ...meta,
    tensors: entries,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };

  const final = path.join(root, checkpointName(meta.step));
  const tmp = path.join(root, `.tmp-${checkpointName(meta.step)}-${process.pid}-${Date.now()}`);
  await fs.mkdir(tmp);
  try {
    await writeDurable(path.join(tmp, 'weights.bin'), bytes);
    await writeDurable(path.join(tmp, 'meta.json'), JSON.stringify(full, null, 1));
    // A checkpoint of the same step (saved again after a resume) is replaced whole.
    await fs.rm(final, { recursive: true, force: true });
    await fs.rename(tmp, final);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
  return final;
}

async function writeDurable(file: string, data: string | Buffer): Promise<void> {
  const fh = await fs.open(file, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Loads and verifies one checkpoint folder. */
export async function readCheckpoint<Extra = unknown>(dir: string): Promise<{ meta: CheckpointMeta<Extra>; values: Map<string, NamedValues> }> {
  let meta: CheckpointMeta<Extra>;
  try {
    meta = JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8')) as CheckpointMeta<Extra>;
  } catch (err) {
    throw new CheckpointError(`${dir}: not a readable checkpoint (${(err as Error).message})`);
  }
  if (meta.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`${dir}: checkpoint format ${meta.format} is not supported`);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(dir, 'weights.bin'));
  } catch (err) {
    throw new CheckpointError(`${dir}: weights.bin is missing (${(err as Error).message})`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== meta.sha256) {
    throw new CheckpointError(`${dir}: weights.bin does not match its checksum (damaged checkpoint)`);
  }
  // Copy into an aligned buffer: Buffer slices may start at any byte.
  const all = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(all.buffer).set(bytes);
  const values = new Map<string, NamedValues>();
  for (const e of meta.tensors) values.set(e.name, { name: e.name, shape: e.shape, values: all.subarray(e.offset, e.offset + e.size) });
  return { meta, values };
}

/** Checkpoint folders of a run, newest step first. */
export async function listCheckpoints(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^step-\d{8}$/.test(n))
    .sort()
    .reverse()
    .map((n) => path.join(root, n));
}

/**
 * The newest checkpoint that reads back whole. Damaged ones are reported through `onSkip` and
 * passed over in favour of the one before.
 */
export async function latestCheckpoint<Extra = unknown>(
  root: string,
  onSkip: (message: string) => void = () => {},
): Promise<{ dir: string; meta: CheckpointMeta<Extra>; values: Map<string, NamedValues> } | null> {
  for (const dir of await listCheckpoints(root)) {
    try {
      return { dir, ...(await readCheckpoint<Extra>(dir)) };
    } catch (err) {
      onSkip((err as Error).message);
    }
  }
  return null;
}

/** Removes all but the newest `keepLast` checkpoints, sparing those marked `keep`, and stale temp folders. */
export async function pruneCheckpoints(root: string, keepLast: number): Promise<void> {
  const all = await listCheckpoints(root);
  for (const dir of all.slice(keepLast)) {
    try {
      const meta = JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8')) as CheckpointMeta;
      if (meta.keep) continue;
    } catch {
      // Unreadable: nothing worth keeping.
    }
    await fs.rm(dir, { recursive: true, force: true });
  }
  for (const n of await fs.readdir(root).catch(() => [] as string[])) {
    if (n.startsWith('.tmp-') && !n.includes(`-${process.pid}-`)) await fs.rm(path.join(root, n), { recursive: true, force: true });
  }
}

/** Sets a network's variables from checkpoint values; a missing name or a shape mismatch is an error. */
export function assignParams(ps: ParamSet, values: Map<string, NamedValues>): void {
  for (const v of ps.all()) assignVariable(v, ps.localNames.get(v.name)!, values);
}

export function assignVariable(v: tf.Variable, name: string, values: Map<string, NamedValues>): void {
  const saved = values.get(name);
  if (!saved) throw new CheckpointError(`checkpoint has no tensor '${name}': it was made by another model`);
  if (saved.shape.join('x') !== v.shape.join('x')) {
    throw new CheckpointError(`checkpoint tensor '${name}' is ${saved.shape.join('×')}, the model needs ${v.shape.join('×')}`);
  }
  tf.tidy(() => v.assign(tf.tensor(saved.values, saved.shape)));
}
