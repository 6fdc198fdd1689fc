import { beforeAll, expect, it } from 'vitest';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { Trainer } from '../../src/engine/trainer.js';
import { defaultConfig } from '../../src/engine/config.js';
import type { StepEvent, TrainerEvent } from '../../src/protocol/events.js';
import { drawFaces } from '../../src/data/drawn-faces.js';
import { RunFolder } from '../../src/run/run-folder.js';
import { RunRecorder } from '../../src/run/run-recorder.js';
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../../src/engine/adam.js';
import { FACE_BYTES, faceBatchShape } from '../../src/util/face.js';
import { Rng } from '../../src/util/rng.js';
import { TRAIN } from '../../src/engine/models/layers.js';
import { dcganClassifier } from '../../src/engine/models/split.js';
import { accuracy, splitClasses } from '../../src/engine/losses.js';
import { classTerm } from '../../src/engine/train-step.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';

beforeAll(useWasm);

it('an ACGAN on drawn faces learns to draw the hair and eye colours it is asked for', async () => {
  const dir = path.join(tempDir(), 'learn');
  mkdirSync(dir);
  const events: TrainerEvent[] = [];
  const ds = drawFaces(1024, 1);
  const trainer = await Trainer.create({
    config: { ...defaultConfig('acgan'), width: 0.0625, batch: 16, lambda: 5, learningRate: 1e-3, sampleEvery: 10_000 },
    dataset: ds,
    recorder: new RunRecorder(new RunFolder(dir)),
    backend: { name: 'wasm', device: 'test', reason: 'test', requested: 'wasm' },
    until: { steps: 200 },
    onEvent: (e) => events.push(e),
  });
  await trainer.run();
  trainer.dispose();
  const steps = events.filter((e): e is StepEvent => e.type === 'step');
  const mean = (xs: StepEvent[], k: 'hairAccFake' | 'eyesAccFake') => xs.reduce((a, e) => a + e[k]!, 0) / xs.length;
  const first = steps.slice(0, 25);
  const last = steps.slice(-50);
  // Chance is 1/12 for hair and 1/10 for eyes: D's classifier must recognise the asked-for
  // colours in G's faces far more often than that.
  expect(mean(first, 'hairAccFake')).toBeLessThan(0.2);
  expect(mean(last, 'hairAccFake')).toBeGreaterThan(0.4);
  expect(mean(last, 'eyesAccFake')).toBeGreaterThan(0.4);
}, 300_000);

/** A short run on drawn faces; its step events and trainer (disposed by the caller). */
async function drawnRun(model: 'acgan-split' | 'projection', steps: number, ds: ReturnType<typeof drawFaces>) {
  const dir = path.join(tempDir(), model);
  mkdirSync(dir);
  const events: TrainerEvent[] = [];
  const trainer = await Trainer.create({
    config: { ...defaultConfig(model), width: 0.0625, batch: 16, learningRate: 1e-3, sampleEvery: 10_000, ...(model === 'acgan-split' ? { lambda: 5 } : {}) },
    dataset: ds,
    recorder: new RunRecorder(new RunFolder(dir)),
    backend: { name: 'wasm', device: 'test', reason: 'test', requested: 'wasm' },
    until: { steps },
    onEvent: (e) => events.push(e),
  });
  await trainer.run();
  return { trainer, steps: events.filter((e): e is StepEvent => e.type === 'step') };
}

it('acgan-split on drawn faces: its classifier learns the real colours, and G learns to draw them', async () => {
  const { trainer, steps } = await drawnRun('acgan-split', 200, drawFaces(1024, 1));
  trainer.dispose();
  const mean = (xs: StepEvent[], k: 'hairAccReal' | 'hairAccFake' | 'eyesAccFake') => xs.reduce((a, e) => a + e[k]!, 0) / xs.length;
  const last = steps.slice(-50);
  // The classifier learns from real faces alone, and fast: colours are its whole task.
  expect(mean(steps.slice(0, 10), 'hairAccReal')).toBeLessThan(0.4);
  expect(mean(last, 'hairAccReal')).toBeGreaterThan(0.8);
  // G's faces, judged by that classifier (chance: 1/12 hair, 1/10 eyes).
  expect(mean(steps.slice(0, 25), 'hairAccFake')).toBeLessThan(0.2);
  expect(mean(last, 'hairAccFake')).toBeGreaterThan(0.4);
  expect(mean(last, 'eyesAccFake')).toBeGreaterThan(0.4);
}, 300_000);

it('projection on drawn faces: G draws the hair colour it is asked for, by a judge trained on the real faces alone', async () => {
  const ds = drawFaces(1024, 1);
  const { trainer, steps } = await drawnRun('projection', 600, ds);
  // The hinge loss of a D that tells real from fake: below the 2 of a D that cannot.
  const dLoss = steps.slice(-50).reduce((a, e) => a + e.dLoss, 0) / 50;
  expect(dLoss).toBeLessThan(2);
  expect(steps[0]!.hairAccReal).toBeUndefined();
  // The judge: acgan-split's classifier body, trained here on the drawn faces' own labels.
  const shape = { width: 0.125, nHair: ds.hairVocab.length, nEyes: ds.eyesVocab.length, discriminatorNorm: true, seed: 5 };
  const judge = dcganClassifier(shape, 1);
  const opt = new Adam(judge.params.trainable, { learningRate: 1e-3, beta1: 0.5 });
  const batch = (idx: number[]) => tf.tidy(() => tf.sub(tf.div(tf.tensor4d(Float32Array.from(idx.flatMap((i) => Array.from(ds.pixels.subarray(i * FACE_BYTES, (i + 1) * FACE_BYTES)))), faceBatchShape(idx.length)), 127.5), 1) as tf.Tensor4D);
  const rng = new Rng(3);
  for (let s = 0; s < 150; s++) {
    const idx = Array.from({ length: 32 }, () => rng.int(ds.count));
    tf.tidy(() => {
      const x = batch(idx);
      const { grads } = tf.variableGrads(
        () => classTerm(judge.apply(x, TRAIN), tf.tensor1d(idx.map((i) => ds.hair[i]!), 'int32'), tf.tensor1d(idx.map((i) => ds.eyes[i]!), 'int32'), shape.nHair, 1).loss,
        judge.params.trainable,
      );
      opt.apply(judge.params.trainable.map((v) => grads[v.name]!));
    });
  }
  const judgeHair = (faces: tf.Tensor4D, hair: number[]) =>
    tf.tidy(() => accuracy(splitClasses(judge.apply(faces, TRAIN), shape.nHair).hair, tf.tensor1d(hair, 'int32')).dataSync()[0]!);
  const held = Array.from({ length: 64 }, () => rng.int(ds.count));
  expect(judgeHair(batch(held), held.map((i) => ds.hair[i]!))).toBeGreaterThan(0.9); // the judge knows the colours
  // 6 faces of each hair colour from the trained G, as `generate` draws them (random eyes).
  const hair = ds.hairVocab.flatMap((_, h) => Array<number>(6).fill(h));
  const faces = new Uint8Array(hair.length * FACE_BYTES);
  ds.hairVocab.forEach((colour, h) => faces.set(trainer.generate({ hair: colour, eyes: null, count: 6, seed: h, truncation: 1 }).faces, h * 6 * FACE_BYTES));
  const fake = tf.tidy(() => tf.sub(tf.div(tf.tensor4d(faces, faceBatchShape(hair.length), 'float32'), 127.5), 1) as tf.Tensor4D);
  // Chance is 1/12 (±0.03 over these 72 faces), and an untrained G draws every colour alike.
  // Projection conditions more slowly than ACGAN's explicit class loss (see docs/models.md,
  // projection), and at 300 steps where it stands depends on the kernels' rounding (0.13–0.36
  // across wasm, OpenBLAS and oneDNN); by 600 steps all three draw the asked colour at 0.31–0.46.
  // Twice chance is the bar.
  expect(judgeHair(fake, hair)).toBeGreaterThan(2 / 12);
  fake.dispose();
  opt.dispose();
  judge.params.dispose();
  trainer.dispose();
}, 300_000);
