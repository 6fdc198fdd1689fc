/**
 * The projection-discriminator cGAN (Miyato & Koyama, "cGANs with projection discriminator",
 * ICLR 2018) on the DCGAN bodies of the MLDS 2018 course report. D does not predict the classes,
 * it is told them:
 *
 *   D(x, y) = ψ(h(x)) + ⟨E_hair[y_hair] + E_eyes[y_eyes], φ(x)⟩
 *
 * h(x) the 4×4 feature map of D's last convolution, φ(x) its sum over the map (the paper's pooled
 * features), ψ a linear layer, E one embedding per attribute. So "does this face look real?" and
 * "does it look like these colours?" are one judgement, and G, conditioned through conditional
 * batch norm, is pushed towards faces that are real *for their colours* rather than towards
 * whatever a classifier can separate. Trained with the hinge loss (train-step-projection.ts).
 *
 * ψ reads the map itself, as DCGAN's real/fake layer does, not the pooled φ: with pooled features
 * this shallow D could not place eyes on a face, and G drew colour blotches (docs/models.md,
 * projection).
 * D's layers are batch-normalised, as DCGAN's, rather than spectrally normalised as in the paper
 * (PROJECTION_NORM says why); the spectral norm stays as an option, for measuring that choice.
 */
import * as tf from '@tensorflow/tfjs';
import { ParamSet } from './params.js';
import { CondBatchNorm } from './cond-batchnorm.js';
import { BatchNorm, Dense, Deconv, INIT_STD, type Mode } from './layers.js';
import { SNConv, SNDense } from './spectral-norm.js';
import { scaled, type Discriminator, type DiscriminatorOutput, type Generator, type ModelShape, type Models } from './types.js';
import { Z_DIM } from '../config.js';
import { upsamplingChannels } from './dcgan.js';
import { BASE_SIDE } from './dcgan-body.js';

/** How D's layers are normalised: 'spectral' and 'none' stay for measuring the choice. */
export type ProjectionNorm = 'spectral' | 'batch' | 'none';

/**
 * Batch norm, as in the DCGAN discriminator. Spectral norm, the paper's choice, costs little here
 * (one power iteration a layer and step, about 4% of a step) but did not pay: with this 4-layer
 * body and one D update per G update, G collapsed to one checkered face on drawn faces within 300
 * steps, also with the SN-GAN paper's Adam settings (β₁ 0, β₂ 0.9), while batch norm trained
 * (docs/models.md, projection).
 */
export const PROJECTION_NORM: ProjectionNorm = 'batch';

export function projectionModels(shape: ModelShape, norm: ProjectionNorm = PROJECTION_NORM): Models {
  return { g: projectionGenerator(shape), d: projectionDiscriminator(shape, norm), c: null };
}

function needCond(cond: tf.Tensor2D | null | undefined, who: string): tf.Tensor2D {
  if (!cond) throw new Error(`the projection model's ${who} needs the hair/eye conditions`);
  return cond;
}

/** acgan's generator with every batch norm conditional and z alone as the input. */
export function projectionGenerator(shape: ModelShape): Generator {
  const nf = scaled(64, shape.width);
  const nCond = shape.nHair + shape.nEyes;
  const ps = new ParamSet('g', shape.seed);
  const fc = new Dense(ps, 'fc', Z_DIM, BASE_SIDE * BASE_SIDE * nf * 8);
  const bn0 = new CondBatchNorm(ps, 'cbn0', nCond, nf * 8);
  const ups = upsamplingChannels(nf).map(([cin, cout], i) => ({
    deconv: new Deconv(ps, `up${i + 1}`, cin, cout, false),
    bn: new CondBatchNorm(ps, `cbn${i + 1}`, nCond, cout),
  }));
  const out = new Deconv(ps, 'out', nf, 3);

  return {
    params: ps,
    apply(z, cond, mode: Mode) {
      const c = needCond(cond, 'generator'); // [b, nHair + nEyes]
      let x = tf.reshape(fc.apply(z), [-1, BASE_SIDE, BASE_SIDE, nf * 8]) as tf.Tensor4D; // [b, 4, 4, 8nf]
      x = bn0.apply(x, c, mode, 'relu');
      for (const { deconv, bn } of ups) x = bn.apply(deconv.apply(x), c, mode, 'relu'); // → [b, 32, 32, nf]
      return out.apply(x, 'tanh'); // [b, 64, 64, 3]
    },
  };
}

/** The DCGAN discriminator's convolutions, spectrally normalised, with ψ and the class projection. */
export function projectionDiscriminator(shape: ModelShape, norm: ProjectionNorm = PROJECTION_NORM): Discriminator {
  const nf = scaled(64, shape.width);
  const ps = new ParamSet('d', shape.seed + 1);
  const sn = norm === 'spectral';
  const convs = [
    [3, nf],
    [nf, nf * 2],
    [nf * 2, nf * 4],
    [nf * 4, nf * 8],
  ].map(([cin, cout], i) => {
    // As in the DCGAN discriminator: batch norm from the second convolution on.
    const bn = norm === 'batch' && i > 0;
    return { conv: new SNConv(ps, `conv${i + 1}`, 4, cin!, cout!, 2, sn, !bn), bn: bn ? new BatchNorm(ps, `bn${i + 1}`, cout!) : null };
  });
  const features = nf * 8;
  const psi = new SNDense(ps, 'adv', BASE_SIDE * BASE_SIDE * features, 1, sn);
  // One row per hair colour, then one per eye colour: cond · E sums the face's two embeddings.
  const embed = ps.normal('embed', [shape.nHair + shape.nEyes, features], INIT_STD);

  return {
    params: ps,
    apply(x, mode, cond): DiscriminatorOutput {
      const c = needCond(cond, 'discriminator'); // [b, nHair + nEyes]
      let h: tf.Tensor4D = x;
      for (const { conv, bn } of convs) {
        // [b, 32, 32, nf] → … → [b, 4, 4, 8nf]
        h = bn ? bn.apply(conv.apply(h, mode), mode, 'leakyrelu') : conv.apply(h, mode, 'leakyrelu');
      }
      const phi = tf.sum(h, [1, 2]) as tf.Tensor2D; // [b, 8nf]: sum pooling, as in the paper
      const projection = tf.sum(tf.mul(phi, tf.matMul(c, embed as tf.Tensor2D)), 1, true); // [b, 1]
      // ψ reads the features where they lie, as DCGAN's real/fake layer does: a 4×4 map whose
      // units each see 46×46 pixels, so pooled they could not tell where eyes sit on a face.
      const psiIn = tf.reshape(h, [-1, BASE_SIDE * BASE_SIDE * features]) as tf.Tensor2D; // [b, 16·8nf]
      return { adv: tf.add(psi.apply(psiIn, mode), projection) as tf.Tensor2D, classes: null };
    },
  };
}
