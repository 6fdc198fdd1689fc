/** Saved preferences: what they are, their defaults, and how a saved value is checked. */
import { LAMBDA_RANGE } from '../protocol/limits.js';
import { BACKEND_CHOICES, LOSS_KINDS, MODEL_KINDS, parseDiffAugment } from '../protocol/vocabulary.js';

// 'native': any image protocol found, else blocks with a note (kept for saved settings).
export const PREVIEW_MODES = ['auto', 'kitty', 'sixel', 'iterm', 'blocks', 'off', 'native'] as const;
export type PreviewMode = (typeof PREVIEW_MODES)[number];
export const THEMES = ['dark', 'light', 'mono'] as const;

export interface Settings {
  dataDir: string | null;
  backend: (typeof BACKEND_CHOICES)[number];
  model: (typeof MODEL_KINDS)[number];
  loss: (typeof LOSS_KINDS)[number];
  width: number;
  batch: number;
  /** null: the model's own default (5 for acgan-resnet, 1 for acgan and acgan-split; projection has no class loss). */
  lambda: number | null;
  /** Training's --ema-beta, --diff-augment (null: none), --diff-augment-p and --reuse-fake. */
  emaBeta: number;
  diffAugment: string | null;
  diffAugmentP: number | 'ada';
  reuseFake: boolean;
  preview: PreviewMode;
  theme: (typeof THEMES)[number];
  /** Last choices in the generate view; null = random. */
  hair: string | null;
  eyes: string | null;
}

export const DEFAULT_SETTINGS: Settings = {
  dataDir: null,
  backend: 'auto',
  model: 'acgan',
  loss: 'gan',
  width: 0.25,
  batch: 64,
  lambda: null,
  // The averaged G draws by default: docs/models.md, the 10-minute study.
  emaBeta: 0.99,
  diffAugment: null,
  diffAugmentP: 1,
  reuseFake: false,
  preview: 'auto',
  theme: 'dark',
  hair: null,
  eyes: null,
};

type Check = (v: unknown) => string | null;

const oneOf =
  (list: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && list.includes(v) ? null : `must be one of ${list.join(', ')}`;
const numberIn =
  (lo: number, hi: number, integer = false): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi && (!integer || Number.isInteger(v))
      ? null
      : `must be ${integer ? 'an integer' : 'a number'} from ${lo} to ${hi}`;
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null ? null : check(v);
const text: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'must be text');

/** Per key: null when the value is fine, else what it must be. */
export const SETTING_CHECKS: Record<keyof Settings, Check> = {
  dataDir: nullable(text),
  backend: oneOf(BACKEND_CHOICES),
  model: oneOf(MODEL_KINDS),
  loss: oneOf(LOSS_KINDS),
  width: numberIn(0.01, 4),
  batch: numberIn(1, 1024, true),
  lambda: nullable(numberIn(LAMBDA_RANGE.min, LAMBDA_RANGE.max)),
  emaBeta: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? null : 'must be a number from 0 to below 1'),
  diffAugment: nullable((v) => (typeof v === 'string' && parseDiffAugment(v) ? null : 'must be none or a list of translation, cutout, colour')),
  diffAugmentP: (v) => (v === 'ada' ? null : numberIn(0, 1)(v) && 'must be ada or a number from 0 to 1'),
  reuseFake: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
  preview: oneOf(PREVIEW_MODES),
  theme: oneOf(THEMES),
  hair: nullable(text),
  eyes: nullable(text),
};

export function isSettingKey(key: string): key is keyof Settings {
  return Object.hasOwn(DEFAULT_SETTINGS, key);
}
