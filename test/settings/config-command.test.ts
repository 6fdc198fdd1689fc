import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** Each test its own folder, so its settings file starts absent. */
function place() {
  const cwd = tempDir('agt-config-');
  return { cwd, file: path.join(cwd, '.config', 'config.json'), run: (...args: string[]) => runCli(['config', ...args], { cwd }) };
}

describe('anime-gan-tui config', () => {
  it('shows every setting, where each comes from, and the file', async () => {
    const { run, file } = place();
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`settings file: ${file}`);
    expect(r.stdout).toMatch(/width\s+0\.25\s+\(default\)/);
    expect(r.stdout).toMatch(/hair\s+random\s+\(default\)/);
  });

  it('set saves a checked value; the listing shows it as saved', async () => {
    const { run, file } = place();
    expect((await run('set', 'width', '0.5')).stdout).toBe(`width = 0.5 (saved in ${file})\n`);
    expect((await run('set', 'hair', 'blue')).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ width: 0.5, hair: 'blue' });
    const r = await run();
    expect(r.stdout).toMatch(/width\s+0\.5\n/);
    expect((await run('set', 'hair', 'random')).stdout).toContain('hair = random');
  });

  it('set refuses a bad value or key in one line, exit 2, and saves nothing', async () => {
    const { run, file } = place();
    for (const args of [
      ['set', 'width', 'abc'],
      ['set', 'width', '9'],
      ['set', 'batch', '2.5'],
      ['set', 'model', 'gan9000'],
      ['set', 'colour', 'red'],
      ['set', 'hair', 'plaid'],
      ['set', 'eyes', 'zzz'],
      ['set', 'dataDir', '/no/such/folder'],
      ['set', 'width'],
      ['frobnicate'],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect((await run('set', 'model', 'gan9000')).stderr).toMatch(/model must be one of dcgan, acgan, acgan-resnet, acgan-split, projection, got 'gan9000'/);
    expect((await run('set', 'hair', 'plaid')).stderr).toMatch(/hair must be random or one of aqua, black, .*white, got 'plaid'/);
    expect(() => readFileSync(file, 'utf8')).toThrow();
  });

  it('reset goes back to the defaults', async () => {
    const { run, file } = place();
    await run('set', 'batch', '16');
    const r = await run('reset');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reset to defaults');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    expect((await run()).stdout).toMatch(/batch\s+64\s+\(default\)/);
  });

  it('a corrupt file: a one-line warning and the defaults; reset repairs it', async () => {
    const { run, file } = place();
    await run('set', 'batch', '16');
    writeFileSync(file, '{ "batch": 16, oops');
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^warning: saved settings in .* are unreadable/);
    expect(r.stdout).toMatch(/batch\s+64\s+\(default\)/);
    expect((await run('reset')).code).toBe(0);
    const after = await run();
    expect(after.stderr).toBe('');
  });

  it('an invalid saved value: a warning, the default, marked as such', async () => {
    const { run, file } = place();
    await run('set', 'batch', '16');
    writeFileSync(file, JSON.stringify({ batch: 'lots', width: 0.5 }));
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: saved setting batch="lots" ignored: it must be an integer from 1 to 1024\n');
    expect(r.stdout).toMatch(/batch\s+64\s+\(default: the saved value is invalid\)/);
    expect(r.stdout).toMatch(/width\s+0\.5\n/);
  });

  it('train never crashes on a corrupt settings file', async () => {
    const { cwd, file } = place();
    await runCli(['config', 'set', 'batch', '16'], { cwd });
    writeFileSync(file, 'not json at all');
    const r = await runCli(['train', '--model', 'dcgan', '--width', '0.0625', '--batch', '4', '--steps', '1', '--run', 'runs/c', '--plain'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^warning: saved settings in .* are unreadable/m);
  }, 120_000);
});
