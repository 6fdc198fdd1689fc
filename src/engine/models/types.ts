import type * as tf from '@tensorflow/tfjs';
import type { ParamSet } from './params.js';
import type { Mode } from './layers.js';

export interface Generator {
  readonly params: ParamSet;
  /** z [b, 100], cond [b, nHair + nEyes] one-hot (null for DCGAN) → images [b, 64, 64, 3] in [-1, 1]. */
  apply(z: tf.Tensor2D, cond: tf.Tensor2D | null, mode: Mode): tf.Tensor4D;
}

export interface DiscriminatorOutput {
  /** Real/fake logit (or WGAN critic value): [b, 1]. */
  adv: tf.Tensor2D;
  /** Class logits, hair then eyes: [b, nHair + nEyes]; null for DCGAN. */
  classes: tf.Tensor2D | null;
}

export interface Discriminator {
  readonly params: ParamSet;
  /**
   * cond: the images' conditions [b, nHair + nEyes] one-hot, which only the projection
   * discriminator takes (and needs); the others judge the image alone.
   */
  apply(x: tf.Tensor4D, mode: Mode, cond?: tf.Tensor2D | null): DiscriminatorOutput;
}

/** acgan-split's hair/eye classifier: a network of its own, sharing no weight with D. */
export interface Classifier {
  readonly params: ParamSet;
  /** images [b, 64, 64, 3] → class logits, hair then eyes: [b, nHair + nEyes]. */
  apply(x: tf.Tensor4D, mode: Mode): tf.Tensor2D;
}

/** The networks of one model: G, D and, for acgan-split only, the classifier. */
export interface Models {
  g: Generator;
  d: Discriminator;
  c: Classifier | null;
}

export interface ModelShape {
  width: number;
  nHair: number;
  nEyes: number;
  /** Batch norm in D. Off for WGAN-GP, whose gradient penalty is per sample. */
  discriminatorNorm: boolean;
  seed: number;
}

/** Channel count scaled by the width multiplier, never below 1. */
export function scaled(base: number, width: number): number {
  return Math.max(1, Math.round(base * width));
}
