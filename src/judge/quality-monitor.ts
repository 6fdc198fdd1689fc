/**
 * The judge inside a training run: a quality event at each epoch end (and on a requested
 * checkpoint), from the same faces every time (the run's seed fixes their noise), so the curve
 * moves with the generator rather than with the draw. It must not slow training noticeably: an
 * epoch-end judgement is skipped when judging would take the time spent judging past
 * QUALITY_BUDGET of the training time so far (short epochs on small data sets).
 */
import type { QualityEvent } from '../protocol/events.js';
import type { Generator } from '../engine/models/index.js';
import type { Vocab } from '../engine/sampler.js';
import type { QualityJudge } from '../engine/recorder.js';
import { generatedSets, judgeSets } from './evaluate.js';
import type { ReadyJudge } from './obtain-judge.js';
import type { Pair } from './pairs.js';
import type { Reference } from './reference.js';

/** Share of training time the judgements may take. */
export const QUALITY_BUDGET = 0.03;
/** Faces per pair in a training-time judgement: as many as `eval`'s default, so the figures compare. */
export const QUALITY_FACES = 25;
/** Diversity below this (generated faces spread a fifth as much as real ones) is a collapse. */
export const COLLAPSE_DIVERSITY = 0.2;

/** Before this many steps a generator has barely left its near-uniform start: no collapse warning yet. */
export const COLLAPSE_MIN_STEP = 500;

/** The warning a judgement calls for, if its faces have collapsed. */
export function collapseMessage(ev: QualityEvent): string | null {
  if (ev.step < COLLAPSE_MIN_STEP || !(ev.diversity < COLLAPSE_DIVERSITY)) return null;
  return `the faces have collapsed at step ${ev.step}: the judge finds them ${ev.diversity.toFixed(2)}× as varied as real ones; try a lower λ, the wgan-gp loss, or resuming the best checkpoint`;
}

export interface QualitySetup {
  judge: ReadyJudge;
  ref: Reference;
  pairs: Pair[] | null;
  count: number;
  /** Seeds the faces' noise, the same at every judgement. */
  seed: number;
}

export class QualityMonitor implements QualityJudge {
  private spentMs = 0;
  private lastCostMs = 0;
  private best: number;

  /** bestFrechet: the lowest Fréchet distance of the run's earlier sessions, if any. */
  constructor(
    readonly setup: QualitySetup,
    bestFrechet: number | null = null,
  ) {
    this.best = bestFrechet ?? Number.POSITIVE_INFINITY;
  }

  /** Whether an epoch-end judgement fits in the budget after `trainingMs` of training. */
  affordable(trainingMs: number): boolean {
    return this.spentMs + this.lastCostMs <= QUALITY_BUDGET * trainingMs;
  }

  collapseWarning(ev: QualityEvent): string | null {
    return collapseMessage(ev);
  }

  judge(g: Generator, vocab: Vocab | null, step: number, epoch: number): QualityEvent {
    const t0 = performance.now();
    const { judge, ref, pairs, count, seed } = this.setup;
    const scores = judgeSets(judge, ref, generatedSets(g, vocab, pairs, count, seed));
    const best = Number.isFinite(scores.frechet) && scores.frechet < this.best;
    if (best) this.best = scores.frechet;
    const ms = performance.now() - t0;
    this.spentMs += ms;
    this.lastCostMs = ms;
    return {
      type: 'quality',
      time: Date.now(),
      step,
      epoch,
      faces: scores.faces,
      frechet: scores.frechet,
      frechetFloor: scores.frechetFloor,
      diversity: scores.diversity,
      ...(scores.accuracy ? { hairAcc: scores.accuracy.hairAcc, eyesAcc: scores.accuracy.eyesAcc, bothAcc: scores.accuracy.bothAcc } : {}),
      best,
      ms: Math.round(ms),
    };
  }
}
