/**
 * Which real faces the judge learns from and which it is measured on. The split goes by a hash of
 * each face's pixels, not its position: the same image always lands on the same side, whatever
 * order a folder lists it in, and exact duplicates (MLDS has 1,248) never straddle the split, which
 * would let the judge be graded on faces it learned.
 */
import { type FaceDataset } from '../data/dataset.js';
import { FACE_BYTES } from '../util/face.js';

/** Share of faces held out of the judge's training. */
export const HELD_OUT_SHARE = 0.2;
// Every 7th byte is plenty to tell faces apart, and keeps hashing 36k faces well under a second.
const HASH_STRIDE = 7;

/** FNV-1a over a strided sample of the face's bytes. */
export function faceHash(pixels: Uint8Array, face: number): number {
  let h = 0x811c9dc5;
  const start = face * FACE_BYTES;
  for (let i = start; i < start + FACE_BYTES; i += HASH_STRIDE) {
    h ^= pixels[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface JudgeSplit {
  train: Uint32Array;
  heldOut: Uint32Array;
}

export function splitFaces(ds: Pick<FaceDataset, 'count' | 'pixels'>): JudgeSplit {
  const train: number[] = [];
  const heldOut: number[] = [];
  const cut = Math.floor(HELD_OUT_SHARE * 1000);
  for (let i = 0; i < ds.count; i++) {
    // A second multiply spreads the hash's low bits before the modulo.
    const h = Math.imul(faceHash(ds.pixels, i) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
    (h % 1000 < cut ? heldOut : train).push(i);
  }
  return { train: Uint32Array.from(train), heldOut: Uint32Array.from(heldOut) };
}
