/** Running the judge over faces: features and predicted colours, in inference mode. */
import * as tf from '@tensorflow/tfjs';
import { FACE_BYTES, faceBatchShape } from '../util/face.js';
import { EVAL } from '../engine/models/layers.js';
import { JUDGE_FEATURES, type JudgeNet } from './judge-net.js';

/** Largest batch through the judge at once, to bound memory. */
const CHUNK = 128;

export interface Judged {
  n: number;
  /** [n, JUDGE_FEATURES] row-major. */
  features: Float32Array;
  /** [n] predicted hair / eye index. */
  hair: Int32Array;
  eyes: Int32Array;
}

function toUnit(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 127.5 - 1;
  return out;
}

/** faces: [n, 64, 64, 3] RGB bytes (as generators and data sets hold them). */
export function judgeBytes(judge: JudgeNet, faces: Uint8Array): Judged {
  const n = faces.length / FACE_BYTES;
  const out: Judged = { n, features: new Float32Array(n * JUDGE_FEATURES), hair: new Int32Array(n), eyes: new Int32Array(n) };
  for (let start = 0; start < n; start += CHUNK) {
    const m = Math.min(CHUNK, n - start);
    const [f, h, e] = tf.tidy(() => {
      const x = tf.tensor4d(toUnit(faces.subarray(start * FACE_BYTES, (start + m) * FACE_BYTES)), faceBatchShape(m)); // in [-1, 1]
      const r = judge.apply(x, EVAL);
      return [r.features, tf.argMax(r.hair, 1), tf.argMax(r.eyes, 1)];
    });
    out.features.set(f!.dataSync(), start * JUDGE_FEATURES);
    out.hair.set(h!.dataSync(), start);
    out.eyes.set(e!.dataSync(), start);
    tf.dispose([f!, h!, e!]);
  }
  return out;
}

/** The faces at `idx` of a data set's pixels, as one contiguous byte array. */
export function pickFaces(pixels: Uint8Array, idx: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(idx.length * FACE_BYTES);
  for (let i = 0; i < idx.length; i++) out.set(pixels.subarray(idx[i]! * FACE_BYTES, (idx[i]! + 1) * FACE_BYTES), i * FACE_BYTES);
  return out;
}
