/** What the UI holds to talk to a trainer: the worker thread in production, a fake in tests. */
import type { TrainerCommand, WorkerMessage } from './messages.js';

export interface TrainerClient {
  send(command: TrainerCommand): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (message: WorkerMessage) => void): () => void;
  /** Ends the trainer (after its final checkpoint); resolves with the worker's exit code. */
  close(): Promise<number>;
  /**
   * Starts the thread of the model that ships with the package, where this client has one (the
   * dashboard's): it answers with a 'generator' message, then draws requests marked
   * `model: 'shipped'`. Idempotent.
   */
  openShipped?(): void;
}

/**
 * The same client, with every message its subscribers receive also shown to `observe` first.
 * A tap rather than a subscriber of its own: the first subscriber of a worker client takes the
 * messages kept from before anyone subscribed, and those must reach the UI.
 */
export function tapClient(client: TrainerClient, observe: (message: WorkerMessage) => void): TrainerClient {
  return {
    send: (command) => client.send(command),
    close: () => client.close(),
    subscribe: (listener) => client.subscribe((m) => (observe(m), listener(m))),
    ...(client.openShipped ? { openShipped: () => client.openShipped!() } : {}),
  };
}
