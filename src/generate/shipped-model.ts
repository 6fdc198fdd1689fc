/**
 * The generator that ships with the package (checkpoints/shipped/generator/), so that a new user
 * can make faces before training anything. It is an ordinary checkpoint folder holding only the
 * generator's tensors and, in its meta, the colour vocabulary, the training settings and a line
 * saying how it was trained: no discriminator, no optimizer state.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { paramEntries, readCheckpoint, writeCheckpoint, CheckpointError, type NamedValues } from '../engine/checkpoint.js';
import { buildGenerator, savedAttributes } from './load-generator.js';
import { averagedWeights } from '../engine/averaged-generator.js';
import { packageRoot } from '../util/paths.js';
import type { TrainerCheckpointState } from '../engine/trainer-state.js';

export const SHIPPED_DIR = path.join(packageRoot, 'checkpoints', 'shipped');
export const SHIPPED_GENERATOR = path.join(SHIPPED_DIR, 'generator');

/** What a generator-only checkpoint keeps of the trainer's state. */
export interface GeneratorOnlyState extends Pick<TrainerCheckpointState, 'run' | 'config' | 'lambda' | 'hairVocab' | 'eyesVocab'> {
  generatorOnly: true;
  /** The attribute names of its data (a generator-only checkpoint keeps no data set); absent: hair and eyes. */
  attributes?: [string, string];
  /** How it was made, for the generate view's header and `--help`'s readers, e.g. "acgan ×0.5, 25 epochs on MLDS". */
  about: string;
}

/** The shipped generator's checkpoint folder, or null when this copy has none. */
export function shippedGenerator(dir = SHIPPED_GENERATOR): string | null {
  return existsSync(path.join(dir, 'meta.json')) ? dir : null;
}

/**
 * Writes the generator of a full checkpoint (its average of G where it keeps one: the weights
 * that drew its samples) as a generator-only one into `outRoot`
 * (as `outRoot/<name>` is renamed into place: `step-NNNNNNNN`); returns its folder.
 */
export async function writeGeneratorOnly(fromCheckpoint: string, outRoot: string, about: string): Promise<string> {
  const { meta, values } = await readCheckpoint<TrainerCheckpointState>(fromCheckpoint);
  const st = meta.extra;
  if (!st?.config) throw new CheckpointError(`${fromCheckpoint}: not a trainer checkpoint`);
  // Which tensors are the generator's: the names of a generator built the same way.
  const g = buildGenerator(st);
  const names = paramEntries(g.params).map((e) => e.name);
  g.params.dispose();
  const weights = averagedWeights(values) ?? values;
  const tensors: NamedValues[] = names.map((name) => {
    const v = weights.get(name);
    if (!v) throw new CheckpointError(`${fromCheckpoint}: no tensor '${name}'`);
    return v;
  });
  const extra: GeneratorOnlyState = {
    run: st.run,
    config: st.config,
    lambda: st.lambda,
    hairVocab: st.hairVocab,
    eyesVocab: st.eyesVocab,
    attributes: savedAttributes(st),
    generatorOnly: true,
    about,
  };
  return writeCheckpoint(outRoot, { step: meta.step, epoch: meta.epoch, time: meta.time, keep: true, extra }, tensors);
}
