/** `anime-gan-tui export` as a user runs it: what it prints, where it writes, and bad input. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeFixtureRun } from '../helpers/export-run.js';
import { tempDir } from '../helpers/tmp.js';

const cwd = tempDir('agt-cli-export-');

beforeAll(async () => {
  await writeFixtureRun(path.join(cwd, 'checkpoints', 'r1'));
  await writeFixtureRun(path.join(cwd, 'elsewhere', 'no-grids'), { epochs: 0, extraSteps: 3, grids: false });
  // A run that started and recorded nothing (stopped while loading its data).
  mkdirSync(path.join(cwd, 'checkpoints', 'empty'), { recursive: true });
  writeFileSync(path.join(cwd, 'checkpoints', 'empty', 'run.json'), JSON.stringify({ format: 1, name: 'empty', created: 1 }));
  writeFileSync(path.join(cwd, 'a-file'), 'x');
});

/** Bad input: exit 2, nothing on stdout, one line on stderr. */
function refused(r: { code: number | null; stdout: string; stderr: string }): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

it('export NAME writes into the run\'s export/ folder and prints one line per file with its size', async () => {
  const r = await runCli(['export', 'r1'], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[0]).toBe(`exported r1 to ${path.join('checkpoints', 'r1', 'export')}/`);
  expect(lines.slice(1)).toEqual([
    expect.stringMatching(/^ {2}metrics\.csv\s+\d+(\.\d)? kB {2}13 step rows, 3 quality rows$/),
    expect.stringMatching(/^ {2}samples\.gif\s+\d+(\.\d)? kB {2}3 frames \(epochs 1–3\), \d+×\d+, looping$/),
    expect.stringMatching(/^ {2}contact-sheet\.png\s+\d+(\.\d)? kB {2}3 grids, 2 across, \d+×\d+$/),
    expect.stringMatching(/^ {2}tensorboard\/events\.out\.tfevents\.\d+\.\S+\s+\d+(\.\d)? kB {2}13 steps, 3 quality judgements, 3 images; 17 tags$/),
  ]);
  for (const f of ['metrics.csv', 'samples.gif', 'contact-sheet.png', 'tensorboard']) expect(existsSync(path.join(cwd, 'checkpoints', 'r1', 'export', f))).toBe(true);
});

it('--out and --json: a path to a run, one JSON object', async () => {
  const out = path.join(cwd, 'out-json');
  const r = await runCli(['export', path.join(cwd, 'checkpoints', 'r1'), '--out', out, '--json'], { cwd });
  expect(r.code).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const summary = JSON.parse(lines[0]!) as { type: string; run: string; out: string; files: Array<{ file: string; bytes: number }>; skipped: unknown[] };
  expect(summary).toMatchObject({ type: 'export', run: 'r1', out, skipped: [] });
  expect(summary.files.map((f) => f.file)).toEqual(['metrics.csv', 'samples.gif', 'contact-sheet.png', expect.stringMatching(/^tensorboard\//)]);
  expect(summary.files.every((f) => f.bytes > 0)).toBe(true);
});

it('a run without epoch grids: the CSV and TensorBoard, and a line saying why there is no GIF', async () => {
  const r = await runCli(['export', 'elsewhere/no-grids', '--out', 'ng'], { cwd });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^ {2}metrics\.csv .*3 step rows, 0 quality rows$/m);
  expect(r.stdout).toMatch(/^ {2}samples\.gif\s+skipped {2}no epoch grids in elsewhere\/no-grids\/samples\/ \(one is saved at each epoch's end; this run has not finished an epoch\)$/m);
  expect(r.stdout).toMatch(/^ {2}contact-sheet\.png\s+skipped/m);
  expect(r.stdout).toMatch(/^ {2}tensorboard\/events\.out\.tfevents\.\S+ .*3 steps, 0 quality judgements, 0 images/m);
  expect(existsSync(path.join(cwd, 'ng', 'samples.gif'))).toBe(false);
});

it('bad input is refused in one line with exit 2', async () => {
  expect(refused(await runCli(['export', 'nope'], { cwd }))).toMatch(/^anime-gan-tui: run folder nope does not exist/);
  expect(refused(await runCli(['export', 'empty'], { cwd }))).toMatch(/^anime-gan-tui: nothing to export from checkpoints\/empty: it has no events\.jsonl; train it first/);
  expect(refused(await runCli(['export', 'r1', '--out', 'a-file/out'], { cwd }))).toMatch(/^anime-gan-tui: cannot write the export to a-file\/out \(ENOTDIR\): give --out DIR, a folder you can write to$/);
  expect(refused(await runCli(['export', 'r1', 'r2'], { cwd }))).toMatch(/export takes one run/);
  expect(refused(await runCli(['export', 'r1', '--count', '3'], { cwd }))).toMatch(/export does not take --count/);
});

it('without a run, the newest under checkpoints/; --help lists the command', async () => {
  const r = await runCli(['export', '--out', 'newest', '--json'], { cwd });
  expect(r.code).toBe(0);
  // r1 and empty share checkpoints/; empty's run.json says it was created first.
  expect(JSON.parse(r.stdout)).toMatchObject({ run: 'r1' });
  const help = await runCli(['--help'], { cwd });
  expect(help.stdout).toMatch(/anime-gan-tui export \[RUN\] \[--out DIR\]/);
});
