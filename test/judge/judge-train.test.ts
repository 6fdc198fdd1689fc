import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { drawFaces } from '../../src/data/drawn-faces.js';
import { FACE_BYTES } from '../../src/util/face.js';
import { DEFAULT_DRAWN_COUNT } from '../../src/data/resolve-data.js';
import { obtainJudge } from '../../src/judge/obtain-judge.js';
import { splitFaces, HELD_OUT_SHARE } from '../../src/judge/judge-split.js';
import { datasetFingerprint } from '../../src/judge/judge-store.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';
import * as tf from '@tensorflow/tfjs';

beforeAll(useWasm);

describe('the judge split', () => {
  it('holds out about a fifth of the faces, the same ones every time, and duplicates never straddle it', () => {
    const ds = drawFaces(600, 2);
    // Faces 0–99 again as 600–699: an exact copy must land on the side of its original.
    const pixels = new Uint8Array(700 * FACE_BYTES);
    pixels.set(ds.pixels);
    pixels.set(ds.pixels.subarray(0, 100 * FACE_BYTES), 600 * FACE_BYTES);
    const split = splitFaces({ count: 700, pixels });
    expect(split.heldOut.length / 700).toBeGreaterThan(HELD_OUT_SHARE - 0.06);
    expect(split.heldOut.length / 700).toBeLessThan(HELD_OUT_SHARE + 0.06);
    const held = new Set(split.heldOut);
    for (let i = 0; i < 100; i++) expect(held.has(600 + i)).toBe(held.has(i));
    expect(splitFaces({ count: 700, pixels })).toEqual(split);
  });
});

describe('obtaining a judge', () => {
  it('finds the shipped judge for the built-in drawn faces, without training', async () => {
    const ds = drawFaces(DEFAULT_DRAWN_COUNT, 1);
    const judge = await obtainJudge(ds, { cacheRoot: tempDir('agt-judges-') });
    expect(judge.origin).toBe('shipped');
    expect(judge.trainedNow).toBe(false);
    expect(judge.meta.fingerprint).toBe(datasetFingerprint(ds));
    expect(judge.meta.heldOut.bothAcc).toBeGreaterThan(0.8);
    judge.net.params.dispose();
  });

  it('trains one for a new data set, learns its colours, caches it, and reuses it', async () => {
    const ds = drawFaces(1536, 11);
    const cacheRoot = tempDir('agt-judges-');
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const trained = await obtainJudge(ds, { cacheRoot, shippedRoot: path.join(cacheRoot, 'none'), training: { epochs: 2, batch: 32, learningRate: 2e-3, seed: 3 }, onProgress: (d) => progress.push(d) });
    expect(trained.trainedNow).toBe(true);
    expect(progress.at(-1)).toBe(progress.length);
    // Far above chance (1/12 hair, 1/10 eyes) after two short epochs on drawn faces.
    expect(trained.meta.heldOut.hairAcc).toBeGreaterThan(0.5);
    expect(trained.meta.heldOut.eyesAcc).toBeGreaterThan(0.3);
    // Training leaves nothing behind but the judge's own weights.
    expect(tf.memory().numTensors - before).toBe(trained.net.params.all().length);
    const again = await obtainJudge(ds, { cacheRoot, shippedRoot: path.join(cacheRoot, 'none') });
    expect(again.trainedNow).toBe(false);
    expect(again.origin).toBe('cache');
    expect(again.meta.heldOut).toEqual(trained.meta.heldOut);
    trained.net.params.dispose();
    again.net.params.dispose();
  }, 120_000);
});
