/**
 * Where the trainer takes its batches from: the batcher itself, or a thread that makes the next
 * batches while the current step runs. Both give the same batches for the same position.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Batcher, type Batch, type BatcherOptions, type BatcherState } from './batcher.js';
import type { FaceDataset } from './dataset.js';
import { PrefetchingBatches } from './batch-prefetch.js';
import type { BatchSource } from './batches.js';

export type { BatchSource } from './batches.js';

/** The batcher on the trainer's own thread. */
export class InlineBatches implements BatchSource {
  readonly prefetching = false;
  private readonly batcher: Batcher;

  constructor(ds: FaceDataset, opts: BatcherOptions) {
    this.batcher = new Batcher(ds, opts);
  }

  get stepsPerEpoch(): number {
    return this.batcher.stepsPerEpoch;
  }

  next(): Promise<Batch> {
    return Promise.resolve(this.batcher.next());
  }

  getState(): BatcherState {
    return this.batcher.getState();
  }

  setState(state: BatcherState): void {
    this.batcher.setState(state);
  }

  close(): void {}
}

const PREFETCH_WORKER = new URL('./batch-worker.js', import.meta.url);

/**
 * Prefetching when it can share the faces (pixels in shared memory) and the compiled worker
 * script is there; otherwise (sources run directly, as in unit tests, or a caller's own
 * non-shared arrays) the inline batcher, which gives the same batches.
 */
export function openBatches(ds: FaceDataset, opts: BatcherOptions, worker: URL = PREFETCH_WORKER): BatchSource {
  const shared = ds.pixels.buffer instanceof SharedArrayBuffer;
  if (shared && existsSync(fileURLToPath(worker))) return new PrefetchingBatches(ds, opts, worker);
  return new InlineBatches(ds, opts);
}
