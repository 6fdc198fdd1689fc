/** GAN losses on logits, ACGAN class losses and the WGAN gradient penalty. */
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from './config.js';

/** Weight of the WGAN-GP penalty (Gulrajani et al.). */
export const GP_WEIGHT = 10;

/** D's adversarial loss: non-saturating GAN −log σ(r) − log(1−σ(f)), or WGAN's f − r. */
export function discriminatorAdvLoss(kind: LossKind, realAdv: tf.Tensor, fakeAdv: tf.Tensor): tf.Scalar {
  switch (kind) {
    case 'gan':
      return tf.add(tf.mean(tf.softplus(tf.neg(realAdv))), tf.mean(tf.softplus(fakeAdv))) as tf.Scalar;
    case 'wgan-gp':
      return tf.sub(tf.mean(fakeAdv), tf.mean(realAdv)) as tf.Scalar;
  }
}

/** G's adversarial loss: non-saturating −log σ(f), or WGAN's −f. */
export function generatorAdvLoss(kind: LossKind, fakeAdv: tf.Tensor): tf.Scalar {
  switch (kind) {
    case 'gan':
      return tf.mean(tf.softplus(tf.neg(fakeAdv)));
    case 'wgan-gp':
      return tf.neg(tf.mean(fakeAdv)) as tf.Scalar;
  }
}

/** Class logits [b, nHair + nEyes] split into their two softmax groups. */
export function splitClasses(classes: tf.Tensor2D, nHair: number): { hair: tf.Tensor2D; eyes: tf.Tensor2D } {
  const nEyes = classes.shape[1] - nHair;
  const [hair, eyes] = tf.split(classes, [nHair, nEyes], 1) as [tf.Tensor2D, tf.Tensor2D];
  return { hair, eyes };
}

/** Softmax cross-entropy of integer labels [b]. */
export function classLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const logp = tf.logSoftmax(logits);
  const picked = tf.sum(tf.mul(logp, tf.oneHot(labels, logits.shape[1])), 1);
  return tf.neg(tf.mean(picked)) as tf.Scalar;
}

/** Share of rows whose highest logit is the label. */
export function accuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
}

/**
 * (‖∇ₓ D(x̂)‖ − 1)² at points x̂ between real and fake images. The inner gradient stays on the
 * outer tape, so D's weights receive the penalty's second-order gradient.
 */
export function gradientPenalty(
  critic: (x: tf.Tensor) => tf.Tensor,
  real: tf.Tensor4D,
  fake: tf.Tensor4D,
  eps: tf.Tensor4D, // [b, 1, 1, 1] uniform in [0, 1)
): tf.Scalar {
  const xHat = tf.add(tf.mul(real, eps), tf.mul(fake, tf.sub(1, eps))) as tf.Tensor4D;
  const grad = tf.grad((x: tf.Tensor) => tf.sum(critic(x)))(xHat);
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(grad), [1, 2, 3]), 1e-12));
  return tf.mean(tf.square(tf.sub(norm, 1))) as tf.Scalar;
}
