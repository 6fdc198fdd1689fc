/**
 * What a trainer reports. Every event is plain JSON: the same objects go to the worker protocol,
 * to `--json` output, and (one per line) to the run's events.jsonl, from which a viewer can
 * rebuild everything it shows.
 */
import type { BackendChoice, LossKind, ModelKind } from './config.js';

export interface DatasetInfo {
  /** `mlds`: a folder in the MLDS layout; `drawn`: faces the program draws itself. */
  source: 'mlds' | 'drawn';
  dir: string | null;
  count: number;
  hairVocab: string[];
  eyesVocab: string[];
}

export interface StartEvent {
  type: 'start';
  time: number;
  run: string;
  runDir: string;
  model: ModelKind;
  width: number;
  loss: LossKind;
  batch: number;
  lambda: number;
  learningRate: number;
  backend: string;
  backendRequested: BackendChoice;
  backendReason: string;
  device: string;
  dataset: DatasetInfo;
  stepsPerEpoch: number;
  /** Last step of this invocation (from --steps or --epochs), counted from the run's start. */
  totalSteps: number;
  /** First step this invocation runs: 0 for a new run, the checkpoint's step on resume. */
  startStep: number;
  resumed: boolean;
  /** Labels of the fixed sample grid's rows ("blue/red"); empty for DCGAN. */
  sampleRows: string[];
}

export interface StepMetrics {
  dLoss: number;
  gLoss: number;
  /** Mean D(x) on real images, as a probability (sigmoid of the logit; WGAN: the raw critic). */
  dReal: number;
  dFake: number;
  imgPerSec: number;
  hairAccReal?: number;
  eyesAccReal?: number;
  hairAccFake?: number;
  eyesAccFake?: number;
}

export interface StepEvent extends StepMetrics {
  type: 'step';
  time: number;
  /** 1-based count of steps done in the run. */
  step: number;
  /** 1-based epoch the step belongs to. */
  epoch: number;
  stepInEpoch: number;
  stepsPerEpoch: number;
  lambda: number;
}

export interface EpochEvent {
  type: 'epoch';
  time: number;
  epoch: number;
  step: number;
  /** Sample grid written for this epoch, relative to the run folder. */
  sample: string | null;
}

export interface SampleEvent {
  type: 'sample';
  time: number;
  step: number;
  epoch: number;
  /** The PNG written, relative to the run folder. */
  path: string;
  rows: number;
  cols: number;
  rowLabels: string[];
}

export type CheckpointReason = 'epoch' | 'request' | 'stop' | 'periodic';

export interface CheckpointEvent {
  type: 'checkpoint';
  time: number;
  step: number;
  epoch: number;
  path: string;
  reason: CheckpointReason;
}

export interface LambdaEvent {
  type: 'lambda';
  time: number;
  step: number;
  lambda: number;
}

export interface PauseEvent {
  type: 'pause';
  time: number;
  step: number;
}

export interface ResumeEvent {
  type: 'resume';
  time: number;
  step: number;
}

export interface WarningEvent {
  type: 'warning';
  time: number;
  message: string;
}

export interface ErrorEvent {
  type: 'error';
  time: number;
  message: string;
  /**
   * Set by a watcher that found the run's trainer dead (crashed or killed, no 'done'): nothing
   * will step, pause or checkpoint any more. Other errors leave the trainer running.
   */
  trainerGone?: true;
}

export interface DoneEvent {
  type: 'done';
  time: number;
  step: number;
  epoch: number;
  /** diverged: a loss went NaN or infinite; nothing was saved after the last good checkpoint. */
  reason: 'completed' | 'stopped' | 'diverged';
  lastCheckpoint: string | null;
}

export type TrainerEvent =
  | StartEvent
  | StepEvent
  | EpochEvent
  | SampleEvent
  | CheckpointEvent
  | LambdaEvent
  | PauseEvent
  | ResumeEvent
  | WarningEvent
  | ErrorEvent
  | DoneEvent;

export type TrainerEventType = TrainerEvent['type'];
