/**
 * One GAN training step: a discriminator update on a real and a generated batch, then a generator
 * update through the updated discriminator. Pure tfjs; the trainer feeds it plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam.js';
import type { LossKind } from './config.js';
import { TRAIN, TRAIN_UPDATE } from './models/layers.js';
import type { Discriminator, Generator } from './models/index.js';
import type { ParamSet } from './models/params.js';
import { faceBatchShape } from '../util/face.js';
import {
  GP_WEIGHT,
  accuracy,
  classLoss,
  discriminatorAdvLoss,
  generatorAdvLoss,
  gradientPenalty,
  splitClasses,
} from './losses.js';

export interface StepBatch {
  real: Float32Array; // [b, 64, 64, 3] in [-1, 1]
  realHair: Int32Array; // [b]
  realEyes: Int32Array;
  z: Float32Array; // [b, 100]
  fakeHair: Int32Array; // [b] conditions for the generated half
  fakeEyes: Int32Array;
  /** [b] uniform draws for the gradient penalty's interpolation (WGAN-GP only). */
  gpEps: Float32Array | null;
}

/** The values a step's `run` returns, in their order in its one read-back tensor. */
export const STEP_OUTPUTS = [
  'dLoss',
  'gLoss',
  'dReal',
  'dFake',
  'hairAccReal',
  'eyesAccReal',
  'hairAccFake',
  'eyesAccFake',
] as const;

export interface StepOptions {
  loss: LossKind;
  learningRate: number;
  beta1: number;
  nHair: number;
  nEyes: number;
  conditional: boolean;
}

/** A trained network with its optimizer, under the key its checkpoint tensors carry ('adam/<key>/…'). */
export interface TrainedNet {
  key: 'g' | 'd' | 'c';
  params: ParamSet;
  opt: Adam;
}

/** What the trainer drives: one step of some model's training (train-steps.ts picks the kind). */
export interface TrainStep {
  /** Every network the step trains, G first; a checkpoint holds each with its optimizer's moments. */
  readonly nets: readonly TrainedNet[];
  /** Runs one step; returns the STEP_OUTPUTS values (class accuracies 0 where the model has no classifier). */
  run(batch: StepBatch, lambda: number): Float32Array;
  dispose(): void;
}

/** A step that trains a G and a D, each with an Adam of its own; a checkpoint holds both, G first. */
export abstract class GAndDStep implements TrainStep {
  readonly gOpt: Adam;
  readonly dOpt: Adam;
  readonly nets: readonly TrainedNet[];

  constructor(
    readonly g: Generator,
    readonly d: Discriminator,
    readonly opts: StepOptions,
  ) {
    this.gOpt = new Adam(g.params.trainable, opts);
    this.dOpt = new Adam(d.params.trainable, opts);
    this.nets = [
      { key: 'g', params: g.params, opt: this.gOpt },
      { key: 'd', params: d.params, opt: this.dOpt },
    ];
  }

  abstract run(batch: StepBatch, lambda: number): Float32Array;

  dispose(): void {
    for (const n of this.nets) n.opt.dispose();
  }
}

/** ACGAN's and DCGAN's step: the non-saturating GAN loss or WGAN-GP, plus the class loss. */
export class GanStep extends GAndDStep {

  /** Runs one step; returns the STEP_OUTPUTS values (class accuracies 0 for DCGAN). */
  run(batch: StepBatch, lambda: number): Float32Array {
    const { g, d, opts } = this;
    const b = batch.realHair.length;
    const metrics = tf.tidy(() => {
      const real = tf.tensor4d(batch.real, faceBatchShape(b));
      const z = tf.tensor2d(batch.z, [b, batch.z.length / b]);
      const realHair = tf.tensor1d(batch.realHair, 'int32');
      const realEyes = tf.tensor1d(batch.realEyes, 'int32');
      const fakeHair = tf.tensor1d(batch.fakeHair, 'int32');
      const fakeEyes = tf.tensor1d(batch.fakeEyes, 'int32');
      const cond = opts.conditional
        ? (tf.concat([tf.oneHot(fakeHair, opts.nHair), tf.oneHot(fakeEyes, opts.nEyes)], 1).toFloat() as tf.Tensor2D)
        : null;
      const zero = tf.scalar(0);

      // Each phase in its own scope, so that one phase's activations and gradients are freed
      // before the next begins: the step's peak memory is the larger phase's, not their sum.

      // Discriminator: the generated batch is a constant here.
      const fake = tf.tidy(() => g.apply(z, cond, TRAIN));
      let dReal: tf.Scalar = zero;
      let dFake: tf.Scalar = zero;
      let hairAccReal: tf.Scalar = zero;
      let eyesAccReal: tf.Scalar = zero;
      const dLoss = descend(this.dOpt, d.params.trainable, () => {
        const r = d.apply(real, TRAIN);
        const f = d.apply(fake, TRAIN);
        let loss = discriminatorAdvLoss(opts.loss, r.adv, f.adv);
        if (opts.loss === 'wgan-gp' && batch.gpEps) {
          const eps = tf.tensor4d(batch.gpEps, [b, 1, 1, 1]);
          const gp = gradientPenalty((x) => d.apply(x as tf.Tensor4D, TRAIN).adv, real, fake, eps);
          loss = tf.add(loss, tf.mul(gp, GP_WEIGHT));
        }
        dReal = tf.keep(meanScore(opts.loss, r.adv));
        dFake = tf.keep(meanScore(opts.loss, f.adv));
        if (r.classes) {
          const cls = classTerm(r.classes, realHair, realEyes, opts.nHair, lambda);
          loss = tf.add(loss, cls.loss);
          [hairAccReal, eyesAccReal] = [cls.hairAcc, cls.eyesAcc];
        }
        return loss;
      });
      fake.dispose();

      // Generator: through the just-updated discriminator, as in the reference DCGAN loop.
      let hairAccFake: tf.Scalar = zero;
      let eyesAccFake: tf.Scalar = zero;
      const gLoss = descend(this.gOpt, g.params.trainable, () => {
        const out = d.apply(g.apply(z, cond, TRAIN_UPDATE), TRAIN);
        let loss = generatorAdvLoss(opts.loss, out.adv);
        if (out.classes) {
          const cls = classTerm(out.classes, fakeHair, fakeEyes, opts.nHair, lambda);
          loss = tf.add(loss, cls.loss);
          [hairAccFake, eyesAccFake] = [cls.hairAcc, cls.eyesAcc];
        }
        return loss;
      });

      const kept = [dReal, dFake, hairAccReal, eyesAccReal, hairAccFake, eyesAccFake];
      const all = tf.stack([dLoss, gLoss, ...kept]);
      // Scalars kept out of the gradient scopes are not the enclosing tidy's to free.
      for (const t of kept) if (t !== zero) t.dispose();
      return all;
    });
    // One read-back per step: every metric travels in a single small tensor.
    const values = metrics.dataSync() as Float32Array;
    metrics.dispose();
    return values;
  }
}

/** Mean D(x) as a probability for the GAN loss; the raw critic value for WGAN. */
export function meanScore(loss: LossKind, adv: tf.Tensor): tf.Scalar {
  return loss === 'gan' ? tf.mean(tf.sigmoid(adv)) : tf.mean(adv);
}

/**
 * One optimiser update in a scope of its own: the gradients of `loss` for `vars`, applied by
 * `opt`. Everything the phase made but its loss value is freed on return (see GanStep.run).
 */
export function descend(opt: Adam, vars: tf.Variable[], loss: () => tf.Scalar): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, vars);
    opt.apply(vars.map((v) => grads[v.name]!));
    return value;
  });
}

/** The λ-weighted class loss on [b, nHair + nEyes] logits, with each head's accuracy kept past the gradient scope. */
export function classTerm(
  classes: tf.Tensor2D,
  hair: tf.Tensor1D,
  eyes: tf.Tensor1D,
  nHair: number,
  lambda: number,
): { loss: tf.Scalar; hairAcc: tf.Scalar; eyesAcc: tf.Scalar } {
  const cls = splitClasses(classes, nHair);
  return {
    loss: tf.mul(tf.add(classLoss(cls.hair, hair), classLoss(cls.eyes, eyes)), lambda) as tf.Scalar,
    hairAcc: tf.keep(accuracy(cls.hair, hair)),
    eyesAcc: tf.keep(accuracy(cls.eyes, eyes)),
  };
}

/** Conditions as G takes them: [b, nHair + nEyes], a one-hot hair part then a one-hot eyes part. */
export function oneHots(hair: tf.Tensor1D, eyes: tf.Tensor1D, nHair: number, nEyes: number): tf.Tensor2D {
  return tf.concat([tf.oneHot(hair, nHair), tf.oneHot(eyes, nEyes)], 1).toFloat() as tf.Tensor2D;
}

/** A step's inputs as tensors (inside the caller's tidy). */
export function stepTensors(batch: StepBatch) {
  const b = batch.realHair.length;
  return {
    b,
    real: tf.tensor4d(batch.real, faceBatchShape(b)),
    z: tf.tensor2d(batch.z, [b, batch.z.length / b]),
    realHair: tf.tensor1d(batch.realHair, 'int32'),
    realEyes: tf.tensor1d(batch.realEyes, 'int32'),
    fakeHair: tf.tensor1d(batch.fakeHair, 'int32'),
    fakeEyes: tf.tensor1d(batch.fakeEyes, 'int32'),
  };
}

/** The step's metrics in STEP_OUTPUTS order, read back in one transfer; frees what it was given. */
export function readMetrics(metrics: tf.Tensor): Float32Array {
  const values = metrics.dataSync() as Float32Array;
  metrics.dispose();
  return values;
}
