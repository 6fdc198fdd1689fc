/**
 * The trainer thread: one per dashboard, alive for the whole run. Commands come in as
 * TrainerCommand, everything else goes out as WorkerMessage; pixels are transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startJob, type StartedJob, type TrainJob } from '../run/train-job.js';
import { applyCommand } from '../run/apply-command.js';
import { checkCommand, type TrainerCommand, type WorkerMessage } from '../protocol/messages.js';
import { firstLine } from '../util/errors.js';

const port = parentPort;
if (!port) throw new Error('trainer-worker must run in a worker thread');

function post(message: WorkerMessage): void {
  const transfer = 'grid' in message ? [message.grid.pixels.buffer as ArrayBuffer] : [];
  port!.postMessage(message, transfer);
}

let started: StartedJob | null = null;
/** Commands that arrive while data is still loading wait here. */
const early: TrainerCommand[] = [];

function handle(cmd: TrainerCommand): void {
  const trainer = started?.trainer;
  if (!trainer) {
    early.push(cmd);
    return;
  }
  try {
    const generated = applyCommand(trainer, cmd);
    if (generated) post({ type: 'generated', ...generated });
  } catch (err) {
    post({ type: 'event', event: { type: 'warning', time: Date.now(), message: (err as Error).message } });
  }
}

port.on('message', (value: unknown) => {
  // Checked like a line from the control socket: a bad command is refused, never half applied.
  const checked = checkCommand(value);
  if (checked.ok) handle(checked.value);
  else post({ type: 'event', event: { type: 'warning', time: Date.now(), message: checked.message } });
});

async function main(): Promise<void> {
  const job = workerData as TrainJob;
  try {
    started = await startJob(job, {
      onEvent: (event) => post({ type: 'event', event }),
      onSampleGrid: (grid, step, epoch) => post({ type: 'sample-grid', step, epoch, grid: { ...grid, pixels: grid.pixels.slice() } }),
      onStatus: (message) => post({ type: 'status', message }),
    });
  } catch (err) {
    post({ type: 'fatal', message: firstLine(err) });
    post({ type: 'exited', code: 2 });
    return;
  }
  // A stop pressed during loading still gets its final checkpoint after the first step.
  for (const cmd of early.splice(0)) handle(cmd);
  let code = 0;
  try {
    const done = await started.trainer.run();
    code = done.reason === 'diverged' ? 1 : 0;
  } catch (err) {
    post({ type: 'fatal', message: firstLine(err) });
    code = 1;
  } finally {
    started.trainer.dispose();
    started.release();
  }
  post({ type: 'exited', code });
  port!.close();
}

void main();
