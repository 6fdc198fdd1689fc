/**
 * One acgan-split step: D learns real against fake, the classifier learns the hair and eye colours
 * of real faces, each with its own optimizer; then G learns through both, its loss the adversarial
 * term plus λ × the classifier's loss on its faces for the colours it was asked for.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam.js';
import { TRAIN } from './models/layers.js';
import type { Classifier, Discriminator, Generator } from './models/index.js';
import { GP_WEIGHT, discriminatorAdvLoss, generatorAdvLoss, gradientPenalty } from './losses.js';
import {
  classTerm,
  descend,
  dSideOptions,
  generatorRound,
  meanScore,
  oneHots,
  readMetrics,
  seen,
  stepTensors,
  type StepBatch,
  type StepOptions,
  type TrainStep,
  type TrainedNet,
} from './train-step.js';

/**
 * Whether the classifier also learns from G's faces, labelled with the colours G was asked for,
 * as ACGAN's class head does. Off, by measurement (MLDS faces, width 0.25, 800 steps, 2,048 faces
 * held out; docs/models.md, acgan-split): learning from fakes too, the classifier's held-out
 * accuracy on real faces was lower (hair 87% / eyes 77%, against 91% / 86%), and while it called
 * G's faces 99% right, an independent judge (the same body trained on real faces alone) called
 * them 32% / 46% right, against 92% / 88% for the real-only variant: classifier and G had agreed
 * on a code of their own for the colours, not on hair and eye colour. A classifier of real faces
 * only is a fixed standard G must meet, not a partner it can teach.
 */
export const CLASSIFIER_ON_FAKES = false;

export class SplitStep implements TrainStep {
  readonly gOpt: Adam;
  readonly dOpt: Adam;
  readonly cOpt: Adam;
  readonly nets: readonly TrainedNet[];

  constructor(
    readonly g: Generator,
    readonly d: Discriminator,
    readonly c: Classifier,
    readonly opts: StepOptions,
    readonly onFakes = CLASSIFIER_ON_FAKES,
  ) {
    this.gOpt = new Adam(g.params.trainable, opts);
    this.dOpt = new Adam(d.params.trainable, dSideOptions(opts));
    this.cOpt = new Adam(c.params.trainable, dSideOptions(opts));
    this.nets = [
      { key: 'g', params: g.params, opt: this.gOpt },
      { key: 'd', params: d.params, opt: this.dOpt },
      { key: 'c', params: c.params, opt: this.cOpt },
    ];
  }

  /**
   * D's inputs go through the step's augmentation; the classifier's do not: it is not D, it learns
   * from real faces alone, and colour is what it names.
   */
  run(batch: StepBatch, lambda: number): Float32Array {
    const { g, d, c, opts } = this;
    const { nHair } = opts;
    const aug = batch.aug ?? null;
    return readMetrics(
      tf.tidy(() => {
        const t = stepTensors(batch);
        const cond = oneHots(t.fakeHair, t.fakeEyes, opts.nHair, opts.nEyes);
        const zero = tf.scalar(0);
        let [dLoss, dReal, dFake, hairAccReal, eyesAccReal, hairAccFake, eyesAccFake, realSign] = Array<tf.Scalar>(8).fill(zero);

        const gLoss = generatorRound(g, t.z, cond, this.gOpt, opts.reuseFake, (fake) => {
          // D: realism only.
          dLoss = tf.keep(
            descend(this.dOpt, d.params.trainable, () => {
              const real = seen(t.real, aug?.real);
              const fk = seen(fake, aug?.fake);
              const r = d.apply(real, TRAIN).adv;
              const f = d.apply(fk, TRAIN).adv;
              let loss = discriminatorAdvLoss(opts.loss, r, f);
              if (opts.loss === 'wgan-gp' && batch.gpEps) {
                const eps = tf.tensor4d(batch.gpEps, [t.b, 1, 1, 1]);
                const gp = gradientPenalty((x) => d.apply(x as tf.Tensor4D, TRAIN).adv, real, fk, eps);
                loss = tf.add(loss, tf.mul(gp, GP_WEIGHT));
              }
              [dReal, dFake, realSign] = [meanScore(opts.loss, r), meanScore(opts.loss, f), tf.mean(tf.sign(r))].map((x) => tf.keep(x as tf.Scalar));
              return loss;
            }),
          );

          // The classifier: its own loss at weight 1 (λ is G's trade-off, not the classifier's).
          descend(this.cOpt, c.params.trainable, () => {
            const real = classTerm(c.apply(t.real, TRAIN), t.realHair, t.realEyes, nHair, 1);
            [hairAccReal, eyesAccReal] = [real.hairAcc, real.eyesAcc];
            if (!this.onFakes) return real.loss;
            const fakes = classTerm(c.apply(fake, TRAIN), t.fakeHair, t.fakeEyes, nHair, 1);
            tf.dispose([fakes.hairAcc, fakes.eyesAcc]);
            return tf.add(real.loss, fakes.loss) as tf.Scalar;
          });
        }, (x) => {
          // G: through the just-updated D and classifier.
          const cls = classTerm(c.apply(x, TRAIN), t.fakeHair, t.fakeEyes, nHair, lambda);
          [hairAccFake, eyesAccFake] = [cls.hairAcc, cls.eyesAcc];
          return tf.add(generatorAdvLoss(opts.loss, d.apply(seen(x, aug?.gen), TRAIN).adv), cls.loss) as tf.Scalar;
        });

        const kept = [dLoss, dReal, dFake, hairAccReal, eyesAccReal, hairAccFake, eyesAccFake, realSign];
        const all = tf.stack([dLoss, gLoss, ...kept.slice(1)]);
        // Scalars kept inside the gradient scopes are not the enclosing tidy's to free.
        for (const k of kept) if (k !== zero) k.dispose();
        return all;
      }),
    );
  }

  dispose(): void {
    for (const n of this.nets) n.opt.dispose();
  }
}
