/**
 * The DCGAN (Radford et al.) of the MLDS 2018 course report this project follows: 4×4 stride-2
 * (de)convolutions, batch norm, ReLU in G and LeakyReLU in D. `acgan` is the same body with a
 * class head on D and the one-hot conditions appended to z. nf = 64 at width 1, as in the
 * reference peer.
 */
import * as tf from '@tensorflow/tfjs';
import { ParamSet } from './params.js';
import { BatchNorm, Deconv, Dense, type Mode } from './layers.js';
import { BASE_SIDE, dcganBody } from './dcgan-body.js';
import { scaled, type Discriminator, type DiscriminatorOutput, type Generator, type ModelShape } from './types.js';
import { Z_DIM } from '../config.js';

/** In and out channels of the generator's three 2× upsamplings: 4×4×8nf → 32×32×nf. */
export function upsamplingChannels(nf: number): [number, number][] {
  return [
    [nf * 8, nf * 4],
    [nf * 4, nf * 2],
    [nf * 2, nf],
  ];
}

export function dcganGenerator(shape: ModelShape, conditional: boolean): Generator {
  const nf = scaled(64, shape.width);
  const ps = new ParamSet('g', shape.seed);
  const inDim = Z_DIM + (conditional ? shape.nHair + shape.nEyes : 0);
  const fc = new Dense(ps, 'fc', inDim, BASE_SIDE * BASE_SIDE * nf * 8);
  const bn0 = new BatchNorm(ps, 'bn0', nf * 8);
  const ups = upsamplingChannels(nf).map(([cin, cout], i) => ({
    deconv: new Deconv(ps, `up${i + 1}`, cin, cout, false),
    bn: new BatchNorm(ps, `bn${i + 1}`, cout),
  }));
  const out = new Deconv(ps, 'out', nf, 3);

  return {
    params: ps,
    apply(z, cond, mode: Mode) {
      const input = cond ? tf.concat([z, cond], 1) : z; // [b, 100 (+ nHair + nEyes)]
      let x = tf.reshape(fc.apply(input), [-1, BASE_SIDE, BASE_SIDE, nf * 8]) as tf.Tensor4D; // [b, 4, 4, 8nf]
      x = bn0.apply(x, mode, 'relu');
      for (const { deconv, bn } of ups) x = bn.apply(deconv.apply(x), mode, 'relu'); // → [b, 32, 32, nf]
      return out.apply(x, 'tanh'); // [b, 64, 64, 3]
    },
  };
}

export function dcganDiscriminator(shape: ModelShape, conditional: boolean): Discriminator {
  const nf = scaled(64, shape.width);
  const ps = new ParamSet('d', shape.seed + 1);
  const body = dcganBody(ps, nf, shape.discriminatorNorm);
  const features = body.features;
  const adv = new Dense(ps, 'adv', features, 1);
  const cls = conditional ? new Dense(ps, 'cls', features, shape.nHair + shape.nEyes) : null;

  return {
    params: ps,
    apply(x, mode): DiscriminatorOutput {
      const f = tf.reshape(body.apply(x, mode), [-1, features]) as tf.Tensor2D; // [b, 16·8nf]
      return { adv: adv.apply(f), classes: cls ? cls.apply(f) : null };
    },
  };
}
