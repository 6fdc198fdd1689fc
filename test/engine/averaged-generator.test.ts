/**
 * The averaged generator (--ema-beta) with the rest of the recipe's options on: the update's
 * arithmetic and warm-up, what draws the pictures, what a checkpoint holds, a resume that is bit
 * for bit the unbroken run (the average, ADA's p and the augmentations' draws included), a flat
 * tensor count, and loading the average or, asked, the raw weights.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildModels } from '../../src/engine/models/index.js';
import { AveragedGenerator, betaAt } from '../../src/engine/averaged-generator.js';
import { readCheckpoint } from '../../src/engine/checkpoint.js';
import { fixedSampleGrid } from '../../src/engine/fixed-samples.js';
import { loadGenerator } from '../../src/generate/load-generator.js';
import type { TrainConfig } from '../../src/engine/config.js';
import type { StartEvent, StepEvent, TrainerEvent } from '../../src/protocol/events.js';
import type { Trainer } from '../../src/engine/trainer.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';
import { smallFaces, smallTrainer } from '../helpers/trainer.js';

beforeAll(useWasm);
const root = tempDir();
const steps = (evs: TrainerEvent[]) => evs.filter((e): e is StepEvent => e.type === 'step');
const values = (v: tf.Tensor) => Array.from(v.dataSync());

/** Every option of the recipe on: average, augmentations at ADA's p, two rates, one G forward. */
const ALL_ON: Partial<TrainConfig> = {
  emaBeta: 0.9,
  diffAugment: ['translation', 'cutout', 'colour'],
  diffAugmentP: 'ada',
  learningRateG: 1e-4,
  learningRateD: 4e-4,
  reuseFake: true,
};

/** The trainer's two generators: the one that trains and the one that draws. */
const gens = (t: Trainer) => t as unknown as { g: { params: { all(): tf.Variable[] } }; drawing: { params: { all(): tf.Variable[] } } };

describe('the update', () => {
  it('warms β up from (1 + t) / (10 + t) to the β asked for', () => {
    expect(betaAt(0.999, 0)).toBeCloseTo(0.1, 12);
    expect(betaAt(0.999, 1)).toBeCloseTo(2 / 11, 12);
    expect(betaAt(0.999, 90)).toBeCloseTo(0.91, 12);
    expect(betaAt(0.999, 100_000)).toBe(0.999);
    expect(betaAt(0.5, 20)).toBe(0.5);
    for (let t = 1; t < 20_000; t += 97) expect(betaAt(0.999, t)).toBeGreaterThanOrEqual(betaAt(0.999, t - 1));
  });

  it('starts as G, then ema ← β·ema + (1 − β)·g for weights, and draws with batch-norm statistics of its own', () => {
    const shape = { width: 0.0625, nHair: 3, nEyes: 2, discriminatorNorm: true, seed: 4 };
    const inputs = { conditional: true, nHair: 3, nEyes: 2, seed: 4 };
    const before = tf.memory().numTensors;
    const a = buildModels('acgan', shape);
    const b = buildModels('acgan', shape);
    const c = buildModels('acgan', shape);
    for (const m of [a, b, c]) m.d.params.dispose();
    // Different from the raw G's, so that starting as G shows.
    b.g.params.all().forEach((v) => tf.tidy(() => v.assign(tf.add(v, 1))));
    const avg = new AveragedGenerator(a.g, b.g, 0.9, inputs);
    a.g.params.all().forEach((v, i) => expect(values(b.g.params.all()[i]!)).toEqual(values(v)));

    const ema0 = b.g.params.trainable.map(values);
    const stats0 = b.g.params.state.map(values);
    a.g.params.all().forEach((v, i) => tf.tidy(() => v.assign(tf.add(v, tf.scalar(0.25 + i)))));
    avg.update(1000);
    const beta = betaAt(0.9, 1000);
    expect(beta).toBe(0.9);
    b.g.params.trainable.forEach((v, i) => {
      const g = values(a.g.params.trainable[i]!);
      const want = ema0[i]!.map((e, k) => beta * e + (1 - beta) * g[k]!);
      values(v).forEach((x, k) => expect(x).toBeCloseTo(want[k]!, 5));
    });
    // The statistics are taken when the average draws, not at every update.
    expect(b.g.params.state.map(values)).toEqual(stats0);
    expect(avg.ready()).toBe(b.g);
    const own = b.g.params.state.map(values);
    own.forEach((s, i) => {
      expect(s).not.toEqual(stats0[i]);
      expect(s).not.toEqual(values(a.g.params.state[i]!));
    });
    // ...and are the weights' own: the same from any starting statistics, and kept until the weights move.
    const other = new AveragedGenerator(a.g, c.g, 0.9, inputs);
    c.g.params.trainable.forEach((v, i) => v.assign(b.g.params.trainable[i]!));
    c.g.params.state.forEach((v) => tf.tidy(() => v.assign(tf.randomUniform(v.shape, 0.5, 2, 'float32', 3))));
    other.ready();
    c.g.params.state.forEach((v, i) => values(v).forEach((x, k) => expect(x).toBeCloseTo(own[i]![k]!, 4)));
    avg.ready();
    expect(b.g.params.state.map(values)).toEqual(own);

    avg.dispose();
    other.dispose();
    a.g.params.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a run with the average on', () => {
  it('draws samples with the average, says so in its start event, and checkpoints it as g-ema/', async () => {
    const dir = path.join(root, 'draws');
    const events: TrainerEvent[] = [];
    const t = await smallTrainer(dir, { steps: 4, events, config: { emaBeta: 0.9 } });
    await t.run();
    const start = events.find((e): e is StartEvent => e.type === 'start')!;
    expect(start).toMatchObject({ emaBeta: 0.9, diffAugment: [], diffAugmentP: 1, reuseFake: false });
    const { g, drawing } = gens(t);
    expect(drawing).not.toBe(g);
    // The average lags G: after a few steps the two differ.
    expect(values(drawing.params.all()[0]!)).not.toEqual(values(g.params.all()[0]!));
    const grid = t.sampleGrid();
    const fixed = (t as unknown as { fixed: Parameters<typeof fixedSampleGrid>[1] }).fixed;
    expect(Array.from(grid.pixels)).toEqual(Array.from(fixedSampleGrid(drawing as never, fixed, smallFaces()).pixels));

    const ck = await readCheckpoint(path.join(dir, 'ckpt', 'step-00000004'));
    expect(Array.from(ck.values.get('g-ema/fc/w')!.values)).toEqual(values(drawing.params.all().find((v) => v.name.endsWith('/fc/w'))!));
    expect(Array.from(ck.values.get('g/fc/w')!.values)).toEqual(values(g.params.all().find((v) => v.name.endsWith('/fc/w'))!));
    t.dispose();
  });

  it('resumes exactly with every option on: the losses, ADA\'s p, G and its average', async () => {
    const unbroken: TrainerEvent[] = [];
    const a = await smallTrainer(path.join(root, 'all-unbroken'), { steps: 6, events: unbroken, config: ALL_ON });
    await a.run();
    a.dispose();

    const broken: TrainerEvent[] = [];
    const b1 = await smallTrainer(path.join(root, 'all-broken'), { steps: 3, config: ALL_ON });
    await b1.run();
    b1.dispose();
    const b2 = await smallTrainer(path.join(root, 'all-broken'), { steps: 6, resume: true, events: broken, config: ALL_ON });
    expect(b2.step).toBe(3);
    await b2.run();
    b2.dispose();

    const x = steps(unbroken).filter((e) => e.step > 3);
    const y = steps(broken);
    expect(y.map((e) => e.step)).toEqual([4, 5, 6]);
    for (let i = 0; i < x.length; i++) {
      expect(y[i]!.dLoss).toBe(x[i]!.dLoss);
      expect(y[i]!.gLoss).toBe(x[i]!.gLoss);
      expect(y[i]!.augmentP).toBe(x[i]!.augmentP);
    }
    // ADA moved p off its start of 0.
    expect(steps(unbroken).some((e) => e.augmentP! > 0)).toBe(true);
    const wa = await readCheckpoint(path.join(root, 'all-unbroken', 'ckpt', 'step-00000006'));
    const wb = await readCheckpoint(path.join(root, 'all-broken', 'ckpt', 'step-00000006'));
    expect(wa.values.has('g-ema/fc/w')).toBe(true);
    expect([...wb.values.keys()]).toEqual([...wa.values.keys()]);
    for (const [name, v] of wa.values) expect(Array.from(wb.values.get(name)!.values), name).toEqual(Array.from(v.values));
    expect(wb.meta.extra).toMatchObject({ augmentP: (wa.meta.extra as { augmentP: number }).augmentP });
  });

  it('keeps the tensor count flat over 30 steps with every option on', async () => {
    for (const model of ['acgan', 'acgan-split'] as const) {
      const t = await smallTrainer(path.join(root, `flat-${model}`), { model, steps: 30, config: { ...ALL_ON, batch: 2 } });
      const counts: number[] = [];
      (t as unknown as { opts: { onEvent: (e: TrainerEvent) => void } }).opts.onEvent = (e) => {
        if (e.type === 'step') counts.push(tf.memory().numTensors);
      };
      await t.run();
      expect(counts).toHaveLength(30);
      expect(counts.at(-1), model).toBe(counts[1]);
      t.dispose();
    }
  });

  it('loads the average from a checkpoint, or the raw G when asked', async () => {
    const dir = path.join(root, 'draws', 'ckpt', 'step-00000004');
    const ck = await readCheckpoint(dir);
    const avg = await loadGenerator('', dir);
    const raw = await loadGenerator('', dir, undefined, { raw: true });
    expect(avg.weights).toBe('averaged');
    expect(raw.weights).toBe('raw');
    const fc = (gen: typeof avg) => values(gen.g.params.all().find((v) => v.name.endsWith('/fc/w'))!);
    expect(fc(avg)).toEqual(Array.from(ck.values.get('g-ema/fc/w')!.values));
    expect(fc(raw)).toEqual(Array.from(ck.values.get('g/fc/w')!.values));
    avg.dispose();
    raw.dispose();
    // A run without the average: its own G, called raw.
    const plain = await smallTrainer(path.join(root, 'plain'), { steps: 1 });
    await plain.run();
    plain.dispose();
    const p = await loadGenerator(path.join(root, 'plain', 'ckpt'), null);
    expect(p.weights).toBe('raw');
    p.dispose();
  });
});
