import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startJob } from '../../src/run/train-job.js';
import { WatchClient } from '../../src/run/watch-client.js';
import { acquireLock, isStale, RunLockedError } from '../../src/run/lock.js';
import { summarizeRun } from '../../src/run/run-status.js';
import { RunFolder } from '../../src/run/run-folder.js';
import type { WorkerMessage } from '../../src/protocol/messages.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';
import { tinyJob } from '../helpers/trainer.js';

beforeAll(useWasm);
const root = tempDir('agt-run-');


const until = async (cond: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('watching a run through its folder and control socket', () => {
  it('two watchers see the history and live events, pause/λ/generate/checkpoint reach the trainer', async () => {
    const dir = path.join(root, 'watched');
    const started = await startJob(tinyJob(dir, 100_000));
    const running = started.trainer.run();
    await until(() => started.trainer.step >= 3);

    const a = new WatchClient(dir);
    const b = new WatchClient(dir);
    const seenA: WorkerMessage[] = [];
    const seenB: WorkerMessage[] = [];
    a.subscribe((m) => seenA.push(m));
    b.subscribe((m) => seenB.push(m));
    const types = (seen: WorkerMessage[]) => seen.flatMap((m) => (m.type === 'event' ? [m.event.type] : [m.type]));
    // History first: the start event and the steps so far.
    await until(() => types(seenA).includes('step') && types(seenB).includes('step'));
    expect(types(seenA)[0]).toBe('start');

    a.send({ type: 'pause' });
    await until(() => types(seenB).includes('pause'));
    b.send({ type: 'set-lambda', lambda: 2.5 });
    await until(() => types(seenA).includes('lambda'));
    b.send({ type: 'generate', requestId: 7, hair: 'blue', eyes: 'red', count: 4, seed: 1, truncation: 1 });
    await until(() => seenB.some((m) => m.type === 'generated'));
    const gen = seenB.find((m) => m.type === 'generated')!;
    expect(gen.type === 'generated' && gen.requestId).toBe(7);
    expect(gen.type === 'generated' && gen.labels[0]).toEqual(['blue', 'red']);
    expect(gen.type === 'generated' && gen.grid.pixels.length).toBe(gen.type === 'generated' ? gen.grid.width * gen.grid.height * 3 : 0);
    a.send({ type: 'checkpoint' });
    await until(() => types(seenB).includes('checkpoint'));
    expect(summarizeRun(new RunFolder(dir)).state).toBe('paused');

    // A watcher that quits leaves the trainer alone.
    await a.close();
    b.send({ type: 'resume' });
    await until(() => types(seenB).filter((t) => t === 'resume').length > 0);
    expect(summarizeRun(new RunFolder(dir)).state).toBe('running');
    b.send({ type: 'stop' });
    const done = await running;
    expect(done.reason).toBe('stopped');
    started.trainer.dispose();
    started.release();
    await until(() => types(seenB).includes('done'));
    expect(summarizeRun(new RunFolder(dir)).state).toBe('stopped');

    // With the trainer gone, commands say so instead of hanging.
    b.send({ type: 'pause' });
    await until(() => seenB.some((m) => m.type === 'event' && m.event.type === 'warning' && /no trainer is running/.test(m.event.message)));
    await b.close();
  }, 60_000);
});

describe('locks', () => {
  it('a live lock refuses a second owner; a dead process leaves a stale lock that is taken over', async () => {
    const file = path.join(root, 'lockdir', 'lock');
    mkdirSync(path.dirname(file), { recursive: true });
    // A process that has certainly exited.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(file, JSON.stringify({ pid: dead.pid, host: os.hostname(), since: 1 }));
    expect(isStale({ pid: dead.pid!, host: os.hostname(), since: 1 })).toBe(true);
    const taken = acquireLock(file);
    expect(taken.staleNote).toMatch(/stale lock from process/);

    // Now held by this (live) process for another holder's eyes: pretend to be another pid.
    writeFileSync(file, JSON.stringify({ pid: process.ppid, host: os.hostname(), since: 1 }));
    expect(() => acquireLock(file)).toThrow(RunLockedError);
    taken.release();
  });

  it('a run whose trainer was killed shows as crashed', async () => {
    const dir = path.join(root, 'killed');
    const started = await startJob(tinyJob(dir, 3));
    await started.trainer.run();
    started.trainer.dispose();
    // Simulate kill -9: the lock stays behind with a pid that no longer runs, no done event after.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    const run = new RunFolder(dir);
    writeFileSync(run.lockFile, JSON.stringify({ pid: dead.pid, host: os.hostname(), since: 1 }));
    // A new session that started and never ended: the run's first start, again.
    run.appendEvent({ ...run.readEvents().find((e) => e.type === 'start')!, time: Date.now() });
    expect(summarizeRun(run).state).toBe('crashed');
    // A watcher is told, in a way the UI can act on: the trainer is gone, and how to go on.
    const watcher = new WatchClient(dir);
    const seen: WorkerMessage[] = [];
    watcher.subscribe((m) => seen.push(m));
    await until(() => seen.some((m) => m.type === 'event' && m.event.type === 'error'));
    const gone = seen.find((m) => m.type === 'event' && m.event.type === 'error');
    expect(gone).toMatchObject({ event: { trainerGone: true, message: expect.stringMatching(/--run .*killed --resume/) } });
    await watcher.close();
  });
});
