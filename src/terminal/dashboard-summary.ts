/**
 * What is left on the terminal after a full-screen dashboard closes: the alternate screen takes
 * everything with it, so the outcome and the next command are said again as plain lines.
 */
import { tapClient, type TrainerClient } from '../protocol/client.js';
import type { WorkerMessage } from '../protocol/messages.js';
import { DEFAULT_ATTRIBUTES, type DoneEvent, type StepEvent } from '../protocol/events.js';
import { plainLine } from './plain-lines.js';

export interface DashboardOutcome {
  runDir: string | null;
  done: DoneEvent | null;
  lastStep: StepEvent | null;
  /** The last error the trainer reported (a blow-up says there how to go on). */
  error: string | null;
  /** The run's class attribute names, for plain lines written later (a hang-up's log). */
  attributes: readonly [string, string];
}

/** The same client, with the events the dashboard receives also noted in `outcome`. */
export function tapOutcome(client: TrainerClient): { client: TrainerClient; outcome: DashboardOutcome } {
  const outcome: DashboardOutcome = { runDir: null, done: null, lastStep: null, error: null, attributes: DEFAULT_ATTRIBUTES };
  const note = (m: WorkerMessage) => {
    if (m.type !== 'event') return;
    const e = m.event;
    if (e.type === 'start') {
      // A watcher replays earlier sessions of a resumed run first: only the newest one counts.
      Object.assign(outcome, { runDir: e.runDir, done: null, lastStep: null, error: null, attributes: e.dataset.attributes });
    }
    else if (e.type === 'step') outcome.lastStep = e;
    else if (e.type === 'done') outcome.done = e;
    else if (e.type === 'error') outcome.error = e.message;
  };
  return { client: tapClient(client, note), outcome };
}

/** Lines for the run this terminal trained. */
export function trainerSummary(o: DashboardOutcome): string[] {
  if (!o.done) return o.error ? [`error: ${o.error}`] : [];
  const lines = [plainLine(o.done)!];
  if (o.done.reason === 'diverged' && o.error) lines.push(o.error);
  if (o.done.reason === 'stopped' && o.runDir) lines.push(`continue it with: anime-gan-tui train --run ${o.runDir} --resume`);
  return lines;
}

/** Lines for a run this terminal only watched. */
export function watcherSummary(o: DashboardOutcome, runDir: string): string[] {
  if (o.done) return [plainLine(o.done)!];
  if (o.error) return [`error: ${o.error}`];
  const at = o.lastStep ? ` (step ${o.lastStep.step})` : '';
  return [`stopped watching; ${runDir} goes on training${at}. Watch it again: anime-gan-tui watch ${runDir}`];
}
