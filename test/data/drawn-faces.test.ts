import { describe, expect, it } from 'vitest';
import { FACE_BYTES, FACE_SIDE } from '../../src/util/face.js';
import { drawFaces } from '../../src/data/drawn-faces.js';
import { HAIR_COLOURS } from '../../src/data/face-palette.js';
import { sameBytes } from './bytes.js';

const MLDS_HAIR = ['aqua', 'black', 'blonde', 'blue', 'brown', 'gray', 'green', 'orange', 'pink', 'purple', 'red', 'white'];
const MLDS_EYES = ['aqua', 'black', 'blue', 'brown', 'green', 'orange', 'pink', 'purple', 'red', 'yellow'];

/** Mean RGB of a small patch at the crown, which is hair on every drawn face. */
function crownColour(pixels: Uint8Array, face: number): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = 11; y <= 13; y++) {
    for (let x = 29; x <= 35; x++) {
      const i = face * FACE_BYTES + (y * FACE_SIDE + x) * 3;
      for (let c = 0; c < 3; c++) sum[c] += pixels[i + c];
      n++;
    }
  }
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

describe('drawFaces', () => {
  it('draws labelled faces with the MLDS vocabularies', () => {
    const ds = drawFaces(600, 1);
    expect(ds.source).toBe('drawn');
    expect(ds.dir).toBeNull();
    expect(ds.count).toBe(600);
    expect(ds.pixels.length).toBe(600 * FACE_BYTES);
    expect(ds.hairVocab).toEqual(MLDS_HAIR);
    expect(ds.eyesVocab).toEqual(MLDS_EYES);
    expect(ds.warnings).toEqual([]);
    expect(Math.max(...ds.hair)).toBeLessThan(12);
    expect(Math.max(...ds.eyes)).toBeLessThan(10);
    // Uniform colours: every class shows up in 600 draws.
    expect(new Set(ds.hair).size).toBe(12);
    expect(new Set(ds.eyes).size).toBe(10);
  });

  it('is deterministic for a seed, and each face depends only on (seed, index)', () => {
    const a = drawFaces(40, 5);
    const b = drawFaces(40, 5);
    const c = drawFaces(40, 6);
    const prefix = drawFaces(10, 5);
    expect(sameBytes(b.pixels, a.pixels)).toBe(true);
    expect(sameBytes(b.hair, a.hair)).toBe(true);
    expect(sameBytes(b.eyes, a.eyes)).toBe(true);
    expect(sameBytes(c.pixels, a.pixels)).toBe(false);
    expect(sameBytes(prefix.pixels, a.pixels.subarray(0, 10 * FACE_BYTES))).toBe(true);
  });

  it('paints the hair in the labelled colour', () => {
    const ds = drawFaces(300, 2);
    let right = 0;
    for (let i = 0; i < ds.count; i++) {
      const seen = crownColour(ds.pixels, i);
      // The nearest palette colour should be the label, despite jitter, shading and gloss.
      let best = '';
      let bestScore = -Infinity;
      for (const [name, rgb] of Object.entries(HAIR_COLOURS)) {
        const dist = Math.hypot(seen[0] - rgb[0], seen[1] - rgb[1], seen[2] - rgb[2]);
        if (-dist > bestScore) {
          bestScore = -dist;
          best = name;
        }
      }
      if (best === ds.hairVocab[ds.hair[i]]) right++;
    }
    expect(right / ds.count).toBeGreaterThan(0.8);
  });

  it('varies from face to face', () => {
    const ds = drawFaces(20, 3);
    for (let i = 1; i < ds.count; i++) {
      expect(sameBytes(ds.pixels.subarray(i * FACE_BYTES, (i + 1) * FACE_BYTES), ds.pixels.subarray(0, FACE_BYTES))).toBe(false);
    }
  });


  it('rejects a count that is not a positive integer', () => {
    expect(() => drawFaces(0, 1)).toThrow(RangeError);
    expect(() => drawFaces(2.5, 1)).toThrow(RangeError);
  });
});
