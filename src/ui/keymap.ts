/**
 * The one table of keybindings: key action → keys → description. The input handler, the footer
 * and the help overlay all read it, so a key cannot work without being documented or be shown
 * without working. `Record<KeyAction, …>` makes the compiler insist every action has an entry.
 */
import type { Key } from 'ink';
import { FACE_SIDE } from '../util/face.js';

/** What a key does in a view: neither a CLI command (cli.tsx) nor a message to the trainer (TrainerCommand). */
export type KeyAction =
  | 'pause-resume'
  | 'checkpoint'
  | 'lambda-down'
  | 'lambda-up'
  | 'smoothing'
  | 'generate-view'
  | 'value-prev'
  | 'value-next'
  | 'field-prev'
  | 'field-next'
  | 'new-seed'
  | 'lock-noise'
  | 'interpolate'
  | 'save-grid'
  | 'save-face'
  | 'zoom-face'
  | 'generate-model'
  | 'train-view'
  | 'epoch-prev'
  | 'epoch-next'
  | 'help'
  | 'quit'
  | 'leave'
  | 'stop-trainer';

/** Where a binding is live. 'global' works in every view (and on the too-small screen). */
export type Scope = 'global' | 'train' | 'generate';

/**
 * Who the dashboard is to the trainer: 'owner' started it (quitting stops it), 'watcher' looks
 * at a run started elsewhere (quitting leaves it running, stopping it is a separate key).
 */
export type ClientRole = 'owner' | 'watcher';

/** What decides whether a key can do anything now (`keyContext` in state/selectors.ts derives it). */
export interface KeyContext {
  /** A trainer is there to act on commands: not once it is done, has exited or crashed, or is gone. */
  trainer: boolean;
  /** The model takes hair and eye colours (colours to choose); true while that is not known yet. */
  conditional: boolean;
  /** A classifier's loss is in G's, weighed by λ (not dcgan, not projection); true while not known yet. */
  classLoss: boolean;
  /** The dashboard's generate view can switch to the model that ships with the package. */
  shipped: boolean;
}

/** Every key live: for callers that have no state to judge by. */
export const ANY_STATE: KeyContext = { trainer: true, conditional: true, classLoss: true, shipped: true };

const needsTrainer = (c: KeyContext) => c.trainer;

export interface Binding {
  /** Key specs: a single character, 'space', 'escape', 'left'/'right'/'up'/'down', 'tab', 'shift+tab', or 'ctrl+<letter>'. */
  keys: readonly string[];
  /** A word or two for the footer. */
  label: string;
  /** A sentence for the help overlay. */
  description: string;
  scope: Scope;
  /**
   * Shown in the footer (the help overlay shows everything). 'with-previous' joins the
   * previous entry's hint ("[ ] λ −/+") to save room.
   */
  footer: boolean | 'with-previous';
  /**
   * A main key of its view: when the footer is too narrow, the other view hints give way first
   * (from the end), so it stays on screen as long as anything but help and quit does.
   */
  main?: boolean;
  /** Only live for this role; both when left out. */
  role?: ClientRole;
  /**
   * Whether the key can do anything now; always when left out. A key that cannot is neither
   * run nor shown (footer, help), so a dead trainer's dashboard offers only what still works.
   */
  available?: (context: KeyContext) => boolean;
}

export const KEYMAP: Readonly<Record<KeyAction, Binding>> = {
  'pause-resume': {
    keys: ['space'],
    label: 'pause',
    description: 'Pause or resume training (takes effect after the current step).',
    scope: 'train',
    footer: true,
    main: true,
    available: needsTrainer,
  },
  checkpoint: {
    keys: ['c'],
    label: 'checkpoint',
    description: 'Write a checkpoint now.',
    scope: 'train',
    footer: true,
    available: needsTrainer,
  },
  'lambda-down': {
    keys: ['['],
    label: 'λ −/+',
    description: 'Lower λ, the class-loss weight, by 0.5 (not below 0). ACGAN models only.',
    scope: 'train',
    footer: true,
    available: (c) => c.trainer && c.classLoss,
  },
  'lambda-up': {
    keys: [']'],
    label: 'λ +',
    description: 'Raise λ, the class-loss weight, by 0.5. ACGAN models only.',
    scope: 'train',
    footer: 'with-previous',
    available: (c) => c.trainer && c.classLoss,
  },
  // Main: a watcher's footer at 80 columns has "X stop trainer" too, and g must outlast c and λ.
  'generate-view': {
    keys: ['g'],
    label: 'generate',
    description: 'Open the generate view: new faces from the current generator.',
    scope: 'train',
    footer: true,
    main: true,
    // The faces come from the trainer's generator: nothing answers once it has stopped.
    available: needsTrainer,
  },
  smoothing: {
    keys: ['s'],
    label: 'smoothing',
    description: 'Toggle EMA smoothing of the loss charts.',
    scope: 'train',
    footer: true,
  },
  // Last of the train hints: the footer drops it first when narrow; the preview title names the keys too.
  'epoch-prev': {
    keys: ['left'],
    label: 'epochs',
    description: "Step back through the run's saved epoch grids.",
    scope: 'train',
    footer: true,
  },
  'epoch-next': {
    keys: ['right'],
    label: 'epochs',
    description: 'Step forward; past the newest epoch, back to the live grid.',
    scope: 'train',
    footer: 'with-previous',
  },
  'value-prev': {
    keys: ['left'],
    // The four arrows share one footer hint ("← → ↑ ↓ pick") so the rest fits in 80 columns.
    label: 'pick',
    description: 'Previous value of the chosen field (colours start at random).',
    scope: 'generate',
    footer: true,
  },
  'value-next': {
    keys: ['right'],
    label: 'value',
    description: 'Next value; with free noise a new colour also draws new faces.',
    scope: 'generate',
    footer: 'with-previous',
  },
  'field-prev': {
    keys: ['up', 'shift+tab'],
    label: 'field',
    description: "Previous field: hair, eyes (B's too in A→B), spread, face.",
    scope: 'generate',
    footer: 'with-previous',
  },
  'field-next': {
    keys: ['down', 'tab'],
    label: 'field',
    description: 'Next field.',
    scope: 'generate',
    footer: 'with-previous',
  },
  'new-seed': {
    keys: ['r'],
    label: 'reroll',
    description: 'New noise from a new seed (in A→B, a new B); the seed is shown.',
    scope: 'generate',
    footer: true,
  },
  'lock-noise': {
    keys: ['l'],
    label: 'lock',
    description: 'Lock the noise: colour changes then recolour the same faces.',
    scope: 'generate',
    footer: true,
    // Without colours to change there is nothing for locked noise to keep.
    available: (c) => c.conditional,
  },
  interpolate: {
    keys: ['i'],
    label: 'A→B',
    description: "Strip from face A to a new face B; B's colours are fields too.",
    scope: 'generate',
    footer: true,
  },
  'save-grid': {
    keys: ['s'],
    label: 'save',
    description: "Save the faces as a PNG in the run's generated/ folder.",
    scope: 'generate',
    footer: true,
  },
  'save-face': {
    keys: ['S'],
    label: 'save face',
    description: `Save the chosen face (face field) alone as a ${FACE_SIDE}×${FACE_SIDE} PNG.`,
    scope: 'generate',
    footer: false,
  },
  'generate-model': {
    keys: ['m'],
    label: 'model',
    description: "Draw from this run's generator or from the model that ships with anime-gan-tui (dashboard).",
    scope: 'generate',
    footer: true,
    available: (c) => c.shipped,
  },
  'train-view': {
    keys: ['t', 'escape'],
    label: 'back',
    description: 'Back to the training view.',
    scope: 'generate',
    footer: true,
  },
  'zoom-face': {
    keys: ['z'],
    label: 'zoom',
    description: 'Show the chosen face (face field) alone and large; z again for all faces.',
    scope: 'generate',
    // Last of the view's hints, so a narrow footer drops it before the way back.
    footer: true,
  },
  help: {
    keys: ['?'],
    label: 'help',
    description: 'Show or hide this help.',
    scope: 'global',
    footer: true,
  },
  quit: {
    keys: ['q', 'ctrl+c'],
    label: 'quit',
    description: 'Stop training after a final checkpoint, then exit. Press again to exit at once.',
    scope: 'global',
    footer: true,
    role: 'owner',
  },
  leave: {
    keys: ['q', 'ctrl+c'],
    label: 'quit',
    description: 'Close this viewer at once; the trainer goes on.',
    scope: 'global',
    footer: true,
    role: 'watcher',
  },
  'stop-trainer': {
    keys: ['X'],
    label: 'stop trainer',
    description: 'Stop the trainer (final checkpoint); the viewer closes when it is done.',
    scope: 'global',
    footer: true,
    role: 'watcher',
    available: needsTrainer,
  },
};

/** Whether a binding is live for this role. */
export function forRole(binding: Binding, role: ClientRole): boolean {
  return binding.role === undefined || binding.role === role;
}

/** Whether a binding is live for this role and can do something now. */
export function isLive(binding: Binding, role: ClientRole, context: KeyContext): boolean {
  return forRole(binding, role) && (binding.available?.(context) ?? true);
}

export const KEY_ACTIONS = Object.keys(KEYMAP) as KeyAction[];

/** What keySpec reads of an Ink keypress; arrows and tab may be left out (tests, older callers). */
export type KeyFlags = Pick<Key, 'ctrl' | 'escape'> &
  Partial<Pick<Key, 'leftArrow' | 'rightArrow' | 'upArrow' | 'downArrow' | 'tab' | 'shift'>>;

/** The key spec an Ink keypress stands for, or null for keys no binding could name. */
export function keySpec(input: string, key: KeyFlags): string | null {
  if (key.escape) return 'escape';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (input.length === 1) return input;
  return null;
}

/** The action a keypress triggers in a view, if any. */
export function keyActionFor(
  input: string,
  key: KeyFlags,
  view: Exclude<Scope, 'global'>,
  role: ClientRole = 'owner',
  context: KeyContext = ANY_STATE,
): KeyAction | null {
  const spec = keySpec(input, key);
  if (spec === null) return null;
  for (const command of KEY_ACTIONS) {
    const binding = KEYMAP[command];
    if ((binding.scope === 'global' || binding.scope === view) && isLive(binding, role, context) && binding.keys.includes(spec)) {
      return command;
    }
  }
  return null;
}

/** How a key spec is written for people: 'space' → 'space', 'ctrl+c' → 'Ctrl+C', 'escape' → 'Esc'. */
const ARROWS: Record<string, string> = { left: '←', right: '→', up: '↑', down: '↓', tab: 'Tab', 'shift+tab': 'Shift+Tab' };

export function displayKey(spec: string): string {
  if (spec === 'escape') return 'Esc';
  if (ARROWS[spec]) return ARROWS[spec];
  if (spec.startsWith('ctrl+')) return `Ctrl+${spec.slice(5).toUpperCase()}`;
  return spec;
}

/** Bindings for a view's footer, in table order. */
export function footerBindings(view: Exclude<Scope, 'global'>, role: ClientRole = 'owner', context: KeyContext = ANY_STATE): Array<[KeyAction, Binding]> {
  return KEY_ACTIONS.filter(
    (c) => KEYMAP[c].footer !== false && (KEYMAP[c].scope === view || KEYMAP[c].scope === 'global') && isLive(KEYMAP[c], role, context),
  ).map((c) => [c, KEYMAP[c]]);
}
