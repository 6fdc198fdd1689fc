/**
 * A TrainerClient for UI tests: records every command the UI sends and lets the test push
 * WorkerMessages as if they came from the worker.
 */
import type { TrainerClient } from '../../src/protocol/client.js';
import type { TrainerCommand, WorkerMessage } from '../../src/protocol/messages.js';
import type { TrainerEvent } from '../../src/protocol/events.js';

export class FakeTrainerClient implements TrainerClient {
  readonly sent: TrainerCommand[] = [];
  closed = false;
  private listeners = new Set<(message: WorkerMessage) => void>();
  private backlog: WorkerMessage[] = [];

  send(command: TrainerCommand): void {
    this.sent.push(command);
  }

  subscribe(listener: (message: WorkerMessage) => void): () => void {
    this.listeners.add(listener);
    for (const m of this.backlog.splice(0)) listener(m);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<number> {
    this.closed = true;
    return 0;
  }

  /** Delivers a message to every subscriber, as the worker would. */
  push(message: WorkerMessage): void {
    for (const listener of [...this.listeners]) listener(message);
  }

  /** Like WorkerTrainerClient.inject: kept until the UI subscribes, then delivered at once. */
  inject(message: WorkerMessage): void {
    if (this.listeners.size === 0) this.backlog.push(message);
    else this.push(message);
  }

  /** Shorthand for push({ type: 'event', event }). */
  emit(event: TrainerEvent): void {
    this.push({ type: 'event', event });
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The types of the commands sent so far. */
  sentTypes(): string[] {
    return this.sent.map((c) => c.type);
  }
}
