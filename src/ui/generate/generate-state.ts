/**
 * The generate view's state: the user's choices (colours, seed, spread, lock, A→B), the grid
 * shape the layout asked for, and the request in flight. Which request to send is a pure
 * function of the choices (`desiredRequest`), so the same choices always ask for the same
 * faces, and an answer is shown only if it answers the newest request.
 */
import type { FaceGrid, GenerateRequest, GeneratorInfo, WorkerMessage } from '../../protocol/messages.js';

export type GenerateField = 'hair' | 'eyes' | 'hairB' | 'eyesB' | 'spread' | 'face';

/** A request without its id: what two requests must share to give the same faces. */
export type FaceAsk = Omit<GenerateRequest, 'requestId'>;

export interface GeneratedFaces {
  requestId: number;
  request: FaceAsk;
  /** The request's seed (A's, for a strip). */
  seed: number;
  grid: FaceGrid;
  labels: Array<[string | null, string | null]>;
}

export interface GenerateNote {
  text: string;
  role: 'ok' | 'warn' | 'error';
  /** A shorter wording for when `text` does not fit on one line. */
  short?: string;
}

export interface GenerateShape {
  rows: number;
  cols: number;
  /** Faces in an A→B strip. */
  strip: number;
}

export interface GenerateState {
  /** A standalone generator's description; in the dashboard the trainer's start event stands in. */
  info: GeneratorInfo | null;
  /** Dashboard: the shipped model is there to draw from (the m key). */
  shippedAvailable: boolean;
  /** Dashboard: draw from the shipped model instead of the run's generator. */
  useShipped: boolean;
  /** Dashboard: the shipped model's description, once its thread has loaded it. */
  shipped: GeneratorInfo | null;
  /** The choices were seeded from preferences and checked against the run's colours. */
  ready: boolean;
  /** null: a random colour per face. */
  hair: string | null;
  eyes: string | null;
  /** Where an A→B strip ends. */
  hairB: string | null;
  eyesB: string | null;
  seed: number | null;
  seedB: number | null;
  /** Multiplies z's spread. */
  truncation: number;
  /** Locked noise: colour changes keep the seed, so the same faces change colour. */
  locked: boolean;
  interpolate: boolean;
  field: GenerateField;
  /** Face index that S saves alone. */
  selected: number;
  /** The chosen face is shown alone, large (z). */
  zoom: boolean;
  /** Bumped when the user picks a hair or eye colour, so it is remembered (not when restored). */
  choiceVersion: number;
  shape: GenerateShape | null;
  pendingId: number | null;
  pending: FaceAsk | null;
  result: GeneratedFaces | null;
  note: GenerateNote | null;
}

export type GenerateAction =
  | { type: 'set'; patch: Partial<GenerateState> }
  | { type: 'requested'; requestId: number; request: FaceAsk }
  | { type: 'note'; note: GenerateNote | null };

export const SPREAD_MIN = 0.1;
export const SPREAD_MAX = 2;
export const SPREAD_STEP = 0.1;

export function initialGenerateState(): GenerateState {
  return {
    info: null,
    shippedAvailable: false,
    useShipped: false,
    shipped: null,
    ready: false,
    hair: null,
    eyes: null,
    hairB: null,
    eyesB: null,
    seed: null,
    seedB: null,
    truncation: 1,
    locked: false,
    interpolate: false,
    field: 'hair',
    selected: 0,
    zoom: false,
    choiceVersion: 0,
    shape: null,
    pendingId: null,
    pending: null,
    result: null,
    note: null,
  };
}

export function generateReducer(
  state: GenerateState,
  input: GenerateAction | Extract<WorkerMessage, { type: 'generated' | 'generator' }>,
): GenerateState {
  switch (input.type) {
    case 'set':
      return { ...state, ...input.patch };
    case 'requested':
      return { ...state, pendingId: input.requestId, pending: input.request };
    case 'note':
      return { ...state, note: input.note };
    case 'generator':
      // In the dashboard the shipped model's thread answers beside the trainer: its description
      // is kept apart, and the run's own stays the start event.
      return state.shippedAvailable && input.info.shipped !== null ? { ...state, shipped: input.info } : { ...state, info: input.info };
    case 'generated': {
      // Answers to superseded requests (the user pressed a key again) are dropped.
      if (input.requestId !== state.pendingId || state.pending === null) return state;
      const result: GeneratedFaces = {
        requestId: input.requestId,
        request: state.pending,
        seed: state.pending.seed,
        grid: input.grid,
        labels: input.labels,
      };
      const count = input.labels.length;
      return { ...state, pendingId: null, pending: null, result, selected: Math.min(state.selected, Math.max(0, count - 1)) };
    }
  }
}

/** The request the current choices stand for, or null while something it needs is unknown. */
export function desiredRequest(g: GenerateState, conditional: boolean): FaceAsk | null {
  if (!g.ready || g.seed === null || g.shape === null) return null;
  const colour = (c: string | null) => (conditional ? c : null);
  const model = g.useShipped ? { model: 'shipped' as const } : {};
  if (g.interpolate) {
    if (g.seedB === null) return null;
    return {
      hair: colour(g.hair),
      eyes: colour(g.eyes),
      count: g.shape.strip,
      cols: g.shape.strip,
      seed: g.seed,
      truncation: g.truncation,
      interpolate: { seedB: g.seedB, hairB: colour(g.hairB), eyesB: colour(g.eyesB) },
      ...model,
    };
  }
  const count = g.shape.rows * g.shape.cols;
  return { hair: colour(g.hair), eyes: colour(g.eyes), count, cols: g.shape.cols, seed: g.seed, truncation: g.truncation, ...model };
}

export function sameAsk(a: FaceAsk | null | undefined, b: FaceAsk | null | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.hair === b.hair &&
    a.eyes === b.eyes &&
    a.count === b.count &&
    a.cols === b.cols &&
    a.seed === b.seed &&
    a.truncation === b.truncation &&
    a.interpolate?.seedB === b.interpolate?.seedB &&
    a.interpolate?.hairB === b.interpolate?.hairB &&
    a.interpolate?.eyesB === b.interpolate?.eyesB &&
    a.model === b.model
  );
}

/** Fields the arrows and tab move through, in screen order. DCGAN has no colours to choose. */
export function fieldsFor(g: Pick<GenerateState, 'interpolate'>, conditional: boolean): GenerateField[] {
  if (!conditional) return ['spread', 'face'];
  return g.interpolate ? ['hair', 'eyes', 'hairB', 'eyesB', 'spread', 'face'] : ['hair', 'eyes', 'spread', 'face'];
}
