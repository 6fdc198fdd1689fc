/** Grading a set of faces against a reference: colour accuracy, diversity and Fréchet distance. */
import { fitGaussian, frechetDistance, meanPairwiseDistance } from './frechet.js';
import { judgeBytes, type Judged } from './judge-features.js';
import { JUDGE_FEATURES, type JudgeNet } from './judge-net.js';
import { accuracyOf, concatFeatures, type Accuracy, type Reference } from './reference.js';
import { pairLabel, type Pair } from './pairs.js';

export interface PairScore extends Accuracy {
  pair: string;
  faces: number;
  /** Generated ÷ real mean pairwise feature distance. */
  diversity: number;
  ceiling: Accuracy;
}

export interface Scores {
  faces: number;
  frechet: number;
  frechetFloor: number;
  diversity: number;
  /** Conditional judgements only. */
  accuracy: Accuracy | null;
  ceiling: Accuracy | null;
  pairs: PairScore[];
}

/** Faces to grade: per pair (in the reference's order) for a conditional reference, else one set. */
export interface FaceSet {
  pair: Pair | null;
  /** [n, 64, 64, 3] RGB bytes. */
  faces: Uint8Array;
}

export function scoreFaces(judge: JudgeNet, vocab: { hairVocab: string[]; eyesVocab: string[] }, ref: Reference, sets: FaceSet[]): Scores {
  const judged: Judged[] = sets.map((s) => judgeBytes(judge, s.faces));
  const all = concatFeatures(judged);
  const faces = judged.reduce((s, j) => s + j.n, 0);
  const frechet = faces >= 2 ? frechetDistance(fitGaussian(all, JUDGE_FEATURES), ref.pooled) : Number.NaN;
  if (!ref.pairs) {
    return {
      faces,
      frechet,
      frechetFloor: ref.floor,
      diversity: meanPairwiseDistance(all, JUDGE_FEATURES) / ref.realSpread,
      accuracy: null,
      ceiling: null,
      pairs: [],
    };
  }
  const pairs: PairScore[] = ref.pairs.map((r, i) => {
    const j = judged[i]!;
    const acc = accuracyOf(j, vocab.hairVocab.indexOf(r.pair.hair), vocab.eyesVocab.indexOf(r.pair.eyes));
    return { pair: pairLabel(r.pair), faces: j.n, ...acc, diversity: meanPairwiseDistance(j.features, JUDGE_FEATURES) / r.spread, ceiling: r.ceiling };
  });
  const mean = (k: keyof Accuracy) => pairs.reduce((s, p) => s + p[k] * p.faces, 0) / Math.max(1, faces);
  return {
    faces,
    frechet,
    frechetFloor: ref.floor,
    diversity: pairs.reduce((s, p) => s + p.diversity, 0) / Math.max(1, pairs.length),
    accuracy: { hairAcc: mean('hairAcc'), eyesAcc: mean('eyesAcc'), bothAcc: mean('bothAcc') },
    ceiling: ref.ceiling,
    pairs,
  };
}
