/**
 * Differentiable augmentation of every image D sees, real and generated, in both phases
 * (DiffAugment, Zhao et al., NeurIPS 2020), each op applied per image with a probability p, fixed
 * or adapted as in ADA (Karras et al. 2020): a shift of up to 1/8 of the side with zero fill, a
 * zeroed square of half the side, and colour (brightness, saturation, contrast), with
 * DiffAugment's ranges. The random parameters are drawn on the JS side from the trainer's seeded
 * RNG, so a resumed run draws what an unbroken one would, and enter the step as tensors; the ops
 * are one pixel move (a gather) and a few pointwise ones, so G's gradient flows through them to its weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { DiffAugmentOp } from '../protocol/vocabulary.js';
import type { Rng } from '../util/rng.js';
import { FACE_CHANNELS, FACE_SIDE } from '../util/face.js';

const SHIFT = FACE_SIDE / 8;
const CUT = FACE_SIDE / 2;

/** One augmentation of one batch, as drawn. */
export interface AugmentDraw {
  /**
   * Per output pixel (b·64·64, row-major), the input pixel it shows, or b·64·64 for zero, mid-grey
   * in [−1, 1] (shifted in from outside, or cut out); null when the ops have neither translation
   * nor cutout.
   */
  source: Int32Array | null;
  /** Per image: brightness shift, saturation and contrast factors (0, 1, 1: left alone); null without colour. */
  colour: { brightness: Float32Array; saturation: Float32Array; contrast: Float32Array } | null;
}

/** A step's three: the real faces and G's faces of D's update, and G's faces of G's. */
export interface StepAugment {
  real: AugmentDraw;
  fake: AugmentDraw;
  gen: AugmentDraw;
}

/** Every op's parameters for a batch of b, each op kept for an image with probability p. */
export function drawAugment(rng: Rng, ops: readonly DiffAugmentOp[], p: number, b: number): AugmentDraw {
  const side = FACE_SIDE;
  const hw = side * side;
  const geometric = ops.includes('translation') || ops.includes('cutout');
  const source = geometric ? new Int32Array(b * hw) : null;
  const colour = ops.includes('colour')
    ? { brightness: new Float32Array(b), saturation: new Float32Array(b).fill(1), contrast: new Float32Array(b).fill(1) }
    : null;
  for (let i = 0; i < b; i++) {
    // Every number is drawn whether its op is kept or not: the stream does not depend on p.
    if (source) {
      const shift = rng.next() < p && ops.includes('translation');
      const tx = shift ? rng.int(2 * SHIFT + 1) - SHIFT : (rng.next(), 0);
      const ty = shift ? rng.int(2 * SHIFT + 1) - SHIFT : (rng.next(), 0);
      const cut = rng.next() < p && ops.includes('cutout');
      // The square's centre, anywhere from 0 to the side (DiffAugment's offsets).
      const cx = rng.int(side + 1);
      const cy = rng.int(side + 1);
      for (let y = 0; y < side; y++) {
        const sy = y + ty;
        const cutRow = cut && y >= cy - CUT / 2 && y < cy + CUT / 2;
        for (let x = 0; x < side; x++) {
          const sx = x + tx;
          const blank = sy < 0 || sy >= side || sx < 0 || sx >= side || (cutRow && x >= cx - CUT / 2 && x < cx + CUT / 2);
          source[i * hw + y * side + x] = blank ? b * hw : i * hw + sy * side + sx;
        }
      }
    }
    if (colour) {
      const keep = rng.next() < p;
      const [u1, u2, u3] = [rng.next(), rng.next(), rng.next()];
      if (keep) {
        colour.brightness[i] = u1 - 0.5;
        colour.saturation[i] = u2 * 2;
        colour.contrast[i] = u3 + 0.5;
      }
    }
  }
  return { source, colour };
}

/**
 * The batch x [b, 64, 64, 3] as `a` changes it; `withColour` false leaves colour out (the class
 * loss never sees a colour-changed face: hair and eye colour are the classes). Inside the
 * caller's tidy and gradient scope.
 */
export function augment(x: tf.Tensor4D, a: AugmentDraw, withColour = true): tf.Tensor4D {
  let y: tf.Tensor4D = x;
  const b = x.shape[0];
  if (withColour && a.colour) {
    const perImage = (v: Float32Array) => tf.tensor4d(v, [b, 1, 1, 1]);
    y = tf.add(y, perImage(a.colour.brightness));
    const grey = tf.mean(y, 3, true);
    y = tf.add(tf.mul(tf.sub(y, grey), perImage(a.colour.saturation)), grey);
    const mean = tf.mean(y, [1, 2, 3], true);
    y = tf.add(tf.mul(tf.sub(y, mean), perImage(a.colour.contrast)), mean);
  }
  if (a.source) y = movePixels(y, a.source);
  return y;
}

/**
 * Output pixel i shows input pixel source[i] (all its channels), or zero where source[i] is the
 * pixel count. On the CPU backends a loop in JS with its adjoint, a scatter: wasm's gather walks
 * every element through generic index maths, 32 ms for one 64-face batch here, which made the
 * augmentation cost as much as the rest of the step; the loops take a few milliseconds.
 * On the GPU backends tf.gather, whose kernels are fast there.
 */
export function movePixels(x: tf.Tensor4D, source: Int32Array, viaGather = tf.getBackend() !== 'wasm' && tf.getBackend() !== 'cpu'): tf.Tensor4D {
  const n = source.length;
  if (viaGather) {
    // One extra zero pixel after the batch's: the one shifted-in and cut-out pixels show.
    const pixels = tf.concat([tf.reshape(x, [-1, FACE_CHANNELS]), tf.zeros([1, FACE_CHANNELS])], 0);
    return tf.reshape(tf.gather(pixels, tf.tensor1d(source, 'int32')), x.shape);
  }
  const move = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const from = (inputs[0] as tf.Tensor).dataSync() as Float32Array;
    const out = new Float32Array(n * FACE_CHANNELS);
    forEachRun(source, (to, at, len) => out.set(from.subarray(at * FACE_CHANNELS, (at + len) * FACE_CHANNELS), to * FACE_CHANNELS));
    return {
      value: tf.tensor4d(out, x.shape),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const dx = new Float32Array(n * FACE_CHANNELS);
        // Summed in output order, so the result is the same every run even where a pixel shows twice.
        forEachRun(source, (to, at, len) => {
          const d = at * FACE_CHANNELS;
          const o = to * FACE_CHANNELS;
          for (let k = 0; k < len * FACE_CHANNELS; k++) dx[d + k] += g[o + k]!;
        });
        return tf.tensor4d(dx, x.shape);
      },
    };
  });
  return move(x) as tf.Tensor4D;
}

/**
 * ADA's p: after each step it moves by batch ÷ ADA_IMAGES towards more augmentation when D's
 * outputs on real faces are too often positive (the mean of their signs above ADA_TARGET, D
 * growing sure of the training set), towards less when below. ADA's own pace is 500k images from
 * 0 to 1; a 10-minute run on two cores sees about 50k faces, so the pace here is that.
 */
export const ADA_TARGET = 0.6;
export const ADA_IMAGES = 50_000;

export function adaptP(p: number, realSign: number, batch: number): number {
  if (!Number.isFinite(realSign)) return p;
  return Math.min(1, Math.max(0, p + Math.sign(realSign - ADA_TARGET) * (batch / ADA_IMAGES)));
}

/**
 * Calls `f(to, at, len)` for each run of output pixels to…to+len−1 that show the consecutive input
 * pixels at…at+len−1 (a shifted row is one or two runs); zero pixels (source n) are skipped.
 */
function forEachRun(source: Int32Array, f: (to: number, at: number, len: number) => void): void {
  const n = source.length;
  for (let i = 0; i < n; ) {
    const at = source[i]!;
    let j = i + 1;
    if (at === n) {
      while (j < n && source[j] === n) j++;
    } else {
      // (A run ends at the zero pixel too, whose index n follows the last image's last pixel.)
      while (j < n && source[j] !== n && source[j] === source[j - 1]! + 1) j++;
      f(i, at, j - i);
    }
    i = j;
  }
}
