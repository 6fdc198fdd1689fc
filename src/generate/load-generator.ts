/** A generator rebuilt from a checkpoint, for drawing faces without a trainer. */
import { buildModels, type Generator } from '../engine/models/index.js';
import { assignParams, latestCheckpoint, readCheckpoint, CheckpointError } from '../engine/checkpoint.js';
import { isConditional, type TrainConfig } from '../engine/config.js';
import { averagedWeights } from '../engine/averaged-generator.js';
import type { TrainerCheckpointState } from '../engine/trainer-state.js';
import type { Vocab } from '../engine/sampler.js';
import { DEFAULT_ATTRIBUTES } from '../protocol/events.js';

export interface LoadedGenerator {
  g: Generator;
  config: TrainConfig;
  vocab: Vocab | null;
  checkpoint: string;
  step: number;
  epoch: number;
  /** For a generator-only checkpoint (the shipped model): how it was made; else null. */
  about: string | null;
  /** Which weights draw: the run's average of G (what its samples showed), or G as it trained. */
  weights: 'averaged' | 'raw';
  dispose: () => void;
}

/** What a trainer's checkpoint and a generator-only one (shipped-model.ts, with `about`) both hold. */
type SavedState = Pick<TrainerCheckpointState, 'config' | 'hairVocab' | 'eyesVocab'> & {
  about?: string;
  /** A trainer checkpoint's data set, whose attribute names a generator-only one keeps as `attributes`. */
  dataset?: { attributes?: unknown };
  attributes?: unknown;
};

/** The attribute names a checkpoint was trained with; MLDS's for checkpoints from before they were saved. */
export function savedAttributes(st: Pick<SavedState, 'dataset' | 'attributes'>): [string, string] {
  const a = st.attributes ?? st.dataset?.attributes;
  return Array.isArray(a) && a.length === 2 && a.every((x) => typeof x === 'string') ? [a[0], a[1]] : [...DEFAULT_ATTRIBUTES];
}

/** The generator a checkpoint's settings describe, with fresh weights. */
export function buildGenerator(st: Pick<TrainerCheckpointState, 'config' | 'hairVocab' | 'eyesVocab'>): Generator {
  const { g, d, c } = buildModels(st.config.model, {
    width: st.config.width,
    nHair: st.hairVocab.length,
    nEyes: st.eyesVocab.length,
    discriminatorNorm: st.config.loss === 'gan',
    seed: st.config.seed,
  });
  // Only the generator is needed; D (and acgan-split's classifier) were built for their shapes' sake and go at once.
  d.params.dispose();
  c?.params.dispose();
  return g;
}

/**
 * checkpoint: a folder, or null for the newest good one under `checkpointsDir`. The averaged G
 * draws where the checkpoint holds one, unless `raw` asks for G's own weights.
 */
export async function loadGenerator(
  checkpointsDir: string,
  checkpoint: string | null,
  onSkip?: (m: string) => void,
  opts: { raw?: boolean } = {},
): Promise<LoadedGenerator> {
  const found = checkpoint
    ? { dir: checkpoint, ...(await readCheckpoint<SavedState>(checkpoint)) }
    : await latestCheckpoint<SavedState>(checkpointsDir, onSkip);
  if (!found) throw new CheckpointError(`no checkpoint in ${checkpointsDir} yet (train a while first, or press c in the dashboard)`);
  const st = found.meta.extra;
  // A generator-only checkpoint (the shipped model) of a run that averaged G holds that average as
  // its only generator: it draws averaged weights, and has no raw ones to give.
  const about = typeof st.about === 'string' ? st.about : null;
  const averageOnly = about !== null && (st.config.emaBeta ?? 0) > 0;
  if (opts.raw && averageOnly) {
    throw new CheckpointError(`${found.dir} holds only the averaged weights of its run, not G's own: leave out --raw`);
  }
  const g = buildGenerator(st);
  const averaged = opts.raw ? null : averagedWeights(found.values);
  assignParams(g.params, averaged ?? found.values);
  return {
    g,
    config: st.config,
    vocab: isConditional(st.config.model) ? { hairVocab: st.hairVocab, eyesVocab: st.eyesVocab, attributes: savedAttributes(st) } : null,
    checkpoint: found.dir,
    step: found.meta.step,
    epoch: found.meta.epoch,
    about,
    weights: averaged || averageOnly ? 'averaged' : 'raw',
    dispose: () => g.params.dispose(),
  };
}
