/** What a checkpoint holds besides tensors, and how a trainer's pieces are saved and restored. */
import type { TrainConfig } from './config.js';
import type { DatasetInfo } from '../protocol/events.js';
import type { RngState } from '../util/rng.js';

export interface TrainerCheckpointState {
  run: string;
  config: TrainConfig;
  /** λ at the time of the save: a change made while training survives a resume. */
  lambda: number;
  hairVocab: string[];
  eyesVocab: string[];
  dataset: DatasetInfo;
  /** Opaque state of the batcher (epoch order, position, augmentation RNG). */
  batcher: unknown;
  /** The RNG for noise, fake labels and the gradient penalty's mixing weights. */
  rng: RngState;
  /** Each optimizer's update count: G's, D's and, for acgan-split, the classifier's. */
  adam: { g: number; d: number; c?: number };
  /** Fixed sample grid: class pairs per row (empty for DCGAN); the noise is the 'fixed/z' tensor. */
  sampleRows: Array<[number, number]>;
  sampleCols: number;
  /** The augmentation probability at the save (ADA moves it); absent without augmentation. */
  augmentP?: number;
}

/** Settings that must match for a checkpoint to load into a model, with what differs. */
export function incompatibility(saved: TrainConfig, wanted: Pick<TrainConfig, 'model' | 'width' | 'loss'>): string | null {
  const diffs: string[] = [];
  if (saved.model !== wanted.model) diffs.push(`model ${saved.model} (not ${wanted.model})`);
  if (saved.width !== wanted.width) diffs.push(`width ${saved.width} (not ${wanted.width})`);
  if (saved.loss !== wanted.loss) diffs.push(`loss ${saved.loss} (not ${wanted.loss})`);
  return diffs.length ? `the run was made with ${diffs.join(', ')}` : null;
}
