/**
 * The dashboard's state and the one pure function that changes it. Input is either a message
 * from the trainer (WorkerMessage) or an action from the UI itself (`ui/…`), so a run can be
 * replayed from its events alone and every screen is a function of this state.
 */
import type {
  CheckpointEvent,
  DoneEvent,
  EpochEvent,
  QualityEvent,
  StartEvent,
  StepEvent,
  TrainerEvent,
} from '../../protocol/events.js';
import type { FaceGrid, WorkerMessage } from '../../protocol/messages.js';
import { assertNever } from '../../protocol/messages.js';
import { emptyHistory, pushLoss, pushLossInPlace, type LossHistory } from './loss-history.js';
import { generateReducer, initialGenerateState, type GenerateAction, type GenerateState } from '../generate/generate-state.js';

export type View = 'train' | 'generate';

export type { GeneratedFaces } from '../generate/generate-state.js';

/**
 * Shape of the state:
 * - what the trainer said: `start` (run settings), `lastStep` (latest metrics), `history`
 *   (bounded loss curves), `lambda`, `paused`, `lastCheckpoint`, `done`, `exited`,
 *   `sampleGrid` (latest fixed-noise grid), `error` / `warning` (latest of each), `fatal`,
 *   `status` (start-up progress);
 * - what the UI asked and has not seen answered: `lambdaRequested`, `pauseRequested`, `checkpointRequested`,
 *   `stopping`, `generate.pendingId` (the generate view's own state: see generate-state.ts);
 * - pure UI: `view`, `help`, `smoothing`;
 * - derived rates: `secPerStep` (EMA over step events' clock, for the ETA);
 * - `now`, the wall clock of the current frame (kept here so one pacing loop drives redraws).
 */
export interface UiState {
  /** Wall clock (epoch ms) as of the last frame: elapsed time and "ago" are relative to it. */
  now: number;
  start: StartEvent | null;
  /** Training time of the run's earlier sessions (a resumed run's history), in seconds. */
  earlierSeconds: number;
  lastStep: StepEvent | null;
  history: LossHistory;
  /** λ as the trainer last confirmed it. */
  lambda: number | null;
  /** λ the UI asked for and the trainer has not confirmed yet. */
  lambdaRequested: number | null;
  paused: boolean;
  /**
   * Paused (true) or running (false) as last asked by this UI, until the trainer's event says
   * so. A second Space before the first one's answer arrives (the events file is read every
   * 300 ms, more over SSH) acts on this, so two presses always pause and resume again.
   */
  pauseRequested: boolean | null;
  checkpointRequested: boolean;
  lastCheckpoint: CheckpointEvent | null;
  done: DoneEvent | null;
  exited: { code: number } | null;
  stopping: boolean;
  error: string | null;
  /** Latest progress line from before training starts (backend, data loading). */
  status: string | null;
  /**
   * The trainer cannot go on, so nothing will answer a command: a 'fatal' message came, or the
   * trainer of a watched run is gone (crashed or killed).
   */
  fatal: boolean;
  warning: string | null;
  sampleGrid: { step: number; epoch: number; grid: FaceGrid } | null;
  /** The last epoch the trainer finished. */
  lastEpoch: EpochEvent | null;
  /** Every quality judgement of the run, oldest first. */
  quality: QualityEvent[];
  /** Epochs whose sample grid was saved, oldest first (paths relative to the run folder). */
  epochSamples: Array<{ epoch: number; step: number; path: string }>;
  /** Index into epochSamples the preview shows, or null for the live grid. */
  scrub: number | null;
  generate: GenerateState;
  view: View;
  help: boolean;
  smoothing: boolean;
  /** Smoothed wall seconds per training step, null until two steps were seen while running. */
  secPerStep: number | null;
  /** Step and time of the previous step event; reset by pause/resume so a pause is no "slow step". */
  prevStep: { step: number; time: number } | null;
}

export type UiAction =
  /** Trainer messages buffered since the last frame, and the wall clock for this frame. */
  | { type: 'ui/batch'; messages: WorkerMessage[]; now?: number }
  | { type: 'ui/toggle-help' }
  | { type: 'ui/close-help' }
  | { type: 'ui/toggle-smoothing' }
  /** ←/→ through the saved epoch grids; past the newest is the live grid again. */
  | { type: 'ui/scrub'; delta: 1 | -1 }
  | { type: 'ui/set-view'; view: View }
  | { type: 'ui/stop-requested' }
  | { type: 'ui/checkpoint-requested' }
  | { type: 'ui/pause-requested'; paused: boolean }
  | { type: 'ui/lambda-requested'; lambda: number }
  | { type: 'ui/generate'; action: GenerateAction };

export type UiInput = WorkerMessage | UiAction;

export function initialState(now = 0): UiState {
  return {
    now,
    start: null,
    earlierSeconds: 0,
    lastStep: null,
    history: emptyHistory(),
    lambda: null,
    lambdaRequested: null,
    paused: false,
    pauseRequested: null,
    checkpointRequested: false,
    lastCheckpoint: null,
    done: null,
    exited: null,
    stopping: false,
    error: null,
    status: null,
    fatal: false,
    warning: null,
    sampleGrid: null,
    lastEpoch: null,
    quality: [],
    epochSamples: [],
    scrub: null,
    generate: initialGenerateState(),
    view: 'train',
    help: false,
    smoothing: true,
    secPerStep: null,
    prevStep: null,
  };
}

export function reducer(state: UiState, input: UiInput): UiState {
  switch (input.type) {
    case 'ui/batch': {
      const next = reduceBatch(state, input.messages);
      return input.now === undefined || input.now === next.now ? next : { ...next, now: input.now };
    }
    case 'ui/toggle-help':
      return { ...state, help: !state.help };
    case 'ui/close-help':
      return state.help ? { ...state, help: false } : state;
    case 'ui/toggle-smoothing':
      return { ...state, smoothing: !state.smoothing };
    case 'ui/scrub':
      return { ...state, scrub: scrubbed(state.scrub, state.epochSamples.length, input.delta) };
    case 'ui/set-view':
      return { ...state, view: input.view };
    case 'ui/stop-requested':
      return { ...state, stopping: true };
    case 'ui/checkpoint-requested':
      return { ...state, checkpointRequested: true };
    case 'ui/pause-requested':
      return { ...state, pauseRequested: input.paused };
    case 'ui/lambda-requested':
      return { ...state, lambdaRequested: input.lambda };
    case 'ui/generate':
      return { ...state, generate: generateReducer(state.generate, input.action) };
    case 'event':
      return onEvent(state, input.event);
    case 'sample-grid':
      return { ...state, sampleGrid: { step: input.step, epoch: input.epoch, grid: input.grid } };
    case 'generated':
    case 'generator':
      return { ...state, generate: generateReducer(state.generate, input) };
    case 'status':
      return { ...state, status: input.message };
    case 'fatal':
      return { ...state, error: input.message, fatal: true, pauseRequested: null };
    case 'exited': {
      const crashed = input.code !== 0 && state.done === null && state.error === null;
      return {
        ...state,
        exited: { code: input.code },
        pauseRequested: null,
        error: crashed ? `trainer exited with code ${input.code}` : state.error,
      };
    }
    default:
      return assertNever(input);
  }
}

function onEvent(state: UiState, event: TrainerEvent): UiState {
  switch (event.type) {
    case 'start':
      return {
        ...state,
        start: event,
        earlierSeconds: state.earlierSeconds + sessionSeconds(state),
        lambda: event.lambda,
        paused: false,
        pauseRequested: null,
        done: null,
        error: null,
        // A watched run resumed by a new trainer is alive again.
        fatal: false,
        prevStep: null,
      };
    case 'step':
      return onStep(state, event);
    case 'epoch':
      return {
        ...state,
        lastEpoch: event,
        epochSamples: event.sample ? [...state.epochSamples, { epoch: event.epoch, step: event.step, path: event.sample }] : state.epochSamples,
      };
    case 'sample':
      // The pixels come separately as 'sample-grid'; these only say a PNG was written.
      return state;
    case 'checkpoint':
      return { ...state, lastCheckpoint: event, checkpointRequested: false };
    case 'quality':
      return { ...state, quality: [...state.quality, event] };
    case 'lambda':
      return {
        ...state,
        lambda: event.lambda,
        lambdaRequested: state.lambdaRequested === event.lambda ? null : state.lambdaRequested,
      };
    // A request is answered by the event that matches it; an earlier, opposite one (the first
    // of two quick presses) leaves the newer request standing.
    case 'pause':
      return { ...state, paused: true, pauseRequested: state.pauseRequested === true ? null : state.pauseRequested, prevStep: null };
    case 'resume':
      return { ...state, paused: false, pauseRequested: state.pauseRequested === false ? null : state.pauseRequested, prevStep: null };
    case 'warning':
      return { ...state, warning: event.message };
    case 'error':
      if (event.trainerGone) {
        // Nothing will step, pause or checkpoint any more: no "paused" or "checkpointing" left over.
        return { ...state, error: event.message, fatal: true, paused: false, pauseRequested: null, checkpointRequested: false };
      }
      return { ...state, error: event.message };
    case 'done':
      return { ...state, done: event, paused: false, pauseRequested: null, checkpointRequested: false };
    default:
      return assertNever(event);
  }
}

/**
 * How long the session before a new start trained: from its start to its end, or to the last
 * thing it said if it died without a word. 0 before any start.
 */
function sessionSeconds(state: UiState): number {
  const { start } = state;
  if (start === null) return 0;
  const end = state.done?.time ?? Math.max(start.time, state.lastStep?.time ?? 0, state.lastCheckpoint?.time ?? 0, state.lastEpoch?.time ?? 0);
  return Math.max(0, (end - start.time) / 1000);
}

/** Left from live goes to the newest epoch; right from the newest goes back to live. */
function scrubbed(scrub: number | null, count: number, delta: 1 | -1): number | null {
  if (count === 0) return null;
  if (scrub === null) return delta < 0 ? count - 1 : null;
  const next = scrub + delta;
  if (next >= count) return null;
  return Math.max(0, next);
}

/**
 * Applies one frame's messages in order. A replayed run is thousands of step events in one
 * batch, so the loss history is copied at most once per batch and then extended in place
 * (nothing outside this function has seen the copy), not copied again for every step.
 */
function reduceBatch(state: UiState, messages: readonly WorkerMessage[]): UiState {
  let next = state;
  let owned: LossHistory | null = null;
  for (const m of messages) {
    if (m.type !== 'event' || m.event.type !== 'step') {
      next = reducer(next, m);
      continue;
    }
    const e = m.event;
    const before = next.history;
    const push = before === owned ? pushLossInPlace : pushLoss;
    const history: LossHistory = push(before, e.step, e.dLoss, e.gLoss);
    // pushLoss copies the arrays only when a point is completed; from then on the copy is ours.
    if (history.steps !== before.steps) owned = history;
    next = onStep(next, e, history);
  }
  return next;
}

function onStep(state: UiState, event: StepEvent, history: LossHistory = pushLoss(state.history, event.step, event.dLoss, event.gLoss)): UiState {
  let secPerStep = state.secPerStep;
  const prev = state.prevStep;
  if (prev !== null && event.step > prev.step && event.time >= prev.time) {
    // Event times are epoch milliseconds.
    const sample = (event.time - prev.time) / 1000 / (event.step - prev.step);
    secPerStep = secPerStep === null ? sample : 0.9 * secPerStep + 0.1 * sample;
  }
  return {
    ...state,
    lastStep: event,
    history,
    // Step events carry λ too, so a missed 'lambda' event cannot leave a stale value.
    lambda: event.lambda,
    lambdaRequested: state.lambdaRequested === event.lambda ? null : state.lambdaRequested,
    secPerStep,
    prevStep: { step: event.step, time: event.time },
  };
}
