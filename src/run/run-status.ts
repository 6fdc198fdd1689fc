/** What state a run is in, read from its folder alone: lock, events and run.json. */
import { closeSync, existsSync, openSync, readSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseEventLine, type QualityEvent, type StepEvent, type TrainerEvent } from '../protocol/events.js';
import { RunFolder, RUNS_DIR } from './run-folder.js';
import { isStale, readLock } from './lock.js';
import { rememberedRuns } from './run-registry.js';

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
  /** The judge's latest figures, and its best (lowest Fréchet) judgement among the recent events. */
  quality: QualityEvent | null;
  bestQuality: QualityEvent | null;
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
    // A torn last line, or one another version wrote or a hand edited: skipped.
    const event = parseEventLine(l);
    if (event) out.push(event);
  }
  return out;
}

export function summarizeRun(run: RunFolder): RunSummary {
  const info = run.readInfo();
  const events = tailEvents(run.eventsFile);
  const lock = readLock(run.lockFile);
  const alive = lock !== null && !isStale(lock);
  let lastStep: StepEvent | null = null;
  let quality: QualityEvent | null = null;
  let bestQuality: QualityEvent | null = null;
  let paused = false;
  let done: TrainerEvent | null = null;
  for (const e of events) {
    if (e.type === 'step') lastStep = e;
    if (e.type === 'quality') {
      quality = e;
      if (Number.isFinite(e.frechet) && (!bestQuality || e.frechet < bestQuality.frechet)) bestQuality = e;
    }
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
    quality,
    bestQuality,
    lastActivity: events.at(-1)?.time ?? info.created,
    pid: alive ? lock!.pid : null,
  };
}

/** The run folders directly under `base`. */
function runDirsIn(base: string): string[] {
  try {
    return readdirSync(base).map((name) => path.join(base, name));
  } catch {
    return [];
  }
}

/**
 * Every run folder under `base`, newest activity first. Without `base`: those under checkpoints/
 * and every other run a trainer of this user started (see run-registry.ts), each once.
 */
export function listRuns(base?: string): RunSummary[] {
  const dirs = base !== undefined ? runDirsIn(base) : [...runDirsIn(RUNS_DIR), ...rememberedRuns()];
  const seen = new Set<string>();
  const out: RunSummary[] = [];
  for (const dir of dirs) {
    const run = new RunFolder(dir);
    if (!existsSync(run.runJson)) continue;
    const key = realDir(dir);
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      out.push(summarizeRun(run));
    } catch {
      // An unreadable run.json: not listed.
    }
  }
  return out.sort((a, b) => b.lastActivity - a.lastActivity);
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}
