import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { CLI, jsonLines, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { writeMldsFolder } from '../engine/data/mlds-fixture.js';

const cwd = tempDir('agt-cli-');
const small = ['--model', 'acgan', '--width', '0.0625', '--batch', '8'];

describe('train on the command line', () => {
  it('--json prints a start line, one step line per step with every metric, and a done line last', async () => {
    const r = await runCli(['train', ...small, '--steps', '3', '--run', 'runs/a', '--json', '--backend', 'wasm'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines[0]).toMatchObject({ type: 'start', model: 'acgan', width: 0.0625, backend: 'wasm', dataset: { source: 'drawn' } });
    const steps = lines.filter((l) => l.type === 'step');
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3]);
    for (const s of steps) {
      for (const k of ['dLoss', 'gLoss', 'dReal', 'dFake', 'imgPerSec', 'hairAccReal', 'eyesAccReal', 'hairAccFake', 'eyesAccFake', 'epoch']) {
        expect(typeof s[k], k).toBe('number');
      }
    }
    expect(lines.at(-1)).toMatchObject({ type: 'done', step: 3 });
    expect(existsSync(path.join(cwd, 'runs/a/run.json'))).toBe(true);
    expect(readFileSync(path.join(cwd, 'runs/a/events.jsonl'), 'utf8')).toContain('"type":"step"');
  });

  it('--resume continues the step count, and --steps counts from the run start', async () => {
    const r = await runCli(['train', '--steps', '5', '--run', 'runs/a', '--resume', '--json'], { cwd });
    expect(r.code).toBe(0);
    const steps = jsonLines(r.stdout).filter((l) => l.type === 'step');
    expect(steps.map((s) => s.step)).toEqual([4, 5]);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ type: 'start', resumed: true, startStep: 3 });
  });

  it('--resume with another model is refused, naming the difference', async () => {
    const r = await runCli(['train', '--model', 'dcgan', '--steps', '6', '--run', 'runs/a', '--resume'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/model acgan \(not dcgan\)/);
  });

  it('without a TTY it prints readable lines', async () => {
    const r = await runCli(['train', ...small, '--steps', '2', '--run', 'runs/plain'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/built-in drawn faces/);
    expect(r.stdout).toMatch(/epoch 1 step 2 .* D \d/);
    expect(r.stdout).toMatch(/^done \(completed\)/m);
  });

  it('reads an MLDS folder and names the file and line of a malformed tag', async () => {
    const parent = tempDir('agt-mlds-');
    const fx = await writeMldsFolder(parent, { count: 24 });
    const ok = await runCli(['train', ...small, '--steps', '1', '--data', fx.dir, '--run', 'runs/mlds', '--json'], { cwd });
    expect(ok.code).toBe(0);
    expect(jsonLines(ok.stdout)[0]).toMatchObject({ dataset: { source: 'mlds', count: 24 } });

    const bad = await writeMldsFolder(tempDir('agt-bad-'), { count: 8, extraLines: ['9,this is not a tag'] });
    const r = await runCli(['train', ...small, '--steps', '1', '--data', bad.dir, '--run', 'runs/bad'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/tags\.csv:9/);
  });

  it('refuses bad flags in one line with exit code 2', async () => {
    for (const args of [
      ['train', '--bogus'],
      ['train', '--batch', '0'],
      ['train', '--width', '0'],
      ['train', '--lambda', '-1'],
      ['train', '--batch', 'many'],
      ['train', '--model', 'gpt'],
      ['train', '--backend', 'tpu'],
      ['train', '--loss', 'hinge'],
      ['train', '--model', 'projection', '--loss', 'wgan-gp'],
      ['train', '--preview', 'weird', '--steps', '1'],
      ['frobnicate'],
      ['train', '--data', path.join(cwd, 'no-such-folder'), '--steps', '1'],
    ]) {
      const r = await runCli(args, { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });

  it('a second trainer on the same run folder is refused while the first holds it', async () => {
    // The first trains until told to stop, so it surely holds the run when the second comes.
    const first = spawn(process.execPath, [CLI, 'train', ...small, '--steps', '100000', '--run', 'runs/locked', '--json'], {
      cwd,
      env: { ...process.env, ANIME_GAN_DATA: '', ANIME_GAN_CONFIG_DIR: path.join(cwd, '.config') },
      stdio: 'ignore',
    });
    const lock = path.join(cwd, 'runs/locked/lock');
    const info = path.join(cwd, 'runs/locked/run.json');
    for (let i = 0; i < 1200 && !(existsSync(lock) && existsSync(info)); i++) await new Promise((r) => setTimeout(r, 50));
    const second = await runCli(['train', '--steps', '100001', '--run', 'runs/locked', '--resume'], { cwd });
    const exited = new Promise((r) => first.once('exit', r));
    first.kill('SIGINT');
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/in use by process/);
    expect(await exited).toBe(0);
  });

  it('output into a pipe that closes (| head) stops the run after a final checkpoint, without a stack trace', async () => {
    const child = spawn(process.execPath, [CLI, 'train', ...small, '--steps', '100000', '--run', 'runs/piped', '--plain'], {
      cwd,
      env: { ...process.env, ANIME_GAN_DATA: '', ANIME_GAN_CONFIG_DIR: path.join(cwd, '.config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    // Read until the first step line, then go away as `head` does.
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        seen += d;
        if (/epoch 1 step \d/.test(seen)) {
          child.stdout.destroy();
          resolve();
        }
      });
    });
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|at /);
    const runs = await runCli(['runs', 'runs'], { cwd });
    expect(runs.stdout).toMatch(/piped\s+stopped/);
    expect(readdirSync(path.join(cwd, 'runs/piped/ckpt')).length).toBeGreaterThan(0);
  });

  it('a run that cannot start leaves no folder behind, and --resume of a folder with no run says what to do', async () => {
    const r = await runCli(['train', '--data', 'no-such-folder', '--run', 'runs/never'], { cwd });
    expect(r.code).toBe(2);
    expect(existsSync(path.join(cwd, 'runs/never'))).toBe(false);
    const again = await runCli(['train', '--run', 'runs/never', '--resume'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/holds no run to resume .*leave out --resume/);
    expect(again.stderr).not.toMatch(/ENOENT/);
  });

  it('an ACGAN on faces of a single colour is refused in one line; a DCGAN trains on them', async () => {
    const one = await writeMldsFolder(tempDir('agt-one-'), { count: 1 });
    const acgan = await runCli(['train', '--data', one.dir, ...small, '--steps', '1', '--run', 'runs/one-a'], { cwd });
    expect(acgan.code).toBe(2);
    expect(acgan.stderr.trim().split('\n')).toHaveLength(1);
    expect(acgan.stderr).toMatch(/every face .* has hair colour '.+': add faces of other colours, or train --model dcgan/);
    const dcgan = await runCli(['train', '--data', one.dir, '--model', 'dcgan', '--width', '0.0625', '--batch', '8', '--steps', '1', '--run', 'runs/one-d'], { cwd });
    expect(dcgan.code).toBe(0);
  });
});
