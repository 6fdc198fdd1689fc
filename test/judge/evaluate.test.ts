import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { drawFaces } from '../../src/data/drawn-faces.js';
import { FACE_BYTES, faceBatchShape } from '../../src/util/face.js';
import { DEFAULT_DRAWN_COUNT } from '../../src/data/resolve-data.js';
import { choosePairs, JudgementError, referenceFor } from '../../src/judge/evaluate.js';
import { pickFaces } from '../../src/judge/judge-features.js';
import { obtainJudge, type ReadyJudge } from '../../src/judge/obtain-judge.js';
import { facesOfPair, type Pair } from '../../src/judge/pairs.js';
import { QualityMonitor, collapseMessage } from '../../src/judge/quality-monitor.js';
import { scoreFaces, type FaceSet } from '../../src/judge/score.js';
import type { Generator } from '../../src/engine/models/index.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';

// The built-in drawn faces, whose judge ships with the package: no training in these tests.
const ds = drawFaces(DEFAULT_DRAWN_COUNT, 1);
let judge: ReadyJudge;
let pairs: Pair[];

beforeAll(async () => {
  await useWasm();
  judge = await obtainJudge(ds, { cacheRoot: tempDir('agt-judges-') });
  pairs = choosePairs(ds, judge, null, true, null)!;
});

/** Faces of each pair from the judge's training side: real faces it was not measured on. */
function realSets(count: number): FaceSet[] {
  return pairs.map((pair) => ({ pair, faces: pickFaces(ds.pixels, facesOfPair(ds, judge.split.train, pair).slice(-count)) }));
}

describe('judging faces', () => {
  it('gives real faces the ceiling: accuracy as on real faces, diversity near 1, Fréchet near its floor', () => {
    const ref = referenceFor(ds, judge, pairs, 10);
    const s = scoreFaces(judge.net, judge.meta, ref, realSets(10));
    expect(s.pairs.map((p) => p.pair)).toEqual(pairs.map((p) => `${p.hair}/${p.eyes}`));
    expect(s.accuracy!.bothAcc).toBeGreaterThan(0.75);
    expect(s.diversity).toBeGreaterThan(0.7);
    expect(s.diversity).toBeLessThan(1.3);
    expect(s.frechet).toBeLessThan(2 * s.frechetFloor);
  });

  it('sees a collapsed set (one face repeated) as collapsed: diversity ≈ 0 and a far larger Fréchet', () => {
    const ref = referenceFor(ds, judge, pairs, 10);
    const sets = realSets(10).map((s) => {
      const one = new Uint8Array(s.faces.length);
      for (let i = 0; i < one.length; i += FACE_BYTES) one.set(s.faces.subarray(0, FACE_BYTES), i);
      return { pair: s.pair, faces: one };
    });
    const s = scoreFaces(judge.net, judge.meta, ref, sets);
    const real = scoreFaces(judge.net, judge.meta, ref, realSets(10));
    expect(s.diversity).toBeLessThan(0.01);
    expect(s.frechet).toBeGreaterThan(1.5 * real.frechet);
  });

  it('refuses pairs the data lacks and colours it does not know, in one line each', () => {
    expect(() => choosePairs(ds, judge, [{ hair: 'tartan', eyes: 'red' }], true, null)).toThrow(/no hair colour 'tartan': choose from aqua/);
    expect(() => choosePairs(ds, judge, [{ hair: 'blue', eyes: 'gray' }], true, null)).toThrow(JudgementError);
    expect(choosePairs(ds, judge, null, false, null)).toBeNull();
  });
});

describe('the quality monitor', () => {
  /** A generator that draws the same grey face for every z: mode collapse at its purest. */
  const collapsed: Generator = {
    params: undefined as never,
    apply: (z) => tf.zeros(faceBatchShape(z.shape[0])) as tf.Tensor4D,
  };

  it('fires the collapse warning for a generator that draws one face, and keeps the best Fréchet', () => {
    const ref = referenceFor(ds, judge, pairs, 8);
    const q = new QualityMonitor({ judge, ref, pairs, count: 8, seed: 1 }, 1e9);
    const ev = q.judge(collapsed, { hairVocab: ds.hairVocab, eyesVocab: ds.eyesVocab, attributes: ds.attributes }, 600, 3);
    expect(ev.diversity).toBeLessThan(0.01);
    expect(ev.best).toBe(true);
    expect(collapseMessage(ev)).toMatch(/collapsed at step 600/);
    // The same faces again are no improvement.
    expect(q.judge(collapsed, { hairVocab: ds.hairVocab, eyesVocab: ds.eyesVocab, attributes: ds.attributes }, 700, 4).best).toBe(false);
  });

  it('stays within its budget: an epoch-end judgement waits until training time pays for it', () => {
    const ref = referenceFor(ds, judge, pairs, 4);
    const q = new QualityMonitor({ judge, ref, pairs, count: 4, seed: 1 });
    expect(q.affordable(0)).toBe(true);
    const ev = q.judge(collapsed, { hairVocab: ds.hairVocab, eyesVocab: ds.eyesVocab, attributes: ds.attributes }, 10, 1);
    expect(q.affordable(ev.ms)).toBe(false);
    expect(q.affordable((2 * (ev.ms + 1)) / 0.03)).toBe(true);
  });

  it('leaves no tensors behind', () => {
    const ref = referenceFor(ds, judge, pairs, 4);
    const q = new QualityMonitor({ judge, ref, pairs, count: 4, seed: 1 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) q.judge(collapsed, { hairVocab: ds.hairVocab, eyesVocab: ds.eyesVocab, attributes: ds.attributes }, i, 1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
