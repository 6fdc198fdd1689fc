/** One place that turns a TrainerCommand into trainer calls: for the worker and for the control socket. */
import type { Trainer } from '../engine/trainer.js';
import { gridCols, gridOf } from '../generate/face-grid.js';
import { assertNever, type FaceGrid, type TrainerCommand } from '../protocol/messages.js';

export interface Generated {
  requestId: number;
  grid: FaceGrid;
  labels: Array<[string | null, string | null]>;
}

/** Applies the command; a generate command returns its faces (and throws on an unknown colour). */
export function applyCommand(trainer: Trainer, cmd: TrainerCommand): Generated | null {
  switch (cmd.type) {
    case 'pause':
      trainer.pause();
      return null;
    case 'resume':
      trainer.resume();
      return null;
    case 'checkpoint':
      trainer.requestCheckpoint();
      return null;
    case 'set-lambda':
      trainer.setLambda(cmd.lambda);
      return null;
    case 'stop':
      trainer.stop();
      return null;
    case 'generate': {
      const r = trainer.generate(cmd);
      return { requestId: cmd.requestId, grid: gridOf(r.faces, r.n, gridCols(cmd, r.n)), labels: r.labels };
    }
    default:
      return assertNever(cmd);
  }
}
