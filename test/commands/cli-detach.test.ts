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
  expect(readFileSync(path.join(cwd, 'checkpoints/bg/trainer.log'), 'utf8')).toMatch(/^done \(completed\)/m);
}, 180_000);

it('a second --detach on a run that is training is refused in the shell, leaving the first alone', async () => {
  const first = await runCli(['train', '--detach', '--model', 'dcgan', '--width', '0.0625', '--batch', '8', '--steps', '100000', '--run', 'checkpoints/busy'], { cwd });
  expect(first.code).toBe(0);
  const pid = Number(/pid (\d+)/.exec(first.stdout)![1]);
  try {
    const second = await runCli(['train', '--detach', '--run', 'checkpoints/busy', '--resume'], { cwd });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/^anime-gan-tui: .*in use by process \d+/);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(path.join(cwd, 'checkpoints/busy/trainer.log'), 'utf8')).not.toMatch(/in use/);
  } finally {
    process.kill(pid, 'SIGTERM');
    // Let it write its final checkpoint and say so before the folder is removed.
    const log = path.join(cwd, 'checkpoints/busy/trainer.log');
    for (let i = 0; i < 600 && !/^done \(/m.test(readFileSync(log, 'utf8')); i++) await new Promise((r) => setTimeout(r, 50));
  }
  // Even a stop that comes while it is still starting up is heard.
  expect(readFileSync(path.join(cwd, 'checkpoints/busy/trainer.log'), 'utf8')).toMatch(/^done \(stopped\)/m);
}, 180_000);
