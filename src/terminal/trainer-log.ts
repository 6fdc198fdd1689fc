/**
 * A dashboard's trainer after its terminal hung up goes on as `train --detach` would: its plain
 * lines to <run>/trainer.log, its control socket up and the run's lock held (both belong to the
 * trainer thread, which carries on untouched), so `anime-gan-tui watch` picks it up again.
 * SIGTERM and SIGINT still stop it after a final checkpoint (the dashboard's stop signals stay).
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainerClient } from '../protocol/client.js';
import { assertNever, type WorkerMessage } from '../protocol/messages.js';
import { plainLines } from './plain-lines.js';
import { DEFAULT_ATTRIBUTES } from '../protocol/events.js';

/**
 * Lines for <run>/trainer.log. The run folder is known from the trainer's start event (a new
 * run is named by the trainer); lines from before it wait. A write that fails (the folder
 * removed, the disk full) is dropped: the log is for people, events.jsonl is the record.
 */
export class TrainerLog {
  private file: string | null = null;
  private readonly waiting: string[] = [];

  constructor(runDir: string | null) {
    if (runDir) this.file = path.join(runDir, 'trainer.log');
  }

  setRunDir(runDir: string): void {
    this.file = path.join(runDir, 'trainer.log');
    for (const line of this.waiting.splice(0)) this.write(line);
  }

  write(line: string): void {
    if (this.file === null) {
      this.waiting.push(line);
      return;
    }
    try {
      appendFileSync(this.file, line + '\n');
    } catch {
      // See the class comment.
    }
  }
}

export interface HungUpTrainer {
  log: TrainerLog;
  /** Stops copying the trainer's lines to the log. */
  unsubscribe: () => void;
}

/**
 * From the moment the terminal hung up: says so in the log, then copies every event's plain line
 * (and a fatal error) there. `runDir`: the run folder when already known.
 */
export function logAfterHangUp(
  client: TrainerClient,
  runDir: string | null,
  step: number | null,
  attributes: readonly [string, string] = DEFAULT_ATTRIBUTES,
): HungUpTrainer {
  // The start event came before the hang-up: its attribute names are handed over.
  const lineOf = plainLines(attributes);
  const log = new TrainerLog(runDir);
  const at = step !== null ? ` at step ${step}` : '';
  const say = (dir: string) =>
    `the terminal hung up${at}: training goes on in the background (pid ${process.pid}); watch it: anime-gan-tui watch ${dir}; stop it: kill ${process.pid}`;
  if (runDir) log.write(say(runDir));
  const unsubscribe = client.subscribe((m: WorkerMessage) => {
    switch (m.type) {
      case 'event': {
        if (m.event.type === 'start' && runDir === null) {
          log.setRunDir(m.event.runDir);
          log.write(say(m.event.runDir));
        }
        const line = lineOf(m.event);
        if (line) log.write(line);
        return;
      }
      case 'fatal':
        log.write(`error: ${m.message}`);
        return;
      case 'status':
      case 'sample-grid':
      case 'generated':
      case 'generator':
      case 'exited':
        return;
      default:
        assertNever(m);
    }
  });
  return { log, unsubscribe };
}
