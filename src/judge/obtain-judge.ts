/**
 * The judge for a data set, ready to use: from this machine's cache or the package when one was
 * trained on the same faces, else trained now (once: it is cached for every later run and eval).
 */
import path from 'node:path';
import type { FaceDataset } from '../data/dataset.js';
import { judgeBytes, pickFaces } from './judge-features.js';
import { splitFaces, type JudgeSplit } from './judge-split.js';
import { datasetFingerprint, findJudge, judgeCacheRoot, saveJudge, SHIPPED_JUDGES, type StoredJudge } from './judge-store.js';
import { JUDGE_TRAINING, trainJudge, type JudgeTrainOptions } from './judge-train.js';

export interface ObtainJudgeOptions {
  /** Where judges are cached; default ~/.cache/anime-gan-tui/judges. */
  cacheRoot?: string;
  shippedRoot?: string;
  training?: JudgeTrainOptions;
  /** Train a new judge even when one is cached. */
  retrain?: boolean;
  /** Training progress, in steps; only called when a judge is trained. */
  onProgress?: (done: number, total: number) => void;
}

export interface ReadyJudge extends StoredJudge {
  split: JudgeSplit;
  /** Trained by this call (not found in a cache or the package). */
  trainedNow: boolean;
}

function describe(ds: FaceDataset): string {
  // The folder's name, not its path: a judge that ships must not carry the path of the machine it was made on.
  const what = ds.source === 'drawn' ? 'drawn faces' : ds.dir ? path.basename(ds.dir) : 'a data folder';
  return `${what} (${ds.count.toLocaleString('en-US')} faces)`;
}

export async function obtainJudge(ds: FaceDataset, opts: ObtainJudgeOptions = {}): Promise<ReadyJudge> {
  const fingerprint = datasetFingerprint(ds);
  const split = splitFaces(ds);
  const cacheRoot = opts.cacheRoot ?? judgeCacheRoot();
  if (!opts.retrain) {
    const found = await findJudge(fingerprint, cacheRoot, opts.shippedRoot ?? SHIPPED_JUDGES);
    if (found) return { ...found, split, trainedNow: false };
  }
  if (split.train.length < 2 || split.heldOut.length < 2) {
    throw new RangeError(`the judge needs more faces than ${ds.count} to learn from and to test on`);
  }
  const training = opts.training ?? JUDGE_TRAINING;
  const net = trainJudge(ds, split, training, opts.onProgress);
  const held = judgeBytes(net, pickFaces(ds.pixels, split.heldOut));
  let h = 0;
  let e = 0;
  let both = 0;
  for (let i = 0; i < held.n; i++) {
    const f = split.heldOut[i]!;
    const hOk = held.hair[i] === ds.hair[f];
    const eOk = held.eyes[i] === ds.eyes[f];
    h += +hOk;
    e += +eOk;
    both += +(hOk && eOk);
  }
  const meta = {
    fingerprint,
    hairVocab: ds.hairVocab,
    eyesVocab: ds.eyesVocab,
    training,
    heldOut: { count: held.n, hairAcc: h / held.n, eyesAcc: e / held.n, bothAcc: both / held.n },
    about: describe(ds),
  };
  const saved = await saveJudge(net, meta, cacheRoot);
  return { net, meta: saved.meta, dir: saved.dir, origin: 'cache', split, trainedNow: true };
}
