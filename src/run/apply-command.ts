/** One place that turns a TrainerCommand into trainer calls: for the worker and for the control socket. */
import type { Trainer } from '../engine/trainer.js';
import { tileFaces } from '../engine/image.js';
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

/** The view's column count when it gave one; else a strip for A→B, or about twice as wide as tall. */
export function gridCols(req: { cols?: number; interpolate?: unknown }, n: number): number {
  if (req.cols !== undefined && Number.isInteger(req.cols) && req.cols >= 1) return Math.min(n, req.cols);
  return req.interpolate ? n : Math.min(n, Math.ceil(Math.sqrt(n * 2)));
}

export function gridOf(faces: Uint8Array, n: number, cols: number): FaceGrid {
  const t = tileFaces(faces, n, cols);
  return { rows: t.rows, cols, width: t.width, height: t.height, pixels: t.pixels, rowLabels: [] };
}
