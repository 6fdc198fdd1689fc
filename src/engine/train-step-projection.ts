/**
 * One projection-cGAN step with the hinge loss (Miyato & Koyama 2018, after Lim & Ye and Tran et
 * al.): D minimises E[max(0, 1 − D(x, y))] + E[max(0, 1 + D(G(z, y'), y'))], G minimises
 * −E[D(G(z, y'), y')]. Real faces are judged with their own colours, G's with those it was asked
 * for. There is no classifier, so no class loss, no λ, and the accuracies are left at 0 (the
 * trainer leaves them out of the step event).
 */
import * as tf from '@tensorflow/tfjs';
import { TRAIN, type Mode } from './models/layers.js';
import type { Discriminator, Generator } from './models/index.js';
import { descend, GAndDStep, generatorRound, oneHots, readMetrics, seen, stepTensors, type StepBatch, type StepOptions } from './train-step.js';

/**
 * D's first call of a step updates its running state: spectral norm's power iteration, or batch
 * norm's running statistics (kept, though D always normalises by the batch's own).
 */
const D_ITERATE: Mode = { training: true, updateStats: true };

export function hingeDiscriminatorLoss(realAdv: tf.Tensor, fakeAdv: tf.Tensor): tf.Scalar {
  return tf.add(tf.mean(tf.relu(tf.sub(1, realAdv))), tf.mean(tf.relu(tf.add(1, fakeAdv)))) as tf.Scalar;
}

export function hingeGeneratorLoss(fakeAdv: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(fakeAdv)) as tf.Scalar;
}

export class ProjectionStep extends GAndDStep {
  constructor(g: Generator, d: Discriminator, opts: StepOptions) {
    if (opts.loss !== 'gan') throw new Error(`the projection model trains with the hinge loss, not ${opts.loss}`);
    // D judges each face with its colours: a colour-changed real face would teach it wrong ones.
    if (opts.diffAugment?.includes('colour')) throw new Error('the projection model takes no colour augmentation: its D judges the colours');
    super(g, d, opts);
  }

  /** λ is not used: the projection model has no class loss to weigh. */
  run(batch: StepBatch, _lambda: number): Float32Array {
    const { g, d, opts } = this;
    const aug = batch.aug ?? null;
    return readMetrics(
      tf.tidy(() => {
        const t = stepTensors(batch);
        const realCond = oneHots(t.realHair, t.realEyes, opts.nHair, opts.nEyes);
        const fakeCond = oneHots(t.fakeHair, t.fakeEyes, opts.nHair, opts.nEyes);
        const zero = tf.scalar(0);
        let [dLoss, dReal, dFake, realSign] = Array<tf.Scalar>(4).fill(zero);

        const gLoss = generatorRound(g, t.z, fakeCond, this.gOpt, opts.reuseFake, (fake) => {
          dLoss = tf.keep(
            descend(this.dOpt, d.params.trainable, () => {
              const r = d.apply(seen(t.real, aug?.real), D_ITERATE, realCond).adv;
              const f = d.apply(seen(fake, aug?.fake), TRAIN, fakeCond).adv;
              // Shown as D(x) and D(G(z)): the logits squashed to (0, 1), as for the GAN loss.
              [dReal, dFake, realSign] = [tf.mean(tf.sigmoid(r)), tf.mean(tf.sigmoid(f)), tf.mean(tf.sign(r))].map((x) => tf.keep(x as tf.Scalar));
              return hingeDiscriminatorLoss(r, f);
            }),
          );
        }, (fake) => hingeGeneratorLoss(d.apply(seen(fake, aug?.gen), TRAIN, fakeCond).adv));

        const all = tf.stack([dLoss, gLoss, dReal, dFake, zero, zero, zero, zero, realSign]);
        tf.dispose([dLoss, dReal, dFake, realSign]);
        return all;
      }),
    );
  }
}
