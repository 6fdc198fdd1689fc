/** What state a run is in, read from its folder alone: lock, events and run.json. */
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { StepEvent, TrainerEvent } from '../engine/events.js';
import { RunFolder, RUNS_DIR } from './run-folder.js';
import { isStale, readLock } from './lock.js';

export type RunState = 'running' | 'paused' | 'done' | 'stopped' | 'diverged' | 'crashed' | 'new';

export interface RunSummary {
  dir: string;
  name: string;
  state: RunState;
  model: string;
  width: number;
  step: number;
  epoch: number;
  lastStep: StepEvent | null;
  /** Time of the newest event (or the run's creation). */
  lastActivity: number;
  pid: number | null;
}

/** The last `bytes` of events.jsonl as events: enough for the latest state of a long run. */
function tailEvents(file: string, bytes = 256 * 1024): TrainerEvent[] {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const start = Math.max(0, size - bytes);
  const buf = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  readSync(fd, buf, 0, buf.length, start);
  closeSync(fd);
  const lines = buf.toString('utf8').split('\n');
  if (start > 0) lines.shift(); // the first line is cut
  const out: TrainerEvent[] = [];
  for (const l of lines) {
    if (!l.trim()) continue;
    try {
      out.push(JSON.parse(l) as TrainerEvent);
    } catch {
      // a torn last line
    }
  }
  return out;
}

export function summarizeRun(run: RunFolder): RunSummary {
  const info = run.readInfo();
  const events = tailEvents(run.eventsFile);
  const lock = readLock(run.lockFile);
  const alive = lock !== null && !isStale(lock);
  let lastStep: StepEvent | null = null;
  let paused = false;
  let done: TrainerEvent | null = null;
  for (const e of events) {
    if (e.type === 'step') lastStep = e;
    if (e.type === 'pause') paused = true;
    if (e.type === 'resume' || e.type === 'start') paused = false;
    if (e.type === 'start') done = null;
    if (e.type === 'done') done = e;
  }
  let state: RunState;
  if (alive) state = paused ? 'paused' : 'running';
  else if (done && done.type === 'done') state = done.reason === 'completed' ? 'done' : done.reason;
  else if (events.length === 0) state = lock ? 'crashed' : 'new';
  else state = 'crashed';
  return {
    dir: run.dir,
    name: run.name,
    state,
    model: info.config.model,
    width: info.config.width,
    step: lastStep?.step ?? 0,
    epoch: lastStep?.epoch ?? 0,
    lastStep,
    lastActivity: events.at(-1)?.time ?? info.created,
    pid: alive ? lock!.pid : null,
  };
}

/** Every run folder under `base`, newest activity first. */
export function listRuns(base = RUNS_DIR): RunSummary[] {
  if (!existsSync(base)) return [];
  const out: RunSummary[] = [];
  for (const name of readdirSync(base)) {
    const run = new RunFolder(path.join(base, name));
    if (!existsSync(run.runJson)) continue;
    try {
      out.push(summarizeRun(run));
    } catch {
      // An unreadable run.json: not listed.
    }
  }
  return out.sort((a, b) => b.lastActivity - a.lastActivity);
}
