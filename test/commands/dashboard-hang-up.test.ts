/**
 * An SSH drop under the training dashboard: the dashboard runs on a pseudo-terminal (util-linux
 * `script`, standing in for sshd), and the process holding the terminal's other end is killed,
 * as when the connection drops. The kernel hangs the terminal up (SIGHUP, then EIO on writes).
 * Training must go on in the background, watchable, until SIGTERM stops it with a checkpoint.
 */
import { expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { connectControl } from '../../src/run/control-socket.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { alive } from '../helpers/process.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const cwd = tempDir('agt-hangup-');
const runDir = path.join(cwd, 'checkpoints/h');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function steps(): number {
  const file = path.join(runDir, 'events.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"type":"step"')).length : 0;
}

function trainerPid(): number | null {
  try {
    return (JSON.parse(readFileSync(path.join(runDir, 'lock'), 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
}


async function until(what: string, ok: () => boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

it.skipIf(!hasScript)('a dropped terminal leaves the dashboard training in the background; SIGTERM still stops it with a checkpoint', async () => {
  // The shell outlives the hang-up (it ignores SIGHUP; the dashboard installs its own handler)
  // to note how the dashboard ended: Node aborts at exit on a hung-up terminal (139) unless the
  // program releases it first (terminal/dead-terminal.ts).
  const rcFile = path.join(cwd, 'rc');
  const command = `stty cols 100 rows 30; trap '' HUP; ${process.execPath} ${CLI} train --model dcgan --width 0.0625 --batch 8 --steps 100000 --run checkpoints/h; echo $? > ${rcFile}`;
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', ANIME_GAN_CONFIG_DIR: path.join(cwd, '.config'), ANIME_GAN_CACHE: path.join(cwd, '.cache') };
  delete env.ANIME_GAN_DATA;
  const terminal = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let screen = '';
  terminal.stdout.on('data', (d) => (screen += d));
  let pid: number | null = null;
  try {
    await until('the dashboard to train', () => (pid = trainerPid()) !== null && steps() >= 3);
    expect(screen).toContain('\x1b[?1049h');
    // The connection drops: the terminal's other end closes under the dashboard.
    terminal.kill('SIGKILL');
    await sleep(3000);
    expect(alive(pid!)).toBe(true);
    const before = steps();
    await until('steps after the hang-up', () => steps() > before + 2, 30_000);
    const log = readFileSync(path.join(runDir, 'trainer.log'), 'utf8');
    expect(log).toMatch(new RegExp(`^the terminal hung up at step \\d+: training goes on in the background \\(pid ${pid}\\)`, 'm'));
    expect(log).toMatch(/^epoch \d+ step \d+ /m);
    // Watchers can steer it: its control socket is up.
    const socket = await connectControl(runDir);
    expect(socket).not.toBeNull();
    socket!.destroy();

    process.kill(pid!, 'SIGTERM');
    await until('the trainer to end', () => !alive(pid!), 60_000);
    await until('its exit code', () => existsSync(rcFile), 10_000);
    expect(readFileSync(rcFile, 'utf8').trim()).toBe('0');
  } finally {
    terminal.kill('SIGKILL');
    if (pid !== null && alive(pid)) process.kill(pid, 'SIGKILL');
  }
  const events = readFileSync(path.join(runDir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; reason?: string });
  expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
  expect(events.at(-2)).toMatchObject({ type: 'checkpoint', reason: 'stop' });
  const log = readFileSync(path.join(runDir, 'trainer.log'), 'utf8');
  expect(log).toMatch(/^done \(stopped\)/m);
  expect(log).toMatch(/^continue it with: anime-gan-tui train --run .*checkpoints\/h --resume$/m);
}, 180_000);
