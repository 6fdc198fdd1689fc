/** Values the views derive from UiState. Pure, cheap, and tested through the reducer tests. */
import { hasClassifier, takesConditions, type ModelKind } from '../../protocol/vocabulary.js';
import type { KeyContext } from '../keymap.js';
import type { UiState } from './reducer.js';

export type RunStatus = 'starting' | 'running' | 'paused' | 'checkpointing' | 'done' | 'error';

export function runStatus(state: UiState): RunStatus {
  if (state.error !== null || state.done?.reason === 'diverged') return 'error';
  if (state.done !== null || state.exited !== null) return 'done';
  if (state.start === null) return 'starting';
  if (state.checkpointRequested || state.stopping) return 'checkpointing';
  if (state.paused) return 'paused';
  return 'running';
}

/** Paused as the user last saw or asked for it: what Space acts on and the footer offers. */
export function wantsPaused(state: UiState): boolean {
  return state.pauseRequested ?? state.paused;
}

/** The generator takes hair and eye colours (colours to choose when generating). */
export function isConditionalModel(model: ModelKind): boolean {
  return takesConditions(model);
}

/** A classifier judges the colours: class accuracies to show and λ to steer (not dcgan, not projection). */
export function hasClassLoss(model: ModelKind): boolean {
  return hasClassifier(model);
}

/** Whether training has ended, one way or another, so quitting needs no stop request. */
export function trainerFinished(state: UiState): boolean {
  return state.done !== null || state.exited !== null || state.fatal;
}

/** What decides which keys can act now (see Binding.available). */
export function keyContext(state: UiState): KeyContext {
  const model = state.generate.info?.model ?? state.start?.model;
  const g = state.generate;
  // In the dashboard (no standalone generator), with the shipped model there to switch to.
  const shipped = g.shippedAvailable && g.info === null && state.start !== null;
  return {
    trainer: !trainerFinished(state),
    conditional: model === undefined || isConditionalModel(model),
    classLoss: model === undefined || hasClassLoss(model),
    shipped,
  };
}

/**
 * The latest time the trainer is known to have been alive: a trainer that crashed or vanished
 * says nothing more, so its clock stops here rather than at the moment that was noticed.
 */
export function lastHeard(state: UiState): number | null {
  if (state.start === null) return null;
  return Math.max(state.start.time, state.lastStep?.time ?? 0, state.lastCheckpoint?.time ?? 0, state.lastEpoch?.time ?? 0);
}

export function currentStep(state: UiState): number {
  return state.lastStep?.step ?? state.start?.startStep ?? 0;
}

export function totalEpochs(state: UiState): number | null {
  if (state.start === null || state.start.stepsPerEpoch <= 0) return null;
  return Math.ceil(state.start.totalSteps / state.start.stepsPerEpoch);
}

export function elapsedSeconds(state: UiState, now: number): number | null {
  if (state.start === null) return null;
  // A finished run stops at its end; one whose trainer died, at the last sign of life.
  const end = state.done?.time ?? (trainerFinished(state) ? lastHeard(state)! : now);
  // A resumed run counts its earlier sessions too: the time the run has trained, all told.
  return state.earlierSeconds + Math.max(0, (end - state.start.time) / 1000);
}

export function etaSeconds(state: UiState): number | null {
  if (state.start === null || state.secPerStep === null || trainerFinished(state)) return null;
  return Math.max(0, state.start.totalSteps - currentStep(state)) * state.secPerStep;
}

/** λ to show and to build on when the user presses [ or ] again before the trainer answers. */
export function targetLambda(state: UiState): number | null {
  return state.lambdaRequested ?? state.lambda;
}
