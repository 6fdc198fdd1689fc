/**
 * Drawing faces from a generator: noise from the seeded RNG, conditions by name, inference-mode
 * batch norm so a face depends only on its own noise and conditions, never on the batch around it.
 */
import * as tf from '@tensorflow/tfjs';
import { Z_DIM, Z_STD } from './config.js';
import { Rng } from '../util/rng.js';
import { EVAL } from './models/layers.js';
import type { Generator } from './models/index.js';
import { AppError } from '../util/errors.js';
import { FACE_BYTES } from '../util/face.js';

export interface Vocab {
  /** Values of the first and second attribute (hair and eye colours in MLDS). */
  hairVocab: string[];
  eyesVocab: string[];
  /** The two attributes' names, for messages. */
  attributes: readonly [string, string];
}

/** Largest batch sent through the generator at once, to bound memory. */
const CHUNK = 64;

/** z ~ N(0, (σ·truncation)²), σ = e^(−1/π). */
export function drawNoise(rng: Rng, n: number, truncation = 1): Float32Array {
  const z = new Float32Array(n * Z_DIM);
  const std = Z_STD * truncation;
  for (let i = 0; i < z.length; i++) z[i] = rng.normal() * std;
  return z;
}

/** Conditions as G takes them: [n, nHair + nEyes], a one-hot hair part then a one-hot eyes part. */
export function oneHotConditions(hair: ArrayLike<number>, eyes: ArrayLike<number>, nHair: number, nEyes: number): Float32Array {
  const width = nHair + nEyes;
  const out = new Float32Array(hair.length * width);
  for (let i = 0; i < hair.length; i++) {
    out[i * width + hair[i]!] = 1;
    out[i * width + nHair + eyes[i]!] = 1;
  }
  return out;
}

/**
 * Runs G on z [n, 100] with conditions [n, nHair + nEyes] (null for DCGAN; rows may blend two
 * one-hots, for interpolation) and returns RGB bytes [n, 64, 64, 3].
 */
export function generateFaces(g: Generator, z: Float32Array, cond: Float32Array | null): Uint8Array {
  const n = z.length / Z_DIM;
  const condWidth = cond ? cond.length / n : 0;
  const out = new Uint8Array(n * FACE_BYTES);
  for (let start = 0; start < n; start += CHUNK) {
    const m = Math.min(CHUNK, n - start);
    const bytes = tf.tidy(() => {
      const zt = tf.tensor2d(z.subarray(start * Z_DIM, (start + m) * Z_DIM), [m, Z_DIM]);
      const c = cond ? tf.tensor2d(cond.subarray(start * condWidth, (start + m) * condWidth), [m, condWidth]) : null;
      const img = g.apply(zt, c, EVAL); // [m, 64, 64, 3] in [-1, 1]
      return tf.cast(tf.clipByValue(tf.round(tf.mul(tf.add(img, 1), 127.5)), 0, 255), 'int32');
    });
    out.set(bytes.dataSync(), start * FACE_BYTES);
    bytes.dispose();
  }
  return out;
}

/** Blends two noise sets: t = 0 gives a, t = 1 gives b. */
export function lerpNoise(a: Float32Array, b: Float32Array, t: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * (1 - t) + b[i]! * t;
  return out;
}

/** Index of a value (a colour in MLDS) in a vocabulary, or an Error naming the attribute and listing the valid values. */
export function colourIndex(vocab: string[], colour: string, attribute: string): number {
  const i = vocab.indexOf(colour.toLowerCase());
  if (i < 0) throw new UnknownColourError(`unknown ${attribute} '${colour}': choose one of ${vocab.join(', ')}`);
  return i;
}

export class UnknownColourError extends AppError {}
