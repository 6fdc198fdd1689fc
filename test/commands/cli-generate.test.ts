import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { jsonLines, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const cwd = tempDir('agt-gen-');

beforeAll(async () => {
  const r = await runCli(['train', '--model', 'acgan', '--width', '0.0625', '--batch', '8', '--steps', '2', '--run', 'runs/g', '--json'], { cwd });
  expect(r.code).toBe(0);
}, 120_000);

describe('generate', () => {
  it('writes one 64×64 PNG per face and labels.json; the same seed gives the same faces', async () => {
    const a = await runCli(['generate', '--run', 'runs/g', '--hair', 'blue', '--eyes', 'red', '--count', '5', '--seed', '7', '--out-dir', 'out/a'], { cwd });
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const files = readdirSync(path.join(cwd, 'out/a')).sort();
    expect(files).toEqual(['0000.png', '0001.png', '0002.png', '0003.png', '0004.png', 'labels.json']);
    const meta = await sharp(path.join(cwd, 'out/a/0000.png')).metadata();
    expect([meta.width, meta.height]).toEqual([64, 64]);
    expect(JSON.parse(readFileSync(path.join(cwd, 'out/a/labels.json'), 'utf8'))).toEqual(Array(5).fill(['blue', 'red']));

    const b = await runCli(['generate', '--run', 'runs/g', '--hair', 'blue', '--eyes', 'red', '--count', '5', '--seed', '7', '--out-dir', 'out/b'], { cwd });
    expect(b.code).toBe(0);
    for (const f of files) expect(readFileSync(path.join(cwd, 'out/b', f)).equals(readFileSync(path.join(cwd, 'out/a', f)))).toBe(true);
  });

  it('draws a left-out colour at random per face, and labels say which', async () => {
    const r = await runCli(['generate', '--run', 'runs/g', '--hair', 'green', '--count', '12', '--seed', '3', '--out-dir', 'out/c'], { cwd });
    expect(r.code).toBe(0);
    const labels = JSON.parse(readFileSync(path.join(cwd, 'out/c/labels.json'), 'utf8')) as string[][];
    expect(labels.every(([h]) => h === 'green')).toBe(true);
    expect(new Set(labels.map(([, e]) => e)).size).toBeGreaterThan(1);
  });

  it('draws from acgan-split and projection runs as from acgan ones, the colours asked for in labels.json', async () => {
    for (const model of ['acgan-split', 'projection']) {
      const t = await runCli(['train', '--model', model, '--width', '0.0625', '--batch', '4', '--steps', '2', '--run', `runs/${model}`, '--json'], { cwd });
      expect(t.code, t.stderr).toBe(0);
      const r = await runCli(['generate', '--run', `runs/${model}`, '--hair', 'pink', '--eyes', 'aqua', '--count', '3', '--seed', '2', '--out-dir', `out/${model}`], { cwd });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(readFileSync(path.join(cwd, `out/${model}/labels.json`), 'utf8'))).toEqual(Array(3).fill(['pink', 'aqua']));
    }
  }, 240_000);

  it('--out writes one grid; --mode infer is generate', async () => {
    const r = await runCli(['--mode', 'infer', '--run', 'runs/g', '--count', '6', '--seed', '1', '--out', 'grid.png'], { cwd });
    expect(r.code).toBe(0);
    const meta = await sharp(path.join(cwd, 'grid.png')).metadata();
    expect([meta.width, meta.height]).toEqual([3 * 64, 2 * 64]);
  });

  it('an unknown colour lists the valid ones, in one line, exit 2', async () => {
    const r = await runCli(['generate', '--run', 'runs/g', '--hair', 'tartan', '--out-dir', 'out/x'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/tartan.*aqua, black, blonde/);
    expect(existsSync(path.join(cwd, 'out/x'))).toBe(false);
  });

  it('a folder that is not a run is refused in one line', async () => {
    const r = await runCli(['generate', '--run', '.', '--out-dir', 'out/y'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a run folder/);
  });

  it('with no run of its own, uses the model that ships with the package, and says so', async () => {
    const empty = tempDir('agt-gen-shipped-');
    const r = await runCli(['generate', '--hair', 'blue', '--eyes', 'red', '--count', '4', '--seed', '2', '--out', 'faces.png'], { cwd: empty });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the shipped model: acgan/);
    const meta = await sharp(path.join(empty, 'faces.png')).metadata();
    expect([meta.width, meta.height]).toEqual([2 * 64, 2 * 64]);
    // Named explicitly beside a run of one's own; it cannot be combined with --run.
    const named = await runCli(['generate', '--checkpoint', 'shipped', '--count', '1', '--out', 'one.png', '--json'], { cwd });
    expect(named.code).toBe(0);
    // The shipped generator is its run's average, and says so; it has no raw weights to give.
    expect(JSON.parse(named.stdout)).toMatchObject({ checkpoint: 'shipped', weights: 'averaged' });
    const raw = await runCli(['generate', '--checkpoint', 'shipped', '--raw', '--count', '1', '--out', 'raw.png'], { cwd });
    expect(raw.code).toBe(2);
    expect(raw.stderr.trim().split('\n')).toHaveLength(1);
    expect(raw.stderr).toMatch(/holds only the averaged weights .*leave out --raw/);
    const both = await runCli(['generate', '--run', 'runs/g', '--checkpoint', 'shipped', '--out', 'x.png'], { cwd });
    expect(both.code).toBe(2);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('draws with a run\'s averaged G, or with --raw its own weights; train takes the recipe\'s flags', async () => {
    const recipe = ['--ema-beta', '0.9', '--diff-augment', 'translation,cutout,colour', '--diff-augment-p', 'ada', '--lr-g', '1e-4', '--lr-d', '3e-4', '--reuse-fake'];
    const t = await runCli(['train', '--model', 'acgan', '--width', '0.0625', '--batch', '8', '--steps', '3', '--run', 'runs/ema', '--json', ...recipe], { cwd });
    expect(t.code).toBe(0);
    const events = jsonLines(t.stdout);
    expect(events.find((e) => e.type === 'start')).toMatchObject({
      emaBeta: 0.9,
      diffAugment: ['translation', 'cutout', 'colour'],
      diffAugmentP: 'ada',
      learningRate: 2e-4,
      learningRateG: 1e-4,
      learningRateD: 3e-4,
      reuseFake: true,
    });
    expect(events.filter((e) => e.type === 'step').every((e) => typeof e.augmentP === 'number')).toBe(true);
    const draw = (out: string, raw: boolean) =>
      runCli(['generate', '--run', 'runs/ema', '--count', '2', '--seed', '5', '--out', out, '--json', ...(raw ? ['--raw'] : [])], { cwd });
    const avg = await draw('ema-avg.png', false);
    const raw = await draw('ema-raw.png', true);
    expect(avg.code).toBe(0);
    expect(raw.code).toBe(0);
    expect(JSON.parse(avg.stdout)).toMatchObject({ weights: 'averaged' });
    expect(JSON.parse(raw.stdout)).toMatchObject({ weights: 'raw' });
    expect(readFileSync(path.join(cwd, 'ema-avg.png')).equals(readFileSync(path.join(cwd, 'ema-raw.png')))).toBe(false);
    // A run without the average draws with its own weights, --raw or not.
    expect((await runCli(['train', '--model', 'acgan', '--width', '0.0625', '--batch', '8', '--steps', '1', '--run', 'runs/plain', '--ema-beta', '0'], { cwd })).code).toBe(0);
    const plain = await runCli(['generate', '--run', 'runs/plain', '--count', '1', '--out', 'plain.png', '--json'], { cwd });
    expect(JSON.parse(plain.stdout)).toMatchObject({ weights: 'raw' });
    // Colour would teach projection's D wrong colours: refused before anything starts.
    const proj = await runCli(['train', '--model', 'projection', '--diff-augment', 'colour', '--steps', '1', '--run', 'runs/pc'], { cwd });
    expect(proj.code).toBe(2);
    expect(proj.stderr).toMatch(/colour/);
  });
});
