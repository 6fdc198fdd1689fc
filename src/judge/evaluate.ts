/**
 * One judgement, from faces to scores: picks the pairs, makes (or takes) the faces, builds the
 * real reference and grades. Shared by `eval` and by the trainer's per-epoch quality check.
 */
import type { FaceDataset } from '../data/dataset.js';
import { mixSeed } from '../util/rng.js';
import { makeFaces } from '../engine/face-request.js';
import type { Generator } from '../engine/models/index.js';
import type { Vocab } from '../engine/sampler.js';
import type { ReadyJudge } from './obtain-judge.js';
import { defaultPairs, facesOfPair, pairLabel, REPORT_PAIRS, type Pair } from './pairs.js';
import { buildReference, type Reference } from './reference.js';
import { scoreFaces, type FaceSet, type Scores } from './score.js';
import { AppError } from '../util/errors.js';

/** Fewest held-out real faces a pair needs to be judged (its spread and accuracy need a few). */
export const MIN_REAL_PER_PAIR = 8;
/** An unconditional judgement makes as many faces as a conditional one over the report's six pairs. */
export const UNCONDITIONAL_SETS = REPORT_PAIRS.length;

export class JudgementError extends AppError {}

/**
 * The pairs to judge: the asked ones, each checked against the data's held-out faces (and the
 * generator's colours, when given), or the default ones; null for an unconditional judgement (also
 * when no pair has enough held-out faces to judge colours by).
 */
export function choosePairs(ds: FaceDataset, judge: ReadyJudge, asked: Pair[] | null, conditional: boolean, genVocab: Vocab | null): Pair[] | null {
  if (!conditional) return null;
  const pairs = asked ?? defaultPairs(ds, judge.split.heldOut, MIN_REAL_PER_PAIR);
  // Too few faces of any one pair to compare colours with: Fréchet and diversity over all faces still say something.
  if (pairs.length === 0) return null;
  for (const p of pairs) {
    for (const [vocab, what] of [[ds, 'the data'], ...(genVocab ? [[genVocab, 'the generator']] : [])] as Array<[Vocab, string]>) {
      if (!vocab.hairVocab.includes(p.hair)) throw new JudgementError(`${what} has no hair colour '${p.hair}': choose from ${vocab.hairVocab.join(', ')}`);
      if (!vocab.eyesVocab.includes(p.eyes)) throw new JudgementError(`${what} has no eye colour '${p.eyes}': choose from ${vocab.eyesVocab.join(', ')}`);
    }
    const n = facesOfPair(ds, judge.split.heldOut, p).length;
    if (n < MIN_REAL_PER_PAIR) {
      throw new JudgementError(`the data has ${n} held-out ${pairLabel(p)} faces (needs ${MIN_REAL_PER_PAIR} to compare with): choose other --pairs`);
    }
  }
  return pairs;
}

export function referenceFor(ds: FaceDataset, judge: ReadyJudge, pairs: Pair[] | null, count: number, seed = 1): Reference {
  return buildReference(judge.net, ds, judge.split, pairs, pairs ? count : count * UNCONDITIONAL_SETS, seed);
}

/** `count` faces per pair (or count × UNCONDITIONAL_SETS in all) from a generator, seeded. */
export function generatedSets(g: Generator, vocab: Vocab | null, pairs: Pair[] | null, count: number, seed: number): FaceSet[] {
  if (!pairs) {
    return [{ pair: null, faces: makeFaces(g, null, { hair: null, eyes: null, count: count * UNCONDITIONAL_SETS, seed, truncation: 1 }).faces }];
  }
  return pairs.map((pair, i) => ({
    pair,
    faces: makeFaces(g, vocab, { hair: pair.hair, eyes: pair.eyes, count, seed: mixSeed(seed, i), truncation: 1 }).faces,
  }));
}

export function judgeSets(judge: ReadyJudge, ref: Reference, sets: FaceSet[]): Scores {
  return scoreFaces(judge.net, judge.meta, ref, sets);
}
