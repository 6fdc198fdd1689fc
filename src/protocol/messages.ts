/**
 * The typed protocol between the UI thread and the trainer worker. Plain data only: tensors never
 * cross the thread boundary; pixels travel as transferable buffers.
 */
import type { TrainerEvent } from '../engine/events.js';
import type { FaceGrid } from '../engine/image.js';

export type { FaceGrid } from '../engine/image.js';

export interface GenerateRequest {
  /** Echoed back so the UI can drop answers to requests it has superseded. */
  requestId: number;
  /** A colour from the run's vocabulary, or null for a random colour per face. */
  hair: string | null;
  eyes: string | null;
  count: number;
  seed: number;
  /** Multiplies z's spread (1 = as trained; smaller = safer, plainer faces). */
  truncation: number;
  /** When set, faces run from noise A (seed) to noise B (seedB) and from conditions A to B. */
  interpolate?: { seedB: number; hairB: string | null; eyesB: string | null };
  /** Columns of the answer's grid (the view's layout); default: about twice as wide as tall. */
  cols?: number;
  /**
   * 'shipped': drawn by the model that ships with the package rather than the run's generator
   * (the dashboard's generate view, m). The client routes it; a trainer never receives it.
   */
  model?: 'shipped';
}

/** What a generator without a trainer (the standalone generate view) draws from. */
export interface GeneratorInfo {
  model: 'dcgan' | 'acgan' | 'acgan-resnet';
  width: number;
  /** Empty for DCGAN. */
  hairVocab: string[];
  eyesVocab: string[];
  /** Run folder (saved PNGs go under it) and its name. */
  runDir: string;
  run: string;
  /** How the model that ships with the package was made, when it is the one drawing; else null. */
  shipped: string | null;
  checkpoint: string;
  step: number;
  epoch: number;
  backend: string;
  device: string;
}

export type TrainerCommand =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'checkpoint' }
  | { type: 'set-lambda'; lambda: number }
  | { type: 'stop' }
  | ({ type: 'generate' } & GenerateRequest);

export type TrainerCommandType = TrainerCommand['type'];

/** What the worker sends: every trainer event, plus pixel payloads that never go to disk as JSON. */
export type WorkerMessage =
  | { type: 'event'; event: TrainerEvent }
  | { type: 'sample-grid'; step: number; epoch: number; grid: FaceGrid }
  | { type: 'generated'; requestId: number; grid: FaceGrid; labels: Array<[string | null, string | null]> }
  /** A standalone generator has loaded its checkpoint (the trainer's 'start' event says the same). */
  | { type: 'generator'; info: GeneratorInfo }
  /** Progress before training starts (backend, data loading). */
  | { type: 'status'; message: string }
  | { type: 'fatal'; message: string }
  | { type: 'exited'; code: number };

export type WorkerMessageType = WorkerMessage['type'];

/** Exhaustiveness guard for switches over the unions above. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
