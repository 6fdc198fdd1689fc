/**
 * Warns, once per run, that the generator may have collapsed (all faces alike). With a judge the
 * warning comes from its diversity figure; without one, from the fixed-noise grid: the first
 * row's faces share their conditions but not their noise, so they should differ.
 */
import type { QualityEvent } from '../protocol/events.js';
import { COLLAPSE_SPREAD, faceSpread, type SampleGrid } from './fixed-samples.js';
import type { QualityJudge } from './recorder.js';

/** Before this many steps a generator has barely left its near-uniform start: too early to tell. */
const MIN_STEP = 500;

export class CollapseWatch {
  private warned = false;

  constructor(private readonly warn: (message: string) => void) {}

  /** Checks a sample grid (only when no judge watches the run). */
  checkGrid(grid: SampleGrid, step: number): void {
    if (this.warned || step < MIN_STEP) return;
    const spread = faceSpread(grid);
    if (spread < COLLAPSE_SPREAD) {
      this.say(
        `the sample faces are nearly identical at step ${step} (mean difference ${spread.toFixed(1)}/255): the generator may have collapsed; try a lower λ, the wgan-gp loss, or resuming an earlier checkpoint`,
      );
    }
  }

  /** Checks a judgement. */
  checkQuality(judge: QualityJudge, ev: QualityEvent): void {
    if (this.warned) return;
    const message = judge.collapseWarning(ev);
    if (message) this.say(message);
  }

  private say(message: string): void {
    this.warned = true;
    this.warn(message);
  }
}
