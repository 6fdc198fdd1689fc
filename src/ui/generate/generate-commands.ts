/**
 * What the generate view's keys do. Each key changes the choices; the request follows from the
 * choices (desiredRequest) and goes out at once, from the key handler, not after the next
 * frame: the time from key to new faces is what the view is judged by.
 */
import type { GenerateRequest } from '../../protocol/messages.js';
import type { CommandContext } from '../command-context.js';
import type { KeyAction } from '../keymap.js';
import { pathToShow, saveGenerated } from './generate-save.js';
import {
  SPREAD_MAX,
  SPREAD_MIN,
  SPREAD_STEP,
  desiredRequest,
  fieldsFor,
  generateReducer,
  sameAsk,
  type GenerateAction,
  type GenerateState,
} from './generate-state.js';
import { generateSource, type GenerateSource } from './generate-source.js';
import type { UiInput, UiState } from '../state/reducer.js';
import { firstLine } from '../../util/errors.js';

/** What sending a request needs: the client's send, the state's dispatch, fresh ids. */
export interface GenerateIo {
  send: (command: { type: 'generate' } & GenerateRequest) => void;
  dispatch: (input: UiInput) => void;
  nextRequestId: () => number;
}

/** Preferences and flags the view starts from. */
export interface GenerateOptions {
  hair?: string | null;
  eyes?: string | null;
  seed?: number;
  truncation?: number;
  /** Called when the user picks a colour, to remember it for next time. */
  onChoice?: (hair: string | null, eyes: string | null) => void;
}

const act = (dispatch: (input: UiInput) => void, action: GenerateAction) => dispatch({ type: 'ui/generate', action });

/** Whether anything can answer a request (a dead worker cannot). */
function canAsk(state: Pick<UiState, 'fatal' | 'exited'>): boolean {
  return !state.fatal && state.exited === null;
}

/** Sends the request the choices stand for, unless it is already asked for or answered. */
export function syncGenerate(g: GenerateState, source: GenerateSource, io: GenerateIo): void {
  const want = desiredRequest(g, source.conditional);
  if (want === null || sameAsk(want, g.pending ?? g.result?.request)) return;
  const requestId = io.nextRequestId();
  io.send({ type: 'generate', requestId, ...want });
  act(io.dispatch, { type: 'requested', requestId, request: want });
}

/** First choices: saved or given colours that this run knows, a seed, the spread. */
export function initialChoices(source: GenerateSource, options: GenerateOptions, randomSeed: () => number): Partial<GenerateState> {
  const notes: string[] = [];
  const known = (colour: string | null | undefined, vocab: string[], what: string): string | null => {
    if (!source.conditional || colour === null || colour === undefined) return null;
    const c = colour.toLowerCase();
    if (vocab.includes(c)) return c;
    notes.push(`${what} '${colour}' is not one of this run's`);
    return null;
  };
  // Saved and flag choices fill the first and second attribute, whatever the run calls them.
  const hair = known(options.hair, source.hairVocab, source.attributes[0]);
  const eyes = known(options.eyes, source.eyesVocab, source.attributes[1]);
  return {
    ready: true,
    hair,
    eyes,
    seed: options.seed ?? randomSeed(),
    truncation: options.truncation ?? 1,
    field: source.conditional ? 'hair' : 'spread',
    note: notes.length ? { text: `${notes.join('; ')}: random instead`, role: 'warn' } : null,
  };
}

/**
 * The update that seeds the choices (initialChoices), or null: they are seeded already, or there
 * is no generator yet whose colours they can be checked against. The state's owner applies it in
 * the render that first knows those colours (React redoes that render before it is drawn), so no
 * frame shows the defaults in place of saved colours, and no key acts on them: a colour picked
 * then would be overwritten by the seeding.
 */
export function seedChoices(state: Pick<UiState, 'start' | 'generate'>, options: GenerateOptions | undefined, randomSeed: () => number): UiInput | null {
  if (state.generate.ready) return null;
  const source = generateSource(state);
  if (!source) return null;
  return { type: 'ui/generate', action: { type: 'set', patch: initialChoices(source, options ?? {}, randomSeed) } };
}

export function runGenerateCommand(command: KeyAction, ctx: CommandContext): void {
  const { state } = ctx;
  const g = state.generate;
  const source = generateSource(state);
  const io: GenerateIo = { send: (c) => ctx.client.send(c), dispatch: ctx.dispatch, nextRequestId: ctx.nextRequestId };
  const change = (patch: Partial<GenerateState>) => {
    const action: GenerateAction = { type: 'set', patch: { note: null, ...patch } };
    act(ctx.dispatch, action);
    if (source && canAsk(state)) syncGenerate(generateReducer(g, action), source, io);
  };

  switch (command) {
    case 'generate-view':
      ctx.dispatch({ type: 'ui/set-view', view: 'generate' });
      // A run with no checkpoint yet has little to show, and one on the built-in drawn faces
      // learns cartoons: the first visit draws from the shipped model, which m switches away from.
      const young = state.lastCheckpoint === null || state.start?.dataset.source === 'drawn';
      if (!g.ready && g.shippedAvailable && g.info === null && young) {
        useShipped(ctx, true);
        return;
      }
      // Already set up (a second visit): faces for the current choices right away.
      if (source && canAsk(state)) syncGenerate(g, source, io);
      return;
    case 'train-view':
      ctx.dispatch({ type: 'ui/set-view', view: 'train' });
      return;
    case 'generate-model':
      if (!g.shippedAvailable || g.info !== null) return;
      useShipped(ctx, !g.useShipped);
      return;
    case 'new-seed':
      change(g.interpolate ? { seedB: ctx.randomSeed() } : { seed: ctx.randomSeed() });
      return;
    case 'lock-noise':
      change({ locked: !g.locked });
      return;
    case 'interpolate':
      if (g.interpolate) {
        change({ interpolate: false, field: g.field === 'hairB' || g.field === 'eyesB' ? 'hair' : g.field, selected: 0 });
      } else {
        // B starts as A's colours with new noise: the strip shows the noise change first, and
        // B's colours are one field away.
        change({ interpolate: true, seedB: ctx.randomSeed(), hairB: g.hair, eyesB: g.eyes, selected: 0 });
      }
      return;
    case 'field-prev':
    case 'field-next': {
      if (!source) return;
      const fields = fieldsFor(g, source.conditional);
      const i = Math.max(0, fields.indexOf(g.field));
      const d = command === 'field-next' ? 1 : -1;
      change({ field: fields[(i + d + fields.length) % fields.length]! });
      return;
    }
    case 'value-prev':
    case 'value-next':
      if (source) change(nextValue(g, source, command === 'value-next' ? 1 : -1, ctx.randomSeed));
      return;
    case 'zoom-face':
      // The same faces, shown otherwise: nothing to ask the generator for.
      act(ctx.dispatch, { type: 'set', patch: { zoom: !g.zoom } });
      return;
    case 'save-grid':
    case 'save-face':
      save(ctx, g, source, command === 'save-face');
      return;
  }
}

/** ←/→ on the focused field. */
function nextValue(g: GenerateState, source: GenerateSource, d: 1 | -1, randomSeed: () => number): Partial<GenerateState> {
  switch (g.field) {
    case 'hair':
    case 'eyes':
    case 'hairB':
    case 'eyesB': {
      if (!source.conditional) return {};
      const vocab = g.field === 'hair' || g.field === 'hairB' ? source.hairVocab : source.eyesVocab;
      const list: Array<string | null> = [null, ...vocab];
      const i = Math.max(0, list.indexOf(g[g.field]));
      const patch: Partial<GenerateState> = { [g.field]: list[(i + d + list.length) % list.length]! };
      if (g.field === 'hair' || g.field === 'eyes') {
        patch.choiceVersion = g.choiceVersion + 1;
        // Unlocked noise: a new colour is a new draw. Locked: the same faces, recoloured.
        if (!g.locked && !g.interpolate) patch.seed = randomSeed();
      }
      return patch;
    }
    case 'spread': {
      const t = Math.round((g.truncation + d * SPREAD_STEP) * 100) / 100;
      return { truncation: Math.min(SPREAD_MAX, Math.max(SPREAD_MIN, t)) };
    }
    case 'face': {
      const n = g.result?.labels.length ?? 0;
      return n === 0 ? {} : { selected: (g.selected + d + n) % n };
    }
  }
}

function save(ctx: CommandContext, g: GenerateState, source: GenerateSource | null, oneFace: boolean): void {
  const result = g.result;
  if (!result || !source) return;
  const face = oneFace ? Math.min(g.selected, result.labels.length - 1) : null;
  saveGenerated(result, source.runDir, source.conditional, face).then(
    // A path the user can open from where they stand (the run folder is often elsewhere),
    // whole and wrapped when long: a bare file name could not be opened from the shell.
    (file) => act(ctx.dispatch, { type: 'note', note: { text: `saved ${pathToShow(file)}`, role: 'ok' } }),
    (err: Error) => act(ctx.dispatch, { type: 'note', note: { text: `could not save: ${firstLine(err)}`, role: 'error' } }),
  );
}

/**
 * Draws from the shipped model (on) or the run's generator (off). The two know different colours,
 * so the choices start again from the saved ones; the view asks for faces once the model is known.
 */
function useShipped(ctx: CommandContext, on: boolean): void {
  if (on) ctx.client.openShipped?.();
  const patch: Partial<GenerateState> = { useShipped: on, ready: false, pendingId: null, pending: null, result: null, note: null };
  act(ctx.dispatch, { type: 'set', patch });
}
