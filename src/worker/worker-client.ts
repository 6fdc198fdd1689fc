/** The UI's handle on the trainer thread. */
import { Worker } from 'node:worker_threads';
import type { TrainerClient } from '../protocol/client.js';
import { checkWorkerMessage, type TrainerCommand, type WorkerMessage } from '../protocol/messages.js';
import type { TrainJob } from '../run/train-job.js';
import type { GeneratorJob } from './generator-job.js';
import { firstLine } from '../util/errors.js';

export class WorkerTrainerClient implements TrainerClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<(m: WorkerMessage) => void>();
  private readonly backlog: WorkerMessage[] = [];
  private exitCode: number | null = null;
  private readonly exited: Promise<number>;
  /** The first fatal message, so the command line can repeat it after the dashboard closes. */
  fatal: string | null = null;

  constructor(job: TrainJob);
  /** The standalone generate view's thread, which speaks the same protocol. */
  constructor(job: GeneratorJob, script: URL);
  constructor(job: TrainJob | GeneratorJob, script = new URL('./trainer-worker.js', import.meta.url)) {
    this.worker = new Worker(script, { workerData: job });
    this.worker.on('message', (m: unknown) => this.dispatch(checkWorkerMessage(m)));
    this.worker.on('error', (err) => this.dispatch({ type: 'fatal', message: firstLine(err) }));
    this.exited = new Promise((resolve) => {
      this.worker.on('exit', (code) => {
        if (this.exitCode === null) this.dispatch({ type: 'exited', code });
        resolve(this.exitCode ?? code);
      });
    });
  }

  private dispatch(m: WorkerMessage): void {
    if (m.type === 'fatal' && this.fatal === null) this.fatal = m.message;
    if (m.type === 'exited') this.exitCode = m.code;
    // Messages before the UI subscribes are kept, so the first frame misses nothing.
    if (this.listeners.size === 0) this.backlog.push(m);
    for (const l of this.listeners) l(m);
  }

  /** Shows a message from this thread (a settings warning, say) as if the trainer had sent it. */
  inject(m: WorkerMessage): void {
    this.dispatch(m);
  }

  send(command: TrainerCommand): void {
    if (this.exitCode === null) this.worker.postMessage(command);
  }

  subscribe(listener: (m: WorkerMessage) => void): () => void {
    this.listeners.add(listener);
    for (const m of this.backlog.splice(0)) listener(m);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<number> {
    if (this.exitCode !== null) return this.exitCode;
    this.send({ type: 'stop' });
    return this.exited;
  }

  /** Resolves with the exit code once the thread has ended by itself (or been stopped by others). */
  whenExited(): Promise<number> {
    return this.exited;
  }

  /** Ends the thread at once (a second quit); the last checkpoint on disk stays as it was. */
  async terminate(): Promise<number> {
    await this.worker.terminate();
    return this.exitCode ?? 1;
  }
}
