/** What the UI holds to talk to a trainer: the worker thread in production, a fake in tests. */
import type { TrainerCommand, WorkerMessage } from './messages.js';

export interface TrainerClient {
  send(command: TrainerCommand): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (message: WorkerMessage) => void): () => void;
  /** Ends the trainer (after its final checkpoint); resolves with the worker's exit code. */
  close(): Promise<number>;
}
