/**
 * acgan-split: ACGAN with the class head moved out of D into a hair/eye classifier of its own.
 * D judges realism only (the DCGAN discriminator); the classifier shares no weight with it, so
 * the report's trade-off, class accuracy competing with realism inside one network, cannot arise.
 * G is acgan's: the one-hot conditions appended to z.
 *
 * The classifier is the DCGAN discriminator's body at half D's width: telling colours apart is a
 * far easier task than telling real from fake, and at half width its convolutions cost a quarter
 * of D's, which keeps a step close to acgan's (docs/models.md, cost per step, has the numbers).
 */
import * as tf from '@tensorflow/tfjs';
import { ParamSet } from './params.js';
import { Dense, type Mode } from './layers.js';
import { dcganBody } from './dcgan-body.js';
import { dcganDiscriminator, dcganGenerator } from './dcgan.js';
import { scaled, type Classifier, type ModelShape, type Models } from './types.js';

/** The classifier's width as a share of D's. */
export const CLASSIFIER_WIDTH = 0.5;

export function splitModels(shape: ModelShape): Models {
  return {
    g: dcganGenerator(shape, true),
    d: dcganDiscriminator(shape, false),
    c: dcganClassifier(shape, CLASSIFIER_WIDTH),
  };
}

/**
 * The DCGAN discriminator's body with a class layer: 4×4 stride-2 convolutions, batch norm from
 * the second on (always: no gradient penalty ever runs through the classifier), LeakyReLU.
 */
export function dcganClassifier(shape: ModelShape, widthShare: number): Classifier {
  const nf = scaled(64, shape.width * widthShare);
  const ps = new ParamSet('c', shape.seed + 2);
  const body = dcganBody(ps, nf, true);
  const features = body.features;
  const cls = new Dense(ps, 'cls', features, shape.nHair + shape.nEyes);

  return {
    params: ps,
    apply(x, mode: Mode) {
      return cls.apply(tf.reshape(body.apply(x, mode), [-1, features]) as tf.Tensor2D); // [b, nHair + nEyes]
    },
  };
}
