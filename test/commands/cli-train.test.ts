import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { CLI, jsonLines, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { writeImageFolder, writeMldsFolder } from '../data/mlds-fixture.js';

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
    const fx = await writeMldsFolder(parent, { count: 64 });
    const ok = await runCli(['train', ...small, '--steps', '1', '--data', fx.dir, '--run', 'runs/mlds', '--json'], { cwd });
    expect(ok.code).toBe(0);
    expect(jsonLines(ok.stdout)[0]).toMatchObject({ dataset: { source: 'mlds', count: 64, attributes: ['hair', 'eyes'] } });

    const bad = await writeMldsFolder(tempDir('agt-bad-'), { count: 64, extraLines: ['9,this is not a tag'] });
    const r = await runCli(['train', ...small, '--steps', '1', '--data', bad.dir, '--run', 'runs/bad'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/tags\.csv:65: expected/);
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
    const one = await writeMldsFolder(tempDir('agt-one-'), { count: 64, values: (i) => ['blue', i % 2 ? 'red' : 'green'] });
    const acgan = await runCli(['train', '--data', one.dir, ...small, '--steps', '1', '--run', 'runs/one-a'], { cwd });
    expect(acgan.code).toBe(2);
    expect(acgan.stderr.trim().split('\n')).toHaveLength(1);
    expect(acgan.stderr).toMatch(/every face in .*tags\.csv has hair 'blue': .* add faces with other hair values, or use --model dcgan/);
    const dcgan = await runCli(['train', '--data', one.dir, '--model', 'dcgan', '--width', '0.0625', '--batch', '8', '--steps', '1', '--run', 'runs/one-d'], { cwd });
    expect(dcgan.code).toBe(0);
  });

  it('trains a DCGAN on a plain folder of images, and refuses bad data folders in one line naming the file, exit 2', async () => {
    const plain = await writeImageFolder(tempDir('agt-plain-'), { count: 64 });
    const dcgan = await runCli(['train', '--data', plain.dir, '--model', 'dcgan', '--width', '0.0625', '--batch', '8', '--steps', '1', '--run', 'runs/plain-d', '--json'], { cwd });
    expect(dcgan.code).toBe(0);
    expect(jsonLines(dcgan.stdout)[0]).toMatchObject({ dataset: { source: 'folder', count: 64, hairVocab: [] } });

    const few = await writeImageFolder(tempDir('agt-few-'), { count: 20 });
    const mixed = await writeMldsFolder(tempDir('agt-mixed-'), { count: 64 });
    writeFileSync(path.join(mixed.dir, 'loose.jpg'), readFileSync(path.join(mixed.dir, 'images', '0.jpg')));
    const broken = await writeImageFolder(tempDir('agt-broken-'), { count: 64 });
    for (const name of broken.names) writeFileSync(path.join(broken.dir, name), 'not an image');
    const dc = ['--model', 'dcgan'];
    const cases: Array<[string[], RegExp]> = [
      [['--model', 'acgan', '--data', plain.dir], new RegExp(`^anime-gan-tui: ${plain.dir} has no tags\\.csv, .* add a tags file .* or use --model dcgan$`)],
      [[...dc, '--data', few.dir], new RegExp(`${few.dir} holds only 20 images; training needs at least 64`)],
      [[...dc, '--data', mixed.dir], new RegExp(`${mixed.dir} holds tags\\.csv and also 1 image beside it \\(first: loose\\.jpg\\); .*move them there`)],
      [[...dc, '--data', broken.dir], new RegExp(`none of the 64 images of ${broken.dir} can be read \\(first: 0\\.png: .+\\)`)],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['train', ...args, '--width', '0.0625', '--batch', '8', '--steps', '1', '--run', 'runs/refused'], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr.trim(), args.join(' ')).toMatch(message);
    }
  });
});
