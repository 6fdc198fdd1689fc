/**
 * The judge: a hair/eye colour classifier trained on real faces alone, never by or against a GAN,
 * so it grades every generator the same way. Its penultimate layer is the feature space that the
 * Fréchet distance and the diversity figure are measured in (as Inception's pool features are for
 * FID), which is why it ends in a dense feature layer rather than pooling straight into the heads.
 */
import * as tf from '@tensorflow/tfjs';
import { ParamSet } from '../engine/models/params.js';
import { Dense, type Mode } from '../engine/models/layers.js';
import { dcganBody } from '../engine/models/dcgan-body.js';

/** Channels of the first conv; the rest double per stride-2 layer. */
export const JUDGE_NF = 32;
/** Width of the feature layer the distances are measured in. */
export const JUDGE_FEATURES = 128;

export interface JudgeShape {
  nHair: number;
  nEyes: number;
  seed: number;
}

export interface JudgeOutput {
  /** [b, JUDGE_FEATURES], after the activation. */
  features: tf.Tensor2D;
  /** [b, nHair] and [b, nEyes] logits. */
  hair: tf.Tensor2D;
  eyes: tf.Tensor2D;
}

export interface JudgeNet {
  readonly params: ParamSet;
  readonly shape: JudgeShape;
  /** x [b, 64, 64, 3] in [-1, 1]. */
  apply(x: tf.Tensor4D, mode: Mode): JudgeOutput;
}

export function judgeNet(shape: JudgeShape): JudgeNet {
  const nf = JUDGE_NF;
  const ps = new ParamSet('j', shape.seed);
  const body = dcganBody(ps, nf, true);
  const flat = body.features;
  const feature = new Dense(ps, 'feature', flat, JUDGE_FEATURES);
  const hair = new Dense(ps, 'hair', JUDGE_FEATURES, shape.nHair);
  const eyes = new Dense(ps, 'eyes', JUDGE_FEATURES, shape.nEyes);

  return {
    params: ps,
    shape,
    apply(x, mode) {
      const h = body.apply(x, mode); // [b, 4, 4, 8nf]
      const f = tf.leakyRelu(feature.apply(tf.reshape(h, [-1, flat]) as tf.Tensor2D), 0.2) as tf.Tensor2D; // [b, 128]
      return { features: f, hair: hair.apply(f), eyes: eyes.apply(f) };
    },
  };
}
