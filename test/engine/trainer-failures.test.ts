import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainerEvent } from '../../src/protocol/events.js';
import { faceSpread, type SampleGrid } from '../../src/engine/fixed-samples.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';
import { smallTrainer } from '../helpers/trainer.js';

beforeAll(useWasm);
const root = tempDir('agt-fail-');

type Internals = { g: { params: { trainable: Array<{ assign(t: unknown): void; shape: number[] }> } } };

describe('when training goes wrong', () => {
  it('NaN losses stop the run without saving over the last good checkpoint, and say how to go on', async () => {
    const dir = path.join(root, 'nan');
    const events: TrainerEvent[] = [];
    const t = await smallTrainer(dir, { steps: 20, events, config: { batch: 4 } });
    const tf = await import('@tensorflow/tfjs');
    (t as unknown as { opts: { onEvent: (e: TrainerEvent) => void } }).opts.onEvent = (e) => {
      events.push(e);
      if (e.type === 'checkpoint' && e.step === 2) {
        // Poison the generator: every later loss is NaN.
        const w = (t as unknown as Internals).g.params.trainable[0]!;
        w.assign(tf.fill(w.shape, NaN));
      }
      if (e.type === 'step' && e.step === 2) t.requestCheckpoint();
    };
    const done = await t.run();
    expect(done.reason).toBe('diverged');
    const err = events.find((e) => e.type === 'error');
    expect(err && err.type === 'error' && err.message).toMatch(/step-00000002.*--resume --lr 0\.0001/);
    // Nothing written after the poison.
    expect(existsSync(path.join(dir, 'ckpt', 'step-00000003'))).toBe(false);
    expect(existsSync(path.join(dir, 'ckpt', 'step-00000002'))).toBe(true);
    t.dispose();
  });

  it('a checkpoint that cannot be written is reported and training goes on', async () => {
    const dir = path.join(root, 'nospace');
    mkdirSync(dir, { recursive: true });
    // A file where the checkpoint folder should be: every write fails, as on a full or broken disk.
    writeFileSync(path.join(dir, 'ckpt'), 'not a folder');
    const events: TrainerEvent[] = [];
    const t = await smallTrainer(dir, { steps: 4, events, config: { batch: 4 } });
    (t as unknown as { opts: { onEvent: (e: TrainerEvent) => void } }).opts.onEvent = (e) => {
      events.push(e);
      if (e.type === 'step' && e.step === 1) t.requestCheckpoint();
    };
    const done = await t.run();
    expect(done.step).toBe(4);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.type === 'error' && errors[0]!.message).toMatch(/could not write a checkpoint at step 1 .*training goes on/);
    t.dispose();
  });

  it('measures how different the faces of a sample row are (mode collapse check)', () => {
    const grid = (fill: (i: number) => number): SampleGrid => {
      const width = 64 * 4;
      const pixels = new Uint8Array(width * 64 * 3);
      for (let i = 0; i < pixels.length; i++) pixels[i] = fill(i);
      return { rows: 1, cols: 4, width, height: 64, pixels, rowLabels: [] };
    };
    expect(faceSpread(grid(() => 128))).toBe(0);
    expect(faceSpread(grid((i) => (i * 7919) % 256))).toBeGreaterThan(20);
  });
});
