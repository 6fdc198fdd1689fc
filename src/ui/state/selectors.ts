/** Values the views derive from UiState. Pure, cheap, and tested through the reducer tests. */
import type { ModelKind } from '../../engine/config.js';
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

/** Has a class head (hair/eye accuracy, λ). The engine's own helper is not imported: the UI takes types only. */
export function isConditionalModel(model: ModelKind): boolean {
  return model !== 'dcgan';
}

/** Whether training has ended, one way or another, so quitting needs no stop request. */
export function trainerFinished(state: UiState): boolean {
  return state.done !== null || state.exited !== null || state.fatal;
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
  const end = state.done?.time ?? now;
  return Math.max(0, (end - state.start.time) / 1000);
}

export function etaSeconds(state: UiState): number | null {
  if (state.start === null || state.secPerStep === null || state.done !== null) return null;
  return Math.max(0, state.start.totalSteps - currentStep(state)) * state.secPerStep;
}

/** λ to show and to build on when the user presses [ or ] again before the trainer answers. */
export function targetLambda(state: UiState): number | null {
  return state.lambdaRequested ?? state.lambda;
}
