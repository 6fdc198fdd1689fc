/**
 * What the trainer draws batches from, on its own thread or a helper's. Apart from the two
 * sources so that neither imports the other for it.
 */
import type { Batch, BatcherState } from './batcher.js';

export interface BatchSource {
  readonly stepsPerEpoch: number;
  /** True when batches are made on a helper thread. */
  readonly prefetching: boolean;
  /** The batch at the current position; the position then moves on by one. */
  next(): Promise<Batch>;
  getState(): BatcherState;
  setState(state: BatcherState): void;
  /** Stops any helper thread. The source cannot be used afterwards. */
  close(): void;
}
