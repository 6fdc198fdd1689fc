/** A dataset of faces the program draws itself, with true hair and eye labels: needs no download. */
import { sharedBytes, type FaceDataset } from './dataset.js';
import { FACE_BYTES } from '../util/face.js';
import { drawFace } from './draw-face.js';
import { EYE_COLOURS, EYES_VOCAB, HAIR_COLOURS, HAIR_VOCAB } from './face-palette.js';
import { mixSeed, Rng } from '../util/rng.js';

/**
 * Draws `count` labelled faces. Face i depends only on (seed, i), so the first n faces of a
 * larger set are the same as a set of n.
 */
export function drawFaces(count: number, seed: number): FaceDataset {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`drawFaces: count must be a positive integer, got ${count}`);
  const pixels = sharedBytes(count * FACE_BYTES);
  const hair = new Uint8Array(count);
  const eyes = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const rng = new Rng(mixSeed(seed, i));
    hair[i] = rng.int(HAIR_VOCAB.length);
    eyes[i] = rng.int(EYES_VOCAB.length);
    drawFace(pixels, i * FACE_BYTES, rng, HAIR_COLOURS[HAIR_VOCAB[hair[i]]], EYE_COLOURS[EYES_VOCAB[eyes[i]]]);
  }
  return {
    source: 'drawn',
    dir: null,
    count,
    pixels,
    hair,
    eyes,
    hairVocab: [...HAIR_VOCAB],
    eyesVocab: [...EYES_VOCAB],
    attributes: ['hair', 'eyes'],
    warnings: [],
  };
}
