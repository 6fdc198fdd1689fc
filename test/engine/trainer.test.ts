import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { StepEvent, TrainerEvent } from '../../src/protocol/events.js';
import { listCheckpoints, readCheckpoint } from '../../src/engine/checkpoint.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';
import { smallTrainer } from '../helpers/trainer.js';

beforeAll(useWasm);
const root = tempDir();
const steps = (evs: TrainerEvent[]) => evs.filter((e): e is StepEvent => e.type === 'step');

describe('Trainer', () => {
  it('runs steps with finite losses, changes the weights and reports every metric', async () => {
    const events: TrainerEvent[] = [];
    const t = await smallTrainer(path.join(root, 'a'), { steps: 3, events });
    const before = (t as unknown as { g: { params: { trainable: tf.Variable[] } } }).g.params.trainable[0]!.dataSync().slice();
    const done = await t.run();
    const after = (t as unknown as { g: { params: { trainable: tf.Variable[] } } }).g.params.trainable[0]!.dataSync();
    expect(Array.from(after)).not.toEqual(Array.from(before));
    expect(done).toMatchObject({ type: 'done', step: 3, reason: 'completed' });
    const s = steps(events);
    expect(s.map((e) => e.step)).toEqual([1, 2, 3]);
    for (const e of s) {
      for (const k of ['dLoss', 'gLoss', 'dReal', 'dFake', 'imgPerSec', 'hairAccReal', 'eyesAccReal', 'hairAccFake', 'eyesAccFake'] as const) {
        expect(Number.isFinite(e[k]), k).toBe(true);
      }
      expect(e.dReal).toBeGreaterThan(0);
      expect(e.dReal).toBeLessThan(1);
    }
    expect(events[0]!.type).toBe('start');
    expect(events.at(-1)!.type).toBe('done');
    // The same events are on disk.
    const onDisk = readFileSync(path.join(root, 'a', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).type);
    expect(onDisk).toEqual(events.map((e) => e.type));
    t.dispose();
  });

  for (const [model, loss] of [
    ['dcgan', 'gan'],
    ['acgan-resnet', 'gan'],
    ['acgan', 'wgan-gp'],
    ['acgan-resnet', 'wgan-gp'],
    ['acgan-split', 'wgan-gp'],
  ] as const) {
    it(`${model} with the ${loss} loss trains with finite losses`, async () => {
      const events: TrainerEvent[] = [];
      const t = await smallTrainer(path.join(root, `${model}-${loss}`), { model, steps: 2, events, config: { loss, batch: 4 } });
      await t.run();
      const s = steps(events);
      expect(s).toHaveLength(2);
      for (const e of s) expect(Number.isFinite(e.dLoss) && Number.isFinite(e.gLoss)).toBe(true);
      if (model === 'dcgan') expect(s[0]!.hairAccReal).toBeUndefined();
      t.dispose();
    });
  }

  it('keeps the tensor count flat over 50 steps', async () => {
    const t = await smallTrainer(path.join(root, 'flat'), { steps: 50, config: { batch: 2 } });
    const counts: number[] = [];
    (t as unknown as { opts: { onEvent: (e: TrainerEvent) => void } }).opts.onEvent = (e) => {
      if (e.type === 'step') counts.push(tf.memory().numTensors);
    };
    await t.run();
    expect(counts).toHaveLength(50);
    expect(counts.at(-1)).toBe(counts[1]);
    t.dispose();
  });

  it('writes a sample grid and a checkpoint at each epoch end', async () => {
    // 64 faces, batch 8: 8 steps an epoch.
    const dir = path.join(root, 'epoch');
    const events: TrainerEvent[] = [];
    const t = await smallTrainer(dir, { steps: 8, events });
    await t.run();
    expect(existsSync(path.join(dir, 'samples', 'epoch-0001.png'))).toBe(true);
    const ck = events.filter((e) => e.type === 'checkpoint');
    expect(ck).toHaveLength(1);
    expect(ck[0]).toMatchObject({ reason: 'epoch', step: 8, epoch: 1 });
    expect((await listCheckpoints(path.join(dir, 'ckpt'))).map((p) => path.basename(p))).toEqual(['step-00000008']);
    t.dispose();
  });

  it('resumes exactly: steps after a resume equal those of an unbroken run', async () => {
    const unbroken: TrainerEvent[] = [];
    const a = await smallTrainer(path.join(root, 'unbroken'), { steps: 5, events: unbroken, config: { lambda: 2 } });
    await a.run();
    a.dispose();

    const broken: TrainerEvent[] = [];
    const b1 = await smallTrainer(path.join(root, 'broken'), { steps: 3, config: { lambda: 2 } });
    await b1.run(); // ends with a final checkpoint at step 3
    b1.dispose();
    const b2 = await smallTrainer(path.join(root, 'broken'), { steps: 5, resume: true, events: broken, config: { lambda: 99 } });
    expect(b2.step).toBe(3);
    expect(b2.lambda).toBe(2); // the run's own λ, not the new flag
    await b2.run();
    b2.dispose();

    const tail = (evs: TrainerEvent[]) => steps(evs).filter((e) => e.step > 3);
    const x = tail(unbroken);
    const y = tail(broken);
    expect(y.map((e) => e.step)).toEqual([4, 5]);
    // Bit for bit: every kernel sums in a fixed order, whatever thread runs which part.
    for (let i = 0; i < x.length; i++) {
      expect(y[i]!.dLoss).toBe(x[i]!.dLoss);
      expect(y[i]!.gLoss).toBe(x[i]!.gLoss);
    }
    // And the saved generators agree.
    const wa = await readCheckpoint(path.join(root, 'unbroken', 'ckpt', 'step-00000005'));
    const wb = await readCheckpoint(path.join(root, 'broken', 'ckpt', 'step-00000005'));
    expect(Array.from(wb.values.get('g/fc/w')!.values)).toEqual(Array.from(wa.values.get('g/fc/w')!.values));
  });

  it('checkpoints round-trip every tensor and skip a damaged newest one', async () => {
    const dir = path.join(root, 'roundtrip');
    const t = await smallTrainer(dir, { steps: 2 });
    await t.run();
    await t.checkpoint('request', false);
    const ckpts = await listCheckpoints(path.join(dir, 'ckpt'));
    expect(ckpts.map((p) => path.basename(p))).toEqual(['step-00000002']);
    const { meta, values } = await readCheckpoint(ckpts[0]!);
    const params = (t as unknown as { g: { params: { all(): tf.Variable[]; localNames: Map<string, string> } } }).g.params;
    for (const v of params.all()) {
      const saved = values.get(params.localNames.get(v.name)!)!;
      expect(Array.from(saved.values)).toEqual(Array.from(v.dataSync()));
    }
    expect(meta.tensors.some((e) => e.name.startsWith('adam/g/m/'))).toBe(true);
    expect(values.has('fixed/z')).toBe(true);
    t.dispose();

    // Damage weights.bin of a newer checkpoint: resume must fall back to the good one.
    const t2 = await smallTrainer(dir, { steps: 3, resume: true });
    await t2.run();
    t2.dispose();
    const newest = path.join(dir, 'ckpt', 'step-00000003', 'weights.bin');
    const bytes = readFileSync(newest);
    bytes[10] ^= 0xff;
    writeFileSync(newest, bytes);
    const events: TrainerEvent[] = [];
    const t3 = await smallTrainer(dir, { steps: 3, resume: true, events });
    expect(t3.step).toBe(2);
    expect(events.some((e) => e.type === 'warning' && /checksum/.test(e.message))).toBe(true);
    t3.dispose();
    expect(readdirSync(path.join(dir, 'ckpt')).filter((n) => n.startsWith('.tmp'))).toEqual([]);
  });

  it('pause, λ changes and stop take effect between steps and are recorded', async () => {
    const events: TrainerEvent[] = [];
    const t = await smallTrainer(path.join(root, 'control'), { steps: 1000, events });
    (t as unknown as { opts: { onEvent: (e: TrainerEvent) => void } }).opts.onEvent = (e) => {
      events.push(e);
      if (e.type === 'step' && e.step === 2) {
        t.setLambda(3.5);
        t.pause();
        setTimeout(() => {
          t.requestCheckpoint();
          setTimeout(() => t.resume(), 20);
        }, 20);
      }
      if (e.type === 'step' && e.step === 4) t.stop();
    };
    const done = await t.run();
    expect(done).toMatchObject({ reason: 'stopped', step: 4 });
    const types = events.map((e) => e.type);
    expect(types).toContain('pause');
    expect(types).toContain('resume');
    const lambdaEv = events.find((e) => e.type === 'lambda');
    expect(lambdaEv).toMatchObject({ lambda: 3.5, step: 2 });
    expect(steps(events).find((e) => e.step === 3)!.lambda).toBe(3.5);
    const ck = events.filter((e) => e.type === 'checkpoint');
    expect(ck.map((e) => (e as { reason: string }).reason)).toEqual(['request', 'stop']);
    t.dispose();
  });
});
