import { describe, expect, it } from 'vitest';
import { copyFace, transformFace } from '../../src/data/augment.js';
import { Batcher } from '../../src/data/batcher.js';
import { type FaceDataset } from '../../src/data/dataset.js';
import { FACE_BYTES, FACE_SIDE } from '../../src/util/face.js';
import { drawFaces } from '../../src/data/drawn-faces.js';
import { sameBytes } from './bytes.js';

const faces = drawFaces(100, 11);

/** Which dataset face a non-augmented batch slot holds, found by exact pixel match. */
function faceOf(ds: FaceDataset, pixels: Float32Array, slot: number): number {
  for (let f = 0; f < ds.count; f++) {
    let same = true;
    for (let k = 0; k < FACE_BYTES && same; k += 97) {
      same = Math.abs(pixels[slot * FACE_BYTES + k] - (ds.pixels[f * FACE_BYTES + k] / 127.5 - 1)) < 1e-6;
    }
    if (same) return f;
  }
  return -1;
}

describe('Batcher', () => {
  it('gives shaped batches scaled to [-1, 1] with matching labels', () => {
    const b = new Batcher(faces, { batch: 16, seed: 1, augment: false });
    expect(b.stepsPerEpoch).toBe(6);
    const batch = b.next();
    expect(batch.pixels).toBeInstanceOf(Float32Array);
    expect(batch.pixels.length).toBe(16 * FACE_BYTES);
    expect(batch.hair).toBeInstanceOf(Int32Array);
    expect(batch.hair.length).toBe(16);
    expect(batch.eyes.length).toBe(16);
    expect(batch.epoch).toBe(1);
    expect(batch.stepInEpoch).toBe(1);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of batch.pixels) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    for (let i = 0; i < 16; i++) {
      const f = faceOf(faces, batch.pixels, i);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(batch.hair[i]).toBe(faces.hair[f]);
      expect(batch.eyes[i]).toBe(faces.eyes[f]);
    }
  });

  it('shows each face at most once per epoch, in a new order each epoch', () => {
    const b = new Batcher(faces, { batch: 16, seed: 2, augment: false });
    const epochs: number[][] = [[], []];
    for (let step = 0; step < 12; step++) {
      const batch = b.next();
      expect(batch.epoch).toBe(step < 6 ? 1 : 2);
      expect(batch.stepInEpoch).toBe((step % 6) + 1);
      for (let i = 0; i < 16; i++) epochs[batch.epoch - 1].push(faceOf(faces, batch.pixels, i));
    }
    for (const seen of epochs) expect(new Set(seen).size).toBe(96);
    expect(epochs[0]).not.toEqual(epochs[1]);
  });

  it('repeats faces to fill a batch when the set is smaller than one', () => {
    const tiny = drawFaces(5, 3);
    const b = new Batcher(tiny, { batch: 12, seed: 1, augment: false });
    expect(b.stepsPerEpoch).toBe(1);
    const first = b.next();
    const slots = Array.from({ length: 12 }, (_, i) => faceOf(tiny, first.pixels, i));
    expect(new Set(slots)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(b.next().epoch).toBe(2);
  });

  it('is reproducible for a seed, augmentation included', () => {
    const a = new Batcher(faces, { batch: 8, seed: 7, augment: true });
    const b = new Batcher(faces, { batch: 8, seed: 7, augment: true });
    const c = new Batcher(faces, { batch: 8, seed: 8, augment: true });
    for (let i = 0; i < 3; i++) {
      const x = a.next();
      expect(sameBytes(b.next().pixels, x.pixels)).toBe(true);
      expect(sameBytes(c.next().pixels, x.pixels)).toBe(false);
    }
  });

  it('resumes from a saved state with exactly the batches it would have given', () => {
    const a = new Batcher(faces, { batch: 16, seed: 3, augment: true });
    for (let i = 0; i < 7; i++) a.next();
    const state = JSON.parse(JSON.stringify(a.getState()));
    expect(state).toEqual({ epoch: 1, position: 1 });
    const resumed = new Batcher(faces, { batch: 16, seed: 3, augment: true });
    resumed.setState(state);
    const sought = new Batcher(faces, { batch: 16, seed: 3, augment: true });
    sought.seekStep(7);
    for (let i = 0; i < 8; i++) {
      const want = a.next();
      const got = resumed.next();
      const viaSeek = sought.next();
      expect([got.epoch, got.stepInEpoch]).toEqual([want.epoch, want.stepInEpoch]);
      expect(sameBytes(got.pixels, want.pixels)).toBe(true);
      expect(sameBytes(got.hair, want.hair)).toBe(true);
      expect(sameBytes(viaSeek.pixels, want.pixels)).toBe(true);
    }
  });

  it('rejects bad options and states', () => {
    expect(() => new Batcher(faces, { batch: 0, seed: 1, augment: false })).toThrow(RangeError);
    const b = new Batcher(faces, { batch: 4, seed: 1, augment: false });
    expect(() => b.setState({ epoch: -1, position: 0 })).toThrow(RangeError);
  });

});

describe('augmentation', () => {
  const src = drawFaces(1, 5).pixels;
  const at = (px: Float32Array, x: number, y: number, c: number) => px[(y * FACE_SIDE + x) * 3 + c];

  it('is the plain scaling with no flip and no rotation', () => {
    const plain = new Float32Array(FACE_BYTES);
    const moved = new Float32Array(FACE_BYTES);
    copyFace(src, 0, plain, 0);
    transformFace(src, 0, moved, 0, false, 0);
    expect(sameBytes(moved, plain)).toBe(true);
  });

  it('mirrors left and right on a flip', () => {
    const plain = new Float32Array(FACE_BYTES);
    const flipped = new Float32Array(FACE_BYTES);
    copyFace(src, 0, plain, 0);
    transformFace(src, 0, flipped, 0, true, 0);
    for (const [x, y] of [[0, 0], [10, 20], [63, 40], [31, 63]]) {
      for (let c = 0; c < 3; c++) expect(at(flipped, x, y, c)).toBeCloseTo(at(plain, 63 - x, y, c), 6);
    }
  });

  it('rotates about the centre: a quarter turn moves pixels exactly, a slight one barely changes the face', () => {
    const plain = new Float32Array(FACE_BYTES);
    const quarter = new Float32Array(FACE_BYTES);
    const slight = new Float32Array(FACE_BYTES);
    copyFace(src, 0, plain, 0);
    transformFace(src, 0, quarter, 0, false, Math.PI / 2);
    transformFace(src, 0, slight, 0, false, (5 * Math.PI) / 180);
    // Output (x, y) samples source (31.5 - (y - 31.5), 31.5 + (x - 31.5)) = (63 - y, x).
    for (const [x, y] of [[0, 0], [10, 20], [63, 40]]) {
      for (let c = 0; c < 3; c++) expect(at(quarter, x, y, c)).toBeCloseTo(at(plain, 63 - y, x, c), 5);
    }
    let diff = 0;
    for (let k = 0; k < FACE_BYTES; k++) diff += Math.abs(slight[k] - plain[k]);
    expect(diff / FACE_BYTES).toBeGreaterThan(0.005);
    expect(diff / FACE_BYTES).toBeLessThan(0.15);
  });
});
