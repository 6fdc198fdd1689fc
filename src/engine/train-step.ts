/**
 * One GAN training step: a discriminator update on a real and a generated batch, then a generator
 * update through the updated discriminator. Pure tfjs; the trainer feeds it plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam.js';
import type { DiffAugmentOp, LossKind } from './config.js';
import { augment, type AugmentDraw, type StepAugment } from './augment-ops.js';
import type { NamedValues } from './checkpoint.js';
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
  /** The augmentations of D's inputs this step (augment-ops.ts); absent or null: none. */
  aug?: StepAugment | null;
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
  /** Mean sign of D's logits on the real faces it saw: ADA's overfitting signal. */
  'realSign',
] as const;

export interface StepOptions {
  loss: LossKind;
  /** G's learning rate, and D's unless learningRateD is given. */
  learningRate: number;
  /** D's (and acgan-split's classifier's) learning rate; absent: learningRate. */
  learningRateD?: number;
  beta1: number;
  nHair: number;
  nEyes: number;
  conditional: boolean;
  /** The augmentations the batches will carry; the projection step refuses colour. */
  diffAugment?: readonly DiffAugmentOp[];
  /** Run G forward once per step, both phases taking its batch (generatorRound). */
  reuseFake?: boolean;
}

/** The optimizer settings of D's side (D, and acgan-split's classifier). */
export function dSideOptions(opts: StepOptions): StepOptions {
  return { ...opts, learningRate: opts.learningRateD ?? opts.learningRate };
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
  /** The average of G that draws the pictures (averaged-generator.ts); absent: the raw G draws. */
  readonly averaged?: GeneratorAverage;
  dispose(): void;
}

/** What the trainer and a checkpoint need of an averaged G. */
export interface GeneratorAverage {
  readonly g: Generator;
  readonly beta: number;
  /** The average with batch-norm statistics of its own, for drawing. */
  ready(): Generator;
  /** Its tensors, named for a checkpoint ('g-ema/…'). */
  entries(): Array<{ name: string; tensor: tf.Tensor }>;
  restore(values: Map<string, NamedValues>): void;
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
    this.dOpt = new Adam(d.params.trainable, dSideOptions(opts));
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
    const aug = batch.aug ?? null;
    return readMetrics(
      tf.tidy(() => {
        const t = stepTensors(batch);
        const cond = opts.conditional ? oneHots(t.fakeHair, t.fakeEyes, opts.nHair, opts.nEyes) : null;
        const zero = tf.scalar(0);
        // The class head judges what D saw unless colour changed it: hair and eye colour are the
        // classes, so then it judges the same faces without the colour change.
        const classesOf = (out: { classes: tf.Tensor2D | null }, x: tf.Tensor4D, a: AugmentDraw | undefined) =>
          out.classes && a?.colour ? d.apply(augment(x, a, false), TRAIN).classes : out.classes;
        let [dLoss, dReal, dFake, hairAccReal, eyesAccReal, hairAccFake, eyesAccFake, realSign] = Array<tf.Scalar>(8).fill(zero);

        const gLoss = generatorRound(g, t.z, cond, this.gOpt, opts.reuseFake, (fake) => {
          // Discriminator: the generated batch is a constant here.
          dLoss = tf.keep(
            descend(this.dOpt, d.params.trainable, () => {
              const real = seen(t.real, aug?.real);
              const fk = seen(fake, aug?.fake);
              const r = d.apply(real, TRAIN);
              const f = d.apply(fk, TRAIN);
              let loss = discriminatorAdvLoss(opts.loss, r.adv, f.adv);
              if (opts.loss === 'wgan-gp' && batch.gpEps) {
                const eps = tf.tensor4d(batch.gpEps, [t.b, 1, 1, 1]);
                const gp = gradientPenalty((x) => d.apply(x as tf.Tensor4D, TRAIN).adv, real, fk, eps);
                loss = tf.add(loss, tf.mul(gp, GP_WEIGHT));
              }
              [dReal, dFake, realSign] = [meanScore(opts.loss, r.adv), meanScore(opts.loss, f.adv), tf.mean(tf.sign(r.adv))].map((x) => tf.keep(x as tf.Scalar));
              const classes = classesOf(r, t.real, aug?.real);
              if (classes) {
                const cls = classTerm(classes, t.realHair, t.realEyes, opts.nHair, lambda);
                loss = tf.add(loss, cls.loss);
                [hairAccReal, eyesAccReal] = [cls.hairAcc, cls.eyesAcc];
              }
              return loss;
            }),
          );
        }, (fake) => {
          // Generator: through the just-updated discriminator, as in the reference DCGAN loop.
          const out = d.apply(seen(fake, aug?.gen), TRAIN);
          let loss = generatorAdvLoss(opts.loss, out.adv);
          const classes = classesOf(out, fake, aug?.gen);
          if (classes) {
            const cls = classTerm(classes, t.fakeHair, t.fakeEyes, opts.nHair, lambda);
            loss = tf.add(loss, cls.loss);
            [hairAccFake, eyesAccFake] = [cls.hairAcc, cls.eyesAcc];
          }
          return loss;
        });

        const kept = [dLoss, dReal, dFake, hairAccReal, eyesAccReal, hairAccFake, eyesAccFake, realSign];
        const all = tf.stack([dLoss, gLoss, ...kept.slice(1)]);
        // Scalars kept out of the gradient scopes are not the enclosing tidy's to free.
        for (const k of kept) if (k !== zero) k.dispose();
        return all;
      }),
    );
  }
}

/** x as D sees it: through this step's augmentation `a`, if any. */
export function seen(x: tf.Tensor4D, a: AugmentDraw | undefined): tf.Tensor4D {
  return a ? augment(x, a) : x;
}

/**
 * G's batch for the phases before G's update (`before`, whose optimisers take it as a constant),
 * then G's update on `gLoss` of the same noise and conditions. Without `reuse` G runs forward once
 * per phase. With it, once, inside G's gradient scope, and every phase takes that batch: G's
 * weights do not change before its own update, so the images are the very ones a second forward
 * would draw, one G forward a step is saved, and G's activations stay alive through D's phase.
 */
export function generatorRound(
  g: Generator,
  z: tf.Tensor2D,
  cond: tf.Tensor2D | null,
  opt: Adam,
  reuse: boolean | undefined,
  before: (fake: tf.Tensor4D) => void,
  gLoss: (fake: tf.Tensor4D) => tf.Scalar,
): tf.Scalar {
  if (reuse) {
    return descend(opt, g.params.trainable, () => {
      const fake = g.apply(z, cond, TRAIN_UPDATE);
      before(fake);
      return gLoss(fake);
    });
  }
  // Each phase in its own scope, so that one phase's activations and gradients are freed before
  // the next begins: the step's peak memory is the larger phase's, not their sum.
  const fake = tf.tidy(() => g.apply(z, cond, TRAIN));
  before(fake);
  fake.dispose();
  return descend(opt, g.params.trainable, () => gLoss(g.apply(z, cond, TRAIN_UPDATE)));
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
