import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InlineBatches, openBatches } from '../../src/data/batch-source.js';
import { PrefetchingBatches } from '../../src/data/batch-prefetch.js';
import { Batcher } from '../../src/data/batcher.js';
import { drawFaces } from '../../src/data/drawn-faces.js';

// The compiled worker script: `npm test` builds dist/ before the tests run.
const WORKER = new URL('../../dist/data/batch-worker.js', import.meta.url);
const faces = drawFaces(150, 4);
const opts = { batch: 16, seed: 9, augment: true };

describe('prefetched batches', () => {
  it('are the inline batcher\'s batches, in order, across epochs and after a seek', async () => {
    expect(existsSync(fileURLToPath(WORKER))).toBe(true);
    expect(faces.pixels.buffer).toBeInstanceOf(SharedArrayBuffer);
    const source = openBatches(faces, opts, WORKER);
    expect(source.prefetching).toBe(true);
    const reference = new Batcher(faces, opts);
    try {
      for (let i = 0; i < 30; i++) {
        if (i === 20) {
          // As a resume does: everything already asked for is for the wrong place now.
          source.setState({ epoch: 5, position: 7 });
          reference.setState({ epoch: 5, position: 7 });
        }
        const got = await source.next();
        const want = reference.next();
        expect([got.epoch, got.stepInEpoch]).toEqual([want.epoch, want.stepInEpoch]);
        expect(Buffer.from(got.pixels.buffer).equals(Buffer.from(want.pixels.buffer))).toBe(true);
        expect([...got.hair]).toEqual([...want.hair]);
        expect([...got.eyes]).toEqual([...want.eyes]);
        expect(source.getState()).toEqual(reference.getState());
      }
    } finally {
      source.close();
    }
    await expect(source.next()).rejects.toThrow(/closed/);
  });

  it('falls back to the inline batcher when the faces are not in shared memory', async () => {
    const copy = { ...faces, pixels: new Uint8Array(faces.pixels) };
    const source = openBatches(copy, opts, WORKER);
    expect(source).toBeInstanceOf(InlineBatches);
    const got = await source.next();
    expect(Buffer.from(got.pixels.buffer).equals(Buffer.from(new Batcher(faces, opts).next().pixels.buffer))).toBe(true);
  });

  it('if the helper thread dies, the batches still come, made on this thread', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agt-prefetch-'));
    const dying = path.join(dir, 'dying-worker.mjs');
    writeFileSync(dying, 'process.exit(3);\n');
    const source = new PrefetchingBatches(faces, opts, pathToFileURL(dying));
    const reference = new Batcher(faces, opts);
    try {
      for (let i = 0; i < 8; i++) {
        const got = await source.next();
        expect(Buffer.from(got.pixels.buffer).equals(Buffer.from(reference.next().pixels.buffer))).toBe(true);
      }
    } finally {
      source.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
