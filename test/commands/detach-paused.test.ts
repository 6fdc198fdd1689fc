/**
 * A background trainer paused by a watcher that then quits: it must stay alive and paused, its
 * control socket up, until a later watcher resumes or stops it (then a final checkpoint).
 */
import { expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { connectControl } from '../../src/run/control-socket.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { alive } from '../helpers/process.js';

const cwd = tempDir('agt-paused-');
const runDir = path.join(cwd, 'checkpoints/p');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function events(): Array<{ type: string; step?: number; reason?: string }> {
  const file = path.join(runDir, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}


function send(socket: net.Socket, type: 'pause' | 'resume' | 'stop'): void {
  socket.write(JSON.stringify({ type }) + '\n');
}

it('a paused background trainer outlives the watcher that paused it, then resumes and stops cleanly', async () => {
  const started = await runCli(['train', '--detach', '--model', 'dcgan', '--width', '0.0625', '--batch', '8', '--steps', '100000', '--run', 'checkpoints/p'], { cwd });
  expect(started.code).toBe(0);
  const pid = Number(/pid (\d+)/.exec(started.stdout)![1]);
  try {
    await until('a first step', () => events().some((e) => e.type === 'step'));
    const watcher = (await connectControl(runDir))!;
    expect(watcher).not.toBeNull();
    send(watcher, 'pause');
    await until('the pause', () => events().some((e) => e.type === 'pause'));
    // The watcher quits: its connection was the last thing the paused trainer was waiting on.
    watcher.destroy();
    await sleep(3000);
    expect(alive(pid)).toBe(true);
    const stepsWhilePaused = events().filter((e) => e.type === 'step').length;
    await sleep(500);
    expect(events().filter((e) => e.type === 'step').length).toBe(stepsWhilePaused);

    // A later watcher finds the socket up and the trainer listening.
    const later = (await connectControl(runDir))!;
    expect(later).not.toBeNull();
    send(later, 'resume');
    await until('steps after the resume', () => events().filter((e) => e.type === 'step').length > stepsWhilePaused);
    send(later, 'stop');
    await until('the trainer to end', () => !alive(pid));
    later.destroy();
  } finally {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  const all = events();
  expect(all.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
  expect(all.some((e) => e.type === 'checkpoint')).toBe(true);
  expect(readFileSync(path.join(runDir, 'trainer.log'), 'utf8')).toMatch(/^done \(stopped\)/m);
}, 180_000);
