import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeBackends, selectBackend } from '../../src/engine/backend.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Neither tfjs-node package is installed here (their install needs a download). */
describe('selectBackend', () => {
  it('auto falls through to wasm and says tfjs-node is missing and how to get it', async () => {
    const sel = await selectBackend('auto');
    expect(sel.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(sel.device).toMatch(/^CPU \(wasm, (SIMD|no SIMD), \d+ threads?\)$/);
    expect(sel.reason).toMatch(/tfjs-node not installed/);
    expect(sel.reason).toMatch(/npm i @tensorflow\/tfjs-node/);
    expect(sel.tried.map((t) => [t.name, t.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['wasm', true],
    ]);
  });

  it('trains through conv2d on the backend auto picks', async () => {
    await selectBackend('auto');
    const grad = tf.tidy(() => {
      const x = tf.ones([2, 8, 8, 3]);
      const w = tf.ones([4, 4, 3, 5]);
      return tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same')))(w);
    });
    expect(grad.shape).toEqual([4, 4, 3, 5]);
    grad.dispose();
  });

  it('explicit cpu works, and prints no tfjs banner', async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    const sel = await selectBackend('cpu');
    expect(sel).toMatchObject({ name: 'cpu', device: 'CPU (pure JS, 1 thread)', reason: 'cpu: requested' });
    expect(tf.getBackend()).toBe('cpu');
    // The banner comes with the cpu backend's first tensor.
    const sum = tf.add(tf.ones([3]), 1);
    expect(Array.from(sum.dataSync())).toEqual([2, 2, 2]);
    sum.dispose();
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('explicit tensorflow throws one line naming the package to install', async () => {
    const err = await selectBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/tensorflow.*tfjs-node not installed.*npm i @tensorflow\/tfjs-node/);
  });

  it('explicit tensorflow-gpu throws one line too', async () => {
    await expect(selectBackend('tensorflow-gpu')).rejects.toThrow(/npm i @tensorflow\/tfjs-node-gpu/);
  });
});

describe('describeBackends', () => {
  it('reports each backend, with a fix for those that do not load, and restores the current one', async () => {
    await selectBackend('cpu');
    const report = await describeBackends();
    expect(report.map((r) => [r.name, r.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['wasm', true],
      ['cpu', true],
    ]);
    for (const r of report) {
      if (r.ok) expect(r.device).toMatch(/^CPU \(/);
      else expect(r.fix).toMatch(/^npm i @tensorflow\/tfjs-node/);
    }
    expect(tf.getBackend()).toBe('cpu');
  });
});
