import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { listCheckpoints, pruneCheckpoints, writeCheckpoint } from '../../src/engine/checkpoint.js';
import { outputMode } from '../../src/commands/train.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir('agt-keep-');

describe('checkpoint retention', () => {
  it('keeps the newest K plus those marked keep, and clears stale temp folders', async () => {
    const dir = path.join(root, 'ckpt');
    for (const step of [10, 20, 30, 40, 50, 60]) {
      await writeCheckpoint(dir, { step, epoch: step / 10, time: step, keep: step === 20, extra: {} }, [
        { name: 'w', shape: [2], values: new Float32Array([step, -step]) },
      ]);
    }
    // A temp folder left by a process killed mid-write.
    mkdirSync(path.join(dir, '.tmp-step-00000070-999999-1'));
    await pruneCheckpoints(dir, 3);
    expect((await listCheckpoints(dir)).map((p) => path.basename(p))).toEqual([
      'step-00000060',
      'step-00000050',
      'step-00000040',
      'step-00000020',
    ]);
    expect(existsSync(path.join(dir, '.tmp-step-00000070-999999-1'))).toBe(false);
  });
});

describe('output mode', () => {
  it('a dashboard only on a real, capable terminal', () => {
    const term = process.env.TERM;
    try {
      process.env.TERM = 'xterm-256color';
      expect(outputMode({}, true)).toBe('tui');
      expect(outputMode({}, false)).toBe('plain');
      expect(outputMode({ json: true }, true)).toBe('json');
      process.env.TERM = 'dumb';
      expect(outputMode({}, true)).toBe('plain');
    } finally {
      if (term === undefined) delete process.env.TERM;
      else process.env.TERM = term;
    }
  });
});
