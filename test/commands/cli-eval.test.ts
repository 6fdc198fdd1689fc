import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { runCli, jsonLines } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const cwd = tempDir('agt-eval-');
/** The pairs eval picks by default on drawn faces (those with enough held-out faces). */
let pairs: string[] = [];

// One epoch of the built-in drawn faces (2048 at batch 64 = 32 steps): the epoch end judges the
// faces with the judge that ships for them, writes a quality event and keeps best/.
beforeAll(async () => {
  const acgan = await runCli(['train', '--model', 'acgan', '--width', '0.0625', '--batch', '64', '--steps', '33', '--run', 'runs/a', '--json'], { cwd });
  expect(acgan.stderr).toBe('');
  expect(acgan.code).toBe(0);
  const dcgan = await runCli(['train', '--model', 'dcgan', '--width', '0.0625', '--batch', '8', '--steps', '2', '--run', 'runs/d', '--json'], { cwd });
  expect(dcgan.code).toBe(0);
}, 240_000);

describe('quality during training', () => {
  it('judges the faces at the epoch end and keeps that checkpoint as best/', () => {
    const events = jsonLines(readFileSync(path.join(cwd, 'runs/a/events.jsonl'), 'utf8'));
    const quality = events.filter((e) => e.type === 'quality');
    expect(quality).toHaveLength(1);
    expect(quality[0]).toMatchObject({ step: 32, epoch: 1, best: true, faces: expect.any(Number) });
    expect(events.find((e) => e.type === 'start')).toMatchObject({ quality: true });
    expect(existsSync(path.join(cwd, 'runs/a/best/meta.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(cwd, 'runs/a/best/meta.json'), 'utf8')).step).toBe(32);
  });
});

describe('eval', () => {
  it('grades a run per pair and overall, as JSON', async () => {
    const r = await runCli(['eval', '--run', 'runs/a', '--count', '6', '--json'], { cwd });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, any>;
    expect(s.type).toBe('eval');
    expect(s.source).toMatchObject({ kind: 'generator', model: 'acgan', step: 33 });
    expect(s.judge.origin).toBe('shipped');
    expect(s.pairs.length).toBeGreaterThan(0);
    pairs = s.pairs.map((p: { pair: string }) => p.pair);
    expect(s.faces).toBe(6 * s.pairs.length);
    for (const k of ['frechet', 'frechetFloor', 'diversity']) expect(Number.isFinite(s[k])).toBe(true);
    expect(s.accuracy.bothAcc).toBeGreaterThanOrEqual(0);
    expect(s.ceiling.bothAcc).toBeGreaterThan(0.5);
  });

  it('prints a table for people, and takes --checkpoint best and named pairs', async () => {
    const [a, b] = pairs as [string, string];
    const r = await runCli(['eval', '--run', 'runs/a', '--checkpoint', 'best', '--pairs', `${a},${b.replace('/', '-')}`, '--count', '4'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/step 32 \(epoch 1\)/);
    expect(r.stdout).toContain(`\n${a} `);
    expect(r.stdout).toContain(`\n${b} `);
    expect(r.stdout).toMatch(/Fréchet distance [\d.]+ \(real faces of the same count: [\d.]+/);
  });

  it('judges a folder of PNGs per pair the same way as a generator', async () => {
    const [hair, eyes] = pairs[0]!.split('/') as [string, string];
    const gen = await runCli(['generate', '--run', 'runs/a', '--hair', hair, '--eyes', eyes, '--count', '4', '--seed', '1', '--out-dir', `faces/${hair}-${eyes}`], { cwd });
    expect(gen.code).toBe(0);
    const r = await runCli(['eval', '--faces', 'faces', '--data', 'drawn', '--pairs', pairs[0]!, '--count', '4', '--json'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, any>;
    expect(s.source.kind).toBe('faces');
    expect(s.pairs.map((p: { pair: string }) => p.pair)).toEqual([pairs[0]]);
  });

  it('generate takes the best checkpoint too', async () => {
    const r = await runCli(['generate', '--run', 'runs/a', '--checkpoint', 'best', '--count', '2', '--seed', '1', '--out', 'best.png', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ step: 32 });
  });

  it('gives DCGAN runs diversity and Fréchet over all faces', async () => {
    const r = await runCli(['eval', '--run', 'runs/d', '--count', '3', '--json'], { cwd });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, any>;
    expect(s.pairs).toEqual([]);
    expect(s.accuracy).toBeNull();
    expect(s.faces).toBe(18);
  });

  it('judges a run\'s averaged G, or with --raw its own weights, and says which', async () => {
    const t = await runCli(['train', '--model', 'dcgan', '--width', '0.0625', '--batch', '8', '--steps', '3', '--ema-beta', '0.9', '--run', 'runs/ema', '--json'], { cwd });
    expect(t.code).toBe(0);
    const judged = async (raw: boolean) => {
      const r = await runCli(['eval', '--run', 'runs/ema', '--count', '3', '--json', ...(raw ? ['--raw'] : [])], { cwd });
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as Record<string, any>;
    };
    const avg = await judged(false);
    const raw = await judged(true);
    expect(avg.source).toMatchObject({ kind: 'generator', weights: 'averaged' });
    expect(raw.source).toMatchObject({ kind: 'generator', weights: 'raw' });
    expect(raw.frechet).not.toBe(avg.frechet);
  }, 120_000);

  it('refuses bad input in one line, exit 2', async () => {
    mkdirSync(path.join(cwd, 'runs/empty'), { recursive: true });
    const sub = path.join(cwd, 'badfaces', pairs[0]!.replace('/', '-'));
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, '0.png'), 'not a png');
    await sharp({ create: { width: 64, height: 64, channels: 3, background: 'red' } }).png().toFile(path.join(sub, '1.png'));
    const cases: Array<[string[], RegExp]> = [
      [['eval', '--run', 'runs/d', '--pairs', 'blue/blue'], /dcgan, which has no hair or eye colours: leave out --pairs/],
      [['eval', '--run', 'runs/a', '--pairs', 'blue/gray'], /no eye colour 'gray'/],
      [['eval', '--run', 'runs/a', '--pairs', 'blue'], /--pairs: 'blue' is not a hair\/eyes pair/],
      [['eval', '--run', 'runs/a', '--count', '1'], /--count/],
      [['eval', '--run', 'runs/nowhere'], /does not exist/],
      [['eval', '--faces', 'nofolder', '--data', 'drawn', '--pairs', pairs[0]!], /not a folder/],
      [['eval', '--faces', 'badfaces', '--data', 'drawn', '--pairs', pairs[0]!], /cannot read .*0\.png as an image/],
      [['eval', '--faces', 'badfaces', '--pairs', pairs[0]!], /point --data/],
      [['eval', '--faces', 'faces', '--run', 'runs/a'], /not both/],
      [['eval', '--run', 'runs/d', '--checkpoint', 'best'], /runs\/d has no best checkpoint yet/],
    ];
    for (const [args, why] of cases) {
      const r = await runCli(args, { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(why);
    }
  }, 120_000);
});
