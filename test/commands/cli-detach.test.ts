import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const cwd = tempDir('agt-detach-');

it('--detach trains in the background; runs lists it; watch follows it to the end off a terminal', async () => {
  const started = await runCli(['train', '--detach', '--model', 'acgan', '--width', '0.0625', '--batch', '8', '--steps', '12', '--run', 'checkpoints/bg'], { cwd });
  expect(started.stderr).toBe('');
  expect(started.code).toBe(0);
  expect(started.stdout).toMatch(/training in the background \(pid \d+\)/);
  expect(started.stdout).toMatch(/anime-gan-tui watch checkpoints\/bg/);

  const listed = await runCli(['runs'], { cwd });
  expect(listed.code).toBe(0);
  expect(listed.stdout).toMatch(/^bg\s+(running|done)/m);

  const watched = await runCli(['watch', 'checkpoints/bg', '--json'], { cwd });
  expect(watched.code).toBe(0);
  const types = watched.stdout.trim().split('\n').map((l) => JSON.parse(l).type);
  expect(types[0]).toBe('start');
  expect(types.at(-1)).toBe('done');
  expect(types.filter((t) => t === 'step')).toHaveLength(12);

  const after = await runCli(['runs', '--json'], { cwd });
  expect(JSON.parse(after.stdout.trim().split('\n')[0]!)).toMatchObject({ name: 'bg', state: 'done', step: 12 });
  expect(readFileSync(path.join(cwd, 'checkpoints/bg/trainer.log'), 'utf8')).toContain('"type":"done"');
}, 180_000);
