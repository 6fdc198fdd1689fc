/**
 * What generated faces are compared with: the judge's view of held-out real faces (never seen by
 * the judge in training) of the judged pairs, plus two figures that say what "perfect" looks like:
 * the Fréchet distance a sample of real faces of the judged size gets (the floor: with 150 faces
 * the distance is never 0, even for real ones), and the judge's accuracy on real faces (the ceiling).
 */
import type { FaceDataset } from '../data/dataset.js';
import { mixSeed, Rng } from '../util/rng.js';
import { fitGaussian, frechetDistance, meanPairwiseDistance, type Gaussian } from './frechet.js';
import { judgeBytes, pickFaces, type Judged } from './judge-features.js';
import { JUDGE_FEATURES, type JudgeNet } from './judge-net.js';
import type { JudgeSplit } from './judge-split.js';
import { facesOfPair, type Pair } from './pairs.js';

export interface Accuracy {
  hairAcc: number;
  eyesAcc: number;
  bothAcc: number;
}

export interface PairReference {
  pair: Pair;
  /** Held-out real faces of the pair, as the judge sees them. */
  real: Judged;
  /** Their mean pairwise feature distance: what diversity is measured against. */
  spread: number;
  ceiling: Accuracy;
}

export interface Reference {
  /** Per pair for a conditional judgement; null for an unconditional one. */
  pairs: PairReference[] | null;
  pooled: Gaussian;
  /** Unconditional: mean pairwise distance of a real sample of the judged size. */
  realSpread: number;
  /** Fréchet distance of a real sample of the judged size (from the judge's training side). */
  floor: number;
  ceiling: Accuracy | null;
  /** Faces per pair (conditional) or in all (unconditional) the floor was measured with. */
  faces: number;
}

/** Enough held-out faces to stand for "real" without judging thousands every time. */
const MAX_REFERENCE = 2000;

function sample(idx: ArrayLike<number>, n: number, rng: Rng): number[] {
  const all = Array.from(idx);
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, n);
}

export function accuracyOf(judged: Judged, hair: number, eyes: number): Accuracy {
  let h = 0;
  let e = 0;
  let both = 0;
  for (let i = 0; i < judged.n; i++) {
    const hOk = judged.hair[i] === hair;
    const eOk = judged.eyes[i] === eyes;
    h += +hOk;
    e += +eOk;
    both += +(hOk && eOk);
  }
  const n = Math.max(1, judged.n);
  return { hairAcc: h / n, eyesAcc: e / n, bothAcc: both / n };
}

function concatFeatures(sets: Judged[]): Float32Array {
  const out = new Float32Array(sets.reduce((s, j) => s + j.features.length, 0));
  let at = 0;
  for (const j of sets) {
    out.set(j.features, at);
    at += j.features.length;
  }
  return out;
}

/** pairs: null for an unconditional judgement. faces: per pair, or in all when unconditional. */
export function buildReference(judge: JudgeNet, ds: FaceDataset, split: JudgeSplit, pairs: Pair[] | null, faces: number, seed = 1): Reference {
  const rng = new Rng(mixSeed(seed, 0x4ef));
  if (!pairs) {
    const real = judgeBytes(judge, pickFaces(ds.pixels, sample(split.heldOut, MAX_REFERENCE, rng)));
    const pooled = fitGaussian(real.features, JUDGE_FEATURES);
    const floorFaces = judgeBytes(judge, pickFaces(ds.pixels, sample(split.train, faces, rng)));
    return {
      pairs: null,
      pooled,
      realSpread: meanPairwiseDistance(floorFaces.features, JUDGE_FEATURES),
      floor: frechetDistance(fitGaussian(floorFaces.features, JUDGE_FEATURES), pooled),
      ceiling: null,
      faces,
    };
  }
  const refs: PairReference[] = [];
  const floorSets: Judged[] = [];
  for (const pair of pairs) {
    const h = ds.hairVocab.indexOf(pair.hair);
    const e = ds.eyesVocab.indexOf(pair.eyes);
    const real = judgeBytes(judge, pickFaces(ds.pixels, facesOfPair(ds, split.heldOut, pair)));
    refs.push({ pair, real, spread: meanPairwiseDistance(real.features, JUDGE_FEATURES), ceiling: accuracyOf(real, h, e) });
    floorSets.push(judgeBytes(judge, pickFaces(ds.pixels, sample(facesOfPair(ds, split.train, pair), faces, rng))));
  }
  const pooled = fitGaussian(concatFeatures(refs.map((r) => r.real)), JUDGE_FEATURES);
  const total = refs.reduce((s, r) => s + r.real.n, 0);
  const mean = (k: keyof Accuracy) => refs.reduce((s, r) => s + r.ceiling[k] * r.real.n, 0) / Math.max(1, total);
  return {
    pairs: refs,
    pooled,
    realSpread: Number.NaN,
    floor: frechetDistance(fitGaussian(concatFeatures(floorSets), JUDGE_FEATURES), pooled),
    ceiling: { hairAcc: mean('hairAcc'), eyesAcc: mean('eyesAcc'), bothAcc: mean('bothAcc') },
    faces,
  };
}

export { concatFeatures };
