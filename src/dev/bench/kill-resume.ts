#!/usr/bin/env node
/**
 * `npm run reliability`: kills a training run with SIGKILL at random moments (checkpoint writes
 * included: it checkpoints every few steps), resumes it each time, and checks that the resume
 * starts from the newest checkpoint on disk and that no step before it is lost. Real data when
 * the MLDS folder is found, drawn faces otherwise. Prints one line per kill and a JSON summary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { latestCheckpoint } from '../../engine/checkpoint.js';
import { RunFolder } from '../../run/run-folder.js';
import { summarizeRun } from '../../run/run-status.js';
import type { TrainerEvent } from '../../protocol/events.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cli.js');
const KILLS = Number(process.argv[2] ?? 20);

function findData(): string | null {
  for (const d of [process.env.ANIME_GAN_DATA, '../shared/data/anime-faces-mlds', 'data/extra_data']) {
    if (d && existsSync(path.join(d, 'tags.csv'))) return path.resolve(d);
  }
  return null;
}

interface Trainer {
  child: ChildProcess;
  events: TrainerEvent[];
  started: Promise<TrainerEvent & { type: 'start' }>;
}

/** The trainer alive now, so a failed check never leaves it running in the background. */
let live: ChildProcess | null = null;

function startTrainer(args: string[]): Trainer {
  const child = (live = spawn(process.execPath, [CLI, 'train', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  const events: TrainerEvent[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const started = new Promise<TrainerEvent & { type: 'start' }>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const e = JSON.parse(line) as TrainerEvent;
          events.push(e);
          if (e.type === 'start') resolve(e);
        } catch {
          // not an event
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`trainer exited (${code}) before starting: ${stderr.trim().split('\n').pop()}`)));
  });
  return { child, events, started };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(20);
}

async function main(): Promise<number> {
  const data = findData();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agt-kill-'));
  const runDir = path.join(dir, 'run');
  const common = ['--run', runDir, '--steps', '1000000', '--checkpoint-every', '3', '--sample-every', '4', '--backend', 'wasm'];
  const first = ['--model', 'acgan', '--width', '0.0625', '--batch', '16', '--data', data ?? '', ...common];
  process.env.ANIME_GAN_CONFIG_DIR = path.join(dir, 'config');
  const results: Array<Record<string, unknown>> = [];
  let failures = 0;
  let t = startTrainer(first);
  await t.started;
  for (let i = 1; i <= KILLS; i++) {
    // Let it train a random number of steps, then kill at a random moment of the next ones:
    // mid-step, mid-sample or mid-checkpoint (one every 3 steps).
    const stepsWanted = 1 + Math.floor(Math.random() * 6);
    const current = t;
    await until(() => current.events.filter((e) => e.type === 'step').length >= stepsWanted || current.child.exitCode !== null);
    await sleep(Math.random() * 800);
    t.child.kill('SIGKILL');
    await new Promise((r) => t.child.once('exit', r));
    const run = new RunFolder(runDir);
    const state = summarizeRun(run).state;
    const lastCkptEvent = [...run.readEvents()].reverse().find((e) => e.type === 'checkpoint');
    const lastStepBefore = [...t.events].reverse().find((e) => e.type === 'step');
    const onDisk = await latestCheckpoint(run.checkpointsDir);
    t = startTrainer(['--resume', ...common]);
    const start = await t.started;
    const checks = {
      markedCrashed: state === 'crashed',
      resumedFromNewest: start.startStep === (onDisk?.meta.step ?? 0),
      noLossBeyondCheckpoint: start.startStep >= (lastCkptEvent && lastCkptEvent.type === 'checkpoint' ? lastCkptEvent.step : 0),
    };
    const ok = Object.values(checks).every(Boolean);
    if (!ok) failures++;
    const row = { kill: i, stepAtKill: lastStepBefore && lastStepBefore.type === 'step' ? lastStepBefore.step : 0, resumedAt: start.startStep, ...checks, ok };
    results.push(row);
    process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} kill ${String(i).padStart(2)}: last step seen ${row.stepAtKill}, resumed at step ${start.startStep} (newest checkpoint on disk ${onDisk?.meta.step ?? 'none'}), run was shown as ${state}\n`);
  }
  // Finally a polite stop: a final checkpoint and exit within 10 s.
  await sleep(1000);
  const t0 = Date.now();
  t.child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => t.child.once('exit', r));
  const stopSeconds = (Date.now() - t0) / 1000;
  const done = t.events.find((e) => e.type === 'done');
  const summary = { bench: 'kill-resume', data: data ? 'mlds' : 'drawn', kills: KILLS, failures, stopSeconds, stopExit: code, finalCheckpoint: done && done.type === 'done' ? done.lastCheckpoint : null };
  process.stdout.write(JSON.stringify(summary) + '\n');
  rmSync(dir, { recursive: true, force: true });
  return failures === 0 && code === 0 && stopSeconds <= 10 ? 0 : 1;
}

main().then(
  (c) => (process.exitCode = c),
  (err: Error) => {
    live?.kill('SIGKILL');
    process.stderr.write(`reliability: ${err.message}\n`);
    process.exitCode = 1;
  },
);
