/**
 * Faces on demand, shared by the generate command, the generate view and the trainer's previews:
 * a seed fixes the noise and the random colours, so the same request always gives the same faces.
 */
import { Z_DIM } from './config.js';
import { Rng, mixSeed } from '../util/rng.js';
import type { Generator } from './models/index.js';
import { colourIndex, drawNoise, generateFaces, lerpNoise, oneHotConditions, type Vocab } from './sampler.js';

export interface FaceRequest {
  /** A colour from the vocabulary, or null: random per face (ACGAN). Ignored for DCGAN. */
  hair: string | null;
  eyes: string | null;
  count: number;
  seed: number;
  /** Multiplies z's spread. */
  truncation: number;
  /** Faces run from (seed, hair, eyes) to (seedB, hairB, eyesB) in `count` even steps. */
  interpolate?: { seedB: number; hairB: string | null; eyesB: string | null };
}

export interface FaceResult {
  n: number;
  /** [n, 64, 64, 3] RGB. */
  faces: Uint8Array;
  /** The colours each face was drawn with (for interpolation: the start's); nulls for DCGAN. */
  labels: Array<[string | null, string | null]>;
}

/** What G is fed for a request: noise, conditions and the labels they stand for. */
export interface NoisePlan {
  n: number;
  /** [n, Z_DIM] */
  z: Float32Array;
  /** [n, nHair + nEyes], or null for DCGAN. */
  cond: Float32Array | null;
  labels: Array<[string | null, string | null]>;
}

/** vocab: null for an unconditional model. Throws UnknownColourError for a colour not in it. */
export function makeFaces(g: Generator, vocab: Vocab | null, req: FaceRequest): FaceResult {
  const plan = planNoise(vocab, req);
  return { n: plan.n, faces: generateFaces(g, plan.z, plan.cond), labels: plan.labels };
}

/**
 * The inputs of makeFaces without running G, so a caller can split one request over several
 * generators (threads) and still get exactly the faces makeFaces would give.
 */
export function planNoise(vocab: Vocab | null, req: FaceRequest): NoisePlan {
  const n = req.count;
  // One stream per field, so fixing the hair colour leaves the random eye colours as they were.
  const rngs = { hair: new Rng(mixSeed(req.seed, 1)), eyes: new Rng(mixSeed(req.seed, 2)) };
  const pick = (colour: string | null, list: string[], slot: 'hair' | 'eyes'): number =>
    colour === null ? rngs[slot].int(list.length) : colourIndex(list, colour, vocab!.attributes[slot === 'hair' ? 0 : 1]);

  let z: Float32Array;
  let cond: Float32Array | null = null;
  const labels: Array<[string | null, string | null]> = [];

  if (req.interpolate) {
    const a = drawNoise(new Rng(req.seed), 1, req.truncation);
    const b = drawNoise(new Rng(req.interpolate.seedB), 1, req.truncation);
    z = new Float32Array(n * Z_DIM);
    for (let i = 0; i < n; i++) z.set(lerpNoise(a, b, n === 1 ? 0 : i / (n - 1)), i * Z_DIM);
    if (vocab) {
      const hA = pick(req.hair, vocab.hairVocab, 'hair');
      const eA = pick(req.eyes, vocab.eyesVocab, 'eyes');
      const hB = pick(req.interpolate.hairB, vocab.hairVocab, 'hair');
      const eB = pick(req.interpolate.eyesB, vocab.eyesVocab, 'eyes');
      const ca = oneHotConditions([hA], [eA], vocab.hairVocab.length, vocab.eyesVocab.length);
      const cb = oneHotConditions([hB], [eB], vocab.hairVocab.length, vocab.eyesVocab.length);
      cond = new Float32Array(n * ca.length);
      for (let i = 0; i < n; i++) {
        cond.set(lerpNoise(ca, cb, n === 1 ? 0 : i / (n - 1)), i * ca.length);
        const first = i < n / 2;
        labels.push([vocab.hairVocab[first ? hA : hB]!, vocab.eyesVocab[first ? eA : eB]!]);
      }
    } else {
      for (let i = 0; i < n; i++) labels.push([null, null]);
    }
  } else {
    z = drawNoise(new Rng(req.seed), n, req.truncation);
    if (vocab) {
      const hair = new Int32Array(n);
      const eyes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        hair[i] = pick(req.hair, vocab.hairVocab, 'hair');
        eyes[i] = pick(req.eyes, vocab.eyesVocab, 'eyes');
        labels.push([vocab.hairVocab[hair[i]!]!, vocab.eyesVocab[eyes[i]!]!]);
      }
      cond = oneHotConditions(hair, eyes, vocab.hairVocab.length, vocab.eyesVocab.length);
    } else {
      for (let i = 0; i < n; i++) labels.push([null, null]);
    }
  }
  return { n, z, cond, labels };
}
