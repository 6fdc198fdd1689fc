/**
 * What the generate view draws from, whichever generator answers: the dashboard's trainer (its
 * start event) or a standalone generator thread (its 'generator' message).
 */
import type { UiState } from '../state/reducer.js';
import { isConditionalModel } from '../state/selectors.js';

export interface GenerateSource {
  model: string;
  width: number;
  conditional: boolean;
  /** Values of the first and second attribute (hair and eye colours in MLDS); empty for DCGAN. */
  hairVocab: string[];
  eyesVocab: string[];
  /** The two attributes' names, from the run's data: what the fields are labelled. */
  attributes: readonly [string, string];
  runDir: string;
  run: string;
  /** The shipped model's description when it draws (no run of the user's own yet), else null. */
  shipped: string | null;
  /** The trainer's weights as they are now (dashboard), or a checkpoint's. */
  live: boolean;
  /** For a checkpoint: where it was read and at which step. */
  checkpoint: { path: string; step: number; epoch: number } | null;
  /** Which weights draw: the run's average of G, or G's own; undefined where not said. */
  weights?: 'averaged' | 'raw';
  backend: string;
}

export function generateSource(state: Pick<UiState, 'start' | 'generate'>): GenerateSource | null {
  const g = state.generate;
  // The dashboard drawing from the shipped model (m): as a standalone view on it would.
  const info = g.info ?? (g.useShipped ? g.shipped : null);
  if (info) {
    return {
      model: info.model,
      width: info.width,
      conditional: isConditionalModel(info.model),
      hairVocab: info.hairVocab,
      eyesVocab: info.eyesVocab,
      attributes: info.attributes,
      runDir: info.runDir,
      run: info.run,
      shipped: info.shipped ?? null,
      live: false,
      checkpoint: { path: info.checkpoint, step: info.step, epoch: info.epoch },
      weights: info.weights,
      backend: info.backend,
    };
  }
  const start = state.start;
  // Asked for the shipped model, whose thread has not answered yet: nothing to draw from so far.
  if (!start || g.useShipped) return null;
  const conditional = isConditionalModel(start.model);
  return {
    model: start.model,
    width: start.width,
    conditional,
    hairVocab: conditional ? start.dataset.hairVocab : [],
    eyesVocab: conditional ? start.dataset.eyesVocab : [],
    attributes: start.dataset.attributes,
    runDir: start.runDir,
    run: start.run,
    shipped: null,
    live: true,
    checkpoint: null,
    weights: start.emaBeta ? 'averaged' : 'raw',
    backend: start.backend,
  };
}
