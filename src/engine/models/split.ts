/**
 * acgan-split: ACGAN with the class head moved out of D into a hair/eye classifier of its own.
 * D judges realism only (the DCGAN discriminator); the classifier shares no weight with it, so
 * the seed's trade-off, class accuracy competing with realism inside one network, cannot arise.
 * G is acgan's: the one-hot conditions appended to z.
 *
 * The classifier is the DCGAN discriminator's body at half D's width: telling colours apart is a
 * far easier task than telling real from fake, and at half width its convolutions cost a quarter
 * of D's, which keeps a step close to acgan's (see the README's models section for the numbers).
 */
import * as tf from '@tensorflow/tfjs';
import { ParamSet } from './params.js';
import { BatchNorm, Conv, Dense, type Mode } from './layers.js';
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
  const conv1 = new Conv(ps, 'conv1', 4, 3, nf, 2);
  const downs = [
    [nf, nf * 2],
    [nf * 2, nf * 4],
    [nf * 4, nf * 8],
  ].map(([cin, cout], i) => ({
    conv: new Conv(ps, `conv${i + 2}`, 4, cin!, cout!, 2, false),
    bn: new BatchNorm(ps, `bn${i + 2}`, cout!),
  }));
  const features = 4 * 4 * nf * 8;
  const cls = new Dense(ps, 'cls', features, shape.nHair + shape.nEyes);

  return {
    params: ps,
    apply(x, mode: Mode) {
      let h = conv1.apply(x, 'leakyrelu'); // [b, 32, 32, nf]
      for (const { conv, bn } of downs) h = bn.apply(conv.apply(h), mode, 'leakyrelu'); // → [b, 4, 4, 8nf]
      return cls.apply(tf.reshape(h, [-1, features]) as tf.Tensor2D); // [b, nHair + nEyes]
    },
  };
}
