/**
 * What a dashboard that continues a run should know before its trainer says anything: the
 * run's recorded events and its newest sample grid, as the messages a live trainer would have
 * sent. Fed to the UI ahead of the live messages, they rebuild the loss charts, the latest
 * metrics, the last checkpoint and the preview from the run folder alone.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { SampleEvent, TrainerEvent } from '../protocol/events.js';
import type { WorkerMessage } from '../protocol/messages.js';
import { RunFolder } from './run-folder.js';

/**
 * The events of earlier sessions that still describe the run. Their end (done), pauses,
 * warnings and errors belong to sessions that are over, and would show a run about to continue
 * as finished or paused. A session's start becomes a 'resume' mark: it keeps the time between
 * sessions out of the step rate, while the header waits for this session's own start.
 */
export function historyMessages(events: readonly TrainerEvent[]): WorkerMessage[] {
  const out: WorkerMessage[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'start':
        out.push({ type: 'event', event: { type: 'resume', time: event.time, step: event.startStep } });
        break;
      case 'step':
      case 'epoch':
      case 'sample':
      case 'checkpoint':
      case 'quality':
      case 'lambda':
        out.push({ type: 'event', event });
        break;
      default:
        break;
    }
  }
  return out;
}

/** The PNG a sample event points at, as the 'sample-grid' message that drew it; null if it is gone. */
export async function readSampleGrid(dir: string, sample: SampleEvent): Promise<WorkerMessage | null> {
  try {
    const { data, info } = await sharp(path.join(dir, sample.path)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.width % sample.cols !== 0 || info.height % sample.rows !== 0) return null;
    return {
      type: 'sample-grid',
      step: sample.step,
      epoch: sample.epoch,
      grid: { rows: sample.rows, cols: sample.cols, width: info.width, height: info.height, pixels: new Uint8Array(data), rowLabels: sample.rowLabels },
    };
  } catch {
    // Deleted or half-written: the first live grid will do.
    return null;
  }
}

/** History messages for the run in `dir`, newest sample grid last. */
export async function runHistory(dir: string): Promise<WorkerMessage[]> {
  const run = new RunFolder(dir);
  const events = run.readEvents();
  const messages = historyMessages(events);
  const lastSample = events.findLast((e): e is SampleEvent => e.type === 'sample');
  const grid = lastSample ? await readSampleGrid(run.dir, lastSample) : null;
  if (grid) messages.push(grid);
  return messages;
}
