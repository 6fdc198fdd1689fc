/**
 * Batches made on a helper thread while the trainer's step runs. A step's compute is synchronous
 * (wasm, the native addon), so only another thread can overlap with it. The helper reads the
 * faces from shared memory and runs the same Batcher, asked for explicit positions, so the
 * batches are exactly the inline batcher's, and a seek (resume) simply asks for new positions.
 */
import { Worker } from 'node:worker_threads';
import { Batcher, type Batch, type BatcherOptions, type BatcherState } from './batcher.js';
import type { FaceDataset } from './dataset.js';
import type { BatchSource } from './batches.js';
import type { BatchReply, BatchRequest, BatchWorkerData } from './batch-worker.js';

/** Batches asked for ahead of the one being used: one to overlap the step, one of slack. */
const DEPTH = 2;

interface Pending {
  id: number;
  /** Absolute batch index from the start of the run (epoch × stepsPerEpoch + position). */
  index: number;
  promise: Promise<Batch>;
}

export class PrefetchingBatches implements BatchSource {
  readonly stepsPerEpoch: number;
  readonly prefetching = true;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { index: number; resolve: (b: Batch) => void; reject: (e: Error) => void }>();
  private queue: Pending[] = [];
  private index = 0;
  private nextId = 0;
  /** Takes over on this thread if the helper thread fails: training goes on, only slower. */
  private fallback: Batcher | null = null;
  private closed = false;

  constructor(
    private readonly ds: FaceDataset,
    private readonly opts: BatcherOptions,
    script: URL,
  ) {
    if (!(ds.pixels.buffer instanceof SharedArrayBuffer)) throw new TypeError('PrefetchingBatches needs pixels in shared memory');
    if (!Number.isInteger(opts.batch) || opts.batch < 1) throw new RangeError(`batch must be a positive integer, got ${opts.batch}`);
    if (ds.count < 1) throw new RangeError('cannot batch an empty dataset');
    this.stepsPerEpoch = Math.max(1, Math.floor(ds.count / opts.batch));
    const workerData: BatchWorkerData = { pixels: ds.pixels, hair: ds.hair, eyes: ds.eyes, count: ds.count, opts };
    this.worker = new Worker(script, { workerData });
    this.worker.on('message', (reply: BatchReply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      w?.resolve(reply.batch);
      this.updateRef();
    });
    this.worker.on('error', () => this.fail());
    this.worker.on('exit', () => {
      if (!this.closed) this.fail();
    });
    this.updateRef();
  }

  next(): Promise<Batch> {
    if (this.closed) return Promise.reject(new Error('batch source is closed'));
    if (this.fallback) return Promise.resolve(this.inline(this.index++));
    // Drop anything asked for another position (after setState); their replies are ignored.
    while (this.queue.length > 0 && this.queue[0]!.index !== this.index) this.forget(this.queue.shift()!);
    if (this.queue.length === 0) this.request(this.index);
    const head = this.queue.shift()!;
    this.index++;
    while (this.queue.length < DEPTH) this.request(this.index + this.queue.length);
    return head.promise;
  }

  getState(): BatcherState {
    return { epoch: Math.floor(this.index / this.stepsPerEpoch), position: this.index % this.stepsPerEpoch };
  }

  setState(state: BatcherState): void {
    if (!Number.isInteger(state.epoch) || state.epoch < 0 || !Number.isInteger(state.position) || state.position < 0) {
      throw new RangeError(`invalid batcher state ${JSON.stringify(state)}`);
    }
    this.index = state.epoch * this.stepsPerEpoch + state.position;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.values()) w.reject(new Error('batch source is closed'));
    this.waiting.clear();
    this.queue = [];
    void this.worker.terminate();
  }

  private request(index: number): void {
    const id = this.nextId++;
    const promise = new Promise<Batch>((resolve, reject) => this.waiting.set(id, { index, resolve, reject }));
    // A batch nobody awaits any more must not surface as an unhandled rejection.
    promise.catch(() => {});
    const state: BatcherState = { epoch: Math.floor(index / this.stepsPerEpoch), position: index % this.stepsPerEpoch };
    const message: BatchRequest = { id, state };
    this.worker.postMessage(message);
    this.queue.push({ id, index, promise });
    this.updateRef();
  }

  private forget(p: Pending): void {
    // The reply still comes; with no one waiting for it, it is dropped.
    this.waiting.delete(p.id);
    this.updateRef();
  }

  /** The helper thread is gone: what it owed, and everything after, is made here instead. */
  private fail(): void {
    if (this.fallback || this.closed) return;
    this.fallback = new Batcher(this.ds, this.opts);
    for (const w of this.waiting.values()) w.resolve(this.inline(w.index));
    this.waiting.clear();
  }

  private inline(index: number): Batch {
    const batcher = this.fallback!;
    batcher.setState({ epoch: Math.floor(index / this.stepsPerEpoch), position: index % this.stepsPerEpoch });
    return batcher.next();
  }

  /** The thread keeps the process alive only while a batch someone awaits is being made. */
  private updateRef(): void {
    if (this.closed) return;
    if (this.waiting.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}
