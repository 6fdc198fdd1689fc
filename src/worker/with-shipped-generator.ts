/**
 * The dashboard's client, plus the model that ships with the package: generate requests marked
 * `model: 'shipped'` go to a generator thread of their own (started on openShipped, when the
 * generate view first asks for it), everything else to the trainer. The shipped thread's
 * description and faces reach the same subscribers; its failure is a warning, not the run's end.
 */
import type { TrainerClient } from '../protocol/client.js';
import type { TrainerCommand, WorkerMessage } from '../protocol/messages.js';

export interface ShippedRouting {
  client: TrainerClient;
  /** Ends the shipped model's thread, if it was started. */
  closeShipped(): Promise<void>;
}

export function withShippedGenerator(trainer: TrainerClient, startShipped: () => TrainerClient): ShippedRouting {
  const listeners = new Set<(m: WorkerMessage) => void>();
  let shipped: TrainerClient | null = null;
  const forward = (m: WorkerMessage) => {
    for (const l of listeners) l(m);
  };
  const open = (): TrainerClient => {
    if (shipped) return shipped;
    shipped = startShipped();
    shipped.subscribe((m) => {
      switch (m.type) {
        case 'generator':
        case 'generated':
          forward(m);
          return;
        case 'fatal':
          forward({ type: 'event', event: { type: 'warning', time: Date.now(), message: `the shipped model could not be loaded: ${m.message}` } });
          return;
        default:
          // Its status lines and its exit belong to it, not to the run on screen.
          return;
      }
    });
    return shipped;
  };
  const client: TrainerClient = {
    send(command: TrainerCommand) {
      if (command.type === 'generate' && command.model === 'shipped') {
        const { model: _model, ...request } = command;
        open().send(request);
        return;
      }
      trainer.send(command);
    },
    subscribe(listener) {
      listeners.add(listener);
      const off = trainer.subscribe(listener);
      return () => {
        listeners.delete(listener);
        off();
      };
    },
    close: () => trainer.close(),
    openShipped: () => void open(),
  };
  return {
    client,
    closeShipped: async () => {
      if (shipped) await shipped.close();
    },
  };
}
