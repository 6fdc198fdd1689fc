import { expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const cwd = tempDir('agt-runs-');
const elsewhere = tempDir('agt-elsewhere-');

async function waitForDone(log: string): Promise<void> {
  for (let i = 0; i < 1200 && !/^done \(/m.test(readFileSync(log, 'utf8')); i++) await new Promise((r) => setTimeout(r, 100));
}

it('runs lists runs started outside checkpoints/ by their path, and forgets them once deleted', async () => {
  const away = path.join(elsewhere, 'r');
  const tiny = ['--model', 'dcgan', '--width', '0.0625', '--batch', '4', '--steps', '3'];
  const detached = await runCli(['train', '--detach', ...tiny, '--run', away], { cwd });
  expect(detached.code).toBe(0);
  expect(detached.stdout).toMatch(/list runs: anime-gan-tui runs$/m);
  // Listed at once, while it trains.
  const listed = await runCli(['runs'], { cwd });
  expect(listed.stdout).toContain(away);
  await waitForDone(path.join(away, 'trainer.log'));
  const local = await runCli(['train', ...tiny, '--run', 'checkpoints/here'], { cwd });
  expect(local.code).toBe(0);

  const both = await runCli(['runs', '--json'], { cwd });
  const runs = both.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; dir: string; state: string });
  expect(runs.map((r) => r.name).sort()).toEqual(['here', 'r']);
  expect(runs.find((r) => r.name === 'r')).toMatchObject({ dir: away, state: 'done' });
  const table = await runCli(['runs'], { cwd });
  expect(table.stdout).toMatch(/^here\s+done/m);
  expect(table.stdout).toMatch(new RegExp(`^${away.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+done`, 'm'));
  // `runs DIR` lists one folder of runs only.
  const only = await runCli(['runs', elsewhere], { cwd });
  expect(only.stdout).toMatch(/^r\s+done/m);
  expect(only.stdout).not.toMatch(/here/);

  rmSync(away, { recursive: true, force: true });
  const after = await runCli(['runs', '--json'], { cwd });
  expect(after.stdout.trim().split('\n').map((l) => JSON.parse(l).name)).toEqual(['here']);
  expect(readFileSync(path.join(cwd, '.config', 'runs.json'), 'utf8')).not.toContain(away);
}, 180_000);
