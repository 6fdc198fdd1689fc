/**
 * A run folder on disk, the source of truth for everything a viewer shows:
 *   run.json       what the run is (model, settings, dataset, created)
 *   events.jsonl   every trainer event, one JSON object per line
 *   samples/       epoch-NNNN.png (fixed noise) and step-NNNNNNNN.png previews
 *   ckpt/          checkpoints (see engine/checkpoint.ts)
 *   best/          a copy of the checkpoint with the lowest Fréchet distance by the judge
 *   lock           pid of the trainer that owns the run while it trains
 */
import { appendFileSync, existsSync, promises as fs, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { TrainConfig } from '../engine/config.js';
import { DatasetInfoSchema, parseEventLine, type DatasetInfo, type TrainerEvent } from '../protocol/events.js';
import { AppError, firstLine } from '../util/errors.js';

export const RUNS_DIR = 'checkpoints';

export interface RunInfo {
  format: 1;
  name: string;
  created: number;
  config: TrainConfig;
  dataset: DatasetInfo;
}

export class RunFolderError extends AppError {}

export class RunFolder {
  constructor(readonly dir: string) {}

  get name(): string {
    return path.basename(path.resolve(this.dir));
  }
  get runJson(): string {
    return path.join(this.dir, 'run.json');
  }
  get eventsFile(): string {
    return path.join(this.dir, 'events.jsonl');
  }
  get samplesDir(): string {
    return path.join(this.dir, 'samples');
  }
  get checkpointsDir(): string {
    return path.join(this.dir, 'ckpt');
  }
  /** The checkpoint the judge rated best so far (a copy of one in ckpt/). */
  get bestDir(): string {
    return path.join(this.dir, 'best');
  }
  get lockFile(): string {
    return path.join(this.dir, 'lock');
  }

  /** Appends synchronously: an event is on disk before the next step starts, even if we are killed. */
  appendEvent(event: TrainerEvent): void {
    appendFileSync(this.eventsFile, JSON.stringify(event) + '\n');
  }

  readInfo(): RunInfo {
    try {
      const info = JSON.parse(readFileSync(this.runJson, 'utf8')) as RunInfo;
      // Runs from before the attribute names have none: the schema fills in MLDS's hair and eyes.
      const dataset = DatasetInfoSchema.safeParse(info.dataset);
      return dataset.success ? { ...info, dataset: dataset.data } : info;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'it has no run.json' : `its run.json is unreadable: ${firstLine(err)}`;
      throw new RunFolderError(`${this.dir} is not a run folder (${why}); \`anime-gan-tui runs\` lists the runs`);
    }
  }

  async writeInfo(info: RunInfo): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = `${this.runJson}.tmp-${process.pid}`;
    await fs.writeFile(tmp, JSON.stringify(info, null, 2) + '\n');
    await fs.rename(tmp, this.runJson);
  }

  /** Every event recorded so far; lines that are not events (a torn last line, say) are skipped. */
  readEvents(): TrainerEvent[] {
    if (!existsSync(this.eventsFile)) return [];
    const out: TrainerEvent[] = [];
    for (const line of readFileSync(this.eventsFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      // A line torn by a kill, written by another version or edited by hand is skipped.
      const event = parseEventLine(line);
      if (event) out.push(event);
    }
    return out;
  }

  samplePath(kind: 'epoch' | 'step', n: number): { abs: string; rel: string } {
    const rel = kind === 'epoch' ? `samples/epoch-${String(n).padStart(4, '0')}.png` : `samples/step-${String(n).padStart(8, '0')}.png`;
    return { abs: path.join(this.dir, rel), rel };
  }
}

/** A new run's folder name: date and time, then the model ('2026-11-28-0712-acgan'). */
export function newRunName(model: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}-${model}`;
}

/** Opens an existing run folder, or says in one line why it is not one. */
export function openRunFolder(dir: string): RunFolder {
  if (!existsSync(dir)) throw new RunFolderError(`run folder ${dir} does not exist (list runs in ${RUNS_DIR}/ or start one with 'anime-gan-tui train')`);
  const run = new RunFolder(dir);
  run.readInfo();
  return run;
}

/**
 * A run named on the command line: a path to its folder, or the name of a run under the runs
 * folder (`ship-acgan-w05` for `checkpoints/ship-acgan-w05`, as `runs` lists it). A path wins.
 */
export function findRunFolder(arg: string): RunFolder {
  const inRuns = path.join(RUNS_DIR, arg);
  const bareName = !arg.includes('/') && !arg.includes(path.sep) && arg !== '.' && arg !== '..';
  if (!existsSync(arg) && bareName && existsSync(inRuns)) return openRunFolder(inRuns);
  return openRunFolder(arg);
}

/** The newest run under the runs folder, by its run.json's creation time. */
export function newestRun(base = RUNS_DIR): RunFolder | null {
  if (!existsSync(base)) return null;
  let best: { run: RunFolder; created: number } | null = null;
  for (const name of readdirSync(base)) {
    const run = new RunFolder(path.join(base, name));
    try {
      const created = run.readInfo().created;
      if (!best || created > best.created) best = { run, created };
    } catch {
      // Not a run folder.
    }
  }
  return best?.run ?? null;
}
