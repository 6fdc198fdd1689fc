/**
 * Training the judge: hair and eye cross-entropy on the training side of the split, with the
 * GAN training's flips and slight rotations (data/augment.ts; never colour changes: colour is
 * what it grades). A few epochs are enough: it learns colours within the first, and the rest
 * firm up the features.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../engine/adam.js';
import { copyFace, transformFace } from '../data/augment.js';
import { type FaceDataset } from '../data/dataset.js';
import { FACE_BYTES, faceBatchShape } from '../util/face.js';
import { mixSeed, Rng } from '../util/rng.js';
import { classLoss } from '../engine/losses.js';
import { TRAIN_UPDATE } from '../engine/models/layers.js';
import { judgeNet, type JudgeNet } from './judge-net.js';
import type { JudgeSplit } from './judge-split.js';

export interface JudgeTrainOptions {
  epochs: number;
  batch: number;
  learningRate: number;
  seed: number;
}

/** On MLDS one epoch already gives 89% hair and 90% eye accuracy on held-out faces; three firm up the features. */
export const JUDGE_TRAINING: JudgeTrainOptions = { epochs: 3, batch: 64, learningRate: 1e-3, seed: 7 };

const MAX_ROTATION = (10 * Math.PI) / 180;

/** Faces `idx` scaled to [-1, 1], augmented when an rng is given. */
export function gatherFaces(ds: Pick<FaceDataset, 'pixels'>, idx: ArrayLike<number>, rng: Rng | null): Float32Array {
  const out = new Float32Array(idx.length * FACE_BYTES);
  for (let i = 0; i < idx.length; i++) {
    if (rng) transformFace(ds.pixels, idx[i]!, out, i, rng.next() < 0.5, (rng.next() * 2 - 1) * MAX_ROTATION);
    else copyFace(ds.pixels, idx[i]!, out, i);
  }
  return out;
}

/** onProgress(done, total) counts training steps. */
export function trainJudge(
  ds: FaceDataset,
  split: JudgeSplit,
  opts: JudgeTrainOptions = JUDGE_TRAINING,
  onProgress?: (done: number, total: number) => void,
): JudgeNet {
  const judge = judgeNet({ nHair: ds.hairVocab.length, nEyes: ds.eyesVocab.length, seed: opts.seed });
  const vars = judge.params.trainable;
  const adam = new Adam(vars, { learningRate: opts.learningRate, beta1: 0.9 });
  const n = split.train.length;
  const perEpoch = Math.max(1, Math.floor(n / opts.batch));
  const total = perEpoch * opts.epochs;
  const order = Uint32Array.from(split.train);
  const idx = new Uint32Array(opts.batch);
  let done = 0;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const shuffle = new Rng(mixSeed(opts.seed, 0x5f1e, epoch));
      for (let i = n - 1; i > 0; i--) {
        const j = shuffle.int(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let s = 0; s < perEpoch; s++) {
        for (let i = 0; i < opts.batch; i++) idx[i] = order[(s * opts.batch + i) % n]!;
        const pixels = gatherFaces(ds, idx, new Rng(mixSeed(opts.seed, 0xa06e, epoch, s)));
        const hair = Int32Array.from(idx, (f) => ds.hair[f]!);
        const eyes = Int32Array.from(idx, (f) => ds.eyes[f]!);
        tf.tidy(() => {
          const x = tf.tensor4d(pixels, faceBatchShape(opts.batch));
          const { grads } = tf.variableGrads(() => {
            const out = judge.apply(x, TRAIN_UPDATE);
            return tf.add(classLoss(out.hair, tf.tensor1d(hair, 'int32')), classLoss(out.eyes, tf.tensor1d(eyes, 'int32'))) as tf.Scalar;
          }, vars);
          adam.apply(vars.map((v) => grads[v.name]!));
        });
        onProgress?.(++done, total);
      }
    }
  } finally {
    adam.dispose();
  }
  return judge;
}
