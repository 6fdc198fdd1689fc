/**
 * `npm run bench -- --prep`: the CPU work around training that must stay out of its way, each
 * against the budget it has to fit in. The tests assert none of these timings: a timing belongs
 * here, where a busy machine makes a slow figure rather than a red test.
 */
import { Batcher } from '../../data/batcher.js';
import { drawFaces } from '../../data/drawn-faces.js';
import { initialState, reducer } from '../../ui/state/reducer.js';
import type { WorkerMessage } from '../../protocol/messages.js';

export interface PrepFigure {
  name: string;
  ms: number;
  /** The most it may take; above it the bench fails. */
  budgetMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeMedian(rounds: number, work: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    work();
    ms.push(performance.now() - t);
  }
  return Math.round(median(ms) * 10) / 10;
}

/** A 5000-step run as the trainer reports it, for the dashboard's replay of a watched run. */
function replayMessages(steps: number): WorkerMessage[] {
  const perEpoch = 500;
  const t0 = Date.UTC(2026, 10, 28, 7, 12);
  const out: WorkerMessage[] = [];
  for (let step = 1; step <= steps; step++) {
    out.push({
      type: 'event',
      event: {
        type: 'step', time: t0 + step * 500, step, epoch: Math.floor((step - 1) / perEpoch) + 1,
        stepInEpoch: ((step - 1) % perEpoch) + 1, stepsPerEpoch: perEpoch, lambda: 5,
        dLoss: 1 / Math.sqrt(step), gLoss: 2 + Math.sin(step / 50), dReal: 0.7, dFake: 0.3, imgPerSec: 400,
        hairAccReal: 0.9, eyesAccReal: 0.9, hairAccFake: 0.8, eyesAccFake: 0.7,
      },
    });
  }
  return out;
}

export function benchPrep(): PrepFigure[] {
  const faces = drawFaces(256, 1);
  const batcher = new Batcher(faces, { batch: 64, seed: 1, augment: true });
  batcher.next();
  const messages = replayMessages(5000);
  return [
    // A training step on the CPU takes ≥ 150 ms at batch 64; the prefetch thread must keep ahead.
    { name: 'augment a 64-face batch', ms: timeMedian(10, () => batcher.next()), budgetMs: 40 },
    // Drawn faces are made at start-up, before the first step.
    { name: 'draw 2048 faces', ms: timeMedian(3, () => drawFaces(2048, 4)), budgetMs: 3000 },
    // `watch` replays a run's events before its first frame.
    { name: 'replay 5000 step events', ms: timeMedian(3, () => reducer(initialState(), { type: 'ui/batch', messages })), budgetMs: 1000 },
  ];
}
