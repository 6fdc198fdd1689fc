/**
 * What a trainer needs from the world outside its loop, as interfaces the engine owns and higher
 * rooms implement: a Recorder keeps the run's record (events, sample pictures, checkpoints; the
 * run folder in run/run-recorder.ts), and a QualityJudge grades the generator (judge/). So the
 * engine decides what is recorded and when, never where or how, and a test can hand it fakes.
 */
import type { QualityEvent, TrainerEvent } from '../protocol/events.js';
import type { CheckpointMeta, NamedValues } from './checkpoint.js';
import type { SampleGrid } from './fixed-samples.js';
import type { Generator } from './models/index.js';
import type { Vocab } from './sampler.js';
import type { TrainerCheckpointState } from './trainer-state.js';

/** A checkpoint read back for a resume. */
export interface SavedTraining {
  dir: string;
  meta: CheckpointMeta<TrainerCheckpointState>;
  values: Map<string, NamedValues>;
}

/** What a trainer checkpoint is written from: its metadata and every tensor, as plain values. */
export interface TrainingSnapshot {
  meta: Omit<CheckpointMeta<TrainerCheckpointState>, 'tensors' | 'sha256' | 'format'>;
  tensors: NamedValues[];
}

export interface Recorder {
  /** The run's name, as events and checkpoints carry it. */
  readonly name: string;
  /** Where the run lives, for messages that tell a person where to look. */
  readonly dir: string;
  /** Appends one event to the run's record before returning; throws when it cannot. */
  appendEvent(event: TrainerEvent): void;
  /** Stores the fixed-noise grid of an epoch end or of a step; returns its path as events show it. */
  saveSample(grid: SampleGrid, kind: 'epoch' | 'step', n: number): Promise<string>;
  /** The newest checkpoint that reads back whole; damaged ones are reported through onSkip. */
  latestCheckpoint(onSkip: (message: string) => void): Promise<SavedTraining | null>;
  /** Writes a checkpoint whole (or not at all), then drops all but the newest `keepLast` unmarked ones; returns its folder. */
  saveCheckpoint(snapshot: TrainingSnapshot, keepLast: number): Promise<string>;
  /** Keeps a copy of a saved checkpoint as the run's best. */
  keepBest(checkpointDir: string): Promise<void>;
  /** A checkpoint folder as events show it. */
  displayPath(checkpointDir: string): string;
}

export interface QualityJudge {
  /** Whether an epoch-end judgement fits the judge's share of `trainingMs` of training. */
  affordable(trainingMs: number): boolean;
  /** Grades the generator as it is now. */
  judge(g: Generator, vocab: Vocab | null, step: number, epoch: number): QualityEvent;
  /** The warning a judgement calls for when its faces have collapsed, else null. */
  collapseWarning(ev: QualityEvent): string | null;
}
