/** Which way face previews are drawn, from the `preview` option and what the terminal can show. */

// One definition of the option, shared with the settings schema and the CLI flag.
import { createContext } from 'react';
import type { PreviewMode } from '../../settings/schema.js';
import { envCaps, type CellSize, type TerminalCaps } from './detect.js';
export type { PreviewMode };

/** What detection found, from the full-screen runner to the apps; null: not asked (tests, no terminal). */
export const TerminalContext = createContext<TerminalCaps | null>(null);

export type ColorDepth = 'truecolor' | '256';

/** Images drawn by the terminal from bytes in the stream (the frame writer places them). */
export type ImageProtocol = 'sixel' | 'iterm';

/** Whether the terminal draws these faces from bytes in the stream (sixel, iTerm2). */
export function isImageKind(kind: ResolvedPreview['kind']): kind is ImageProtocol {
  return kind === 'sixel' || kind === 'iterm';
}

/** Modes whose choice depends on what the terminal answers (sixel, cell size). */
export function needsDetection(mode: PreviewMode): boolean {
  return mode === 'auto' || mode === 'native' || mode === 'sixel' || mode === 'iterm';
}

export interface ResolvedPreview {
  kind: 'kitty' | ImageProtocol | 'blocks' | 'off';
  depth: ColorDepth;
  /** Said under the preview when the choice differs from what was asked. */
  note: string | null;
  /** Pixels per cell, for sixel and iTerm2 images: what the terminal said, else DEFAULT_CELL. */
  cell: CellSize;
}

/**
 * The cell assumed when the terminal says nothing. Small on purpose: faces laid out for cells
 * smaller than the real ones leave a margin, faces laid out for larger ones would overlap.
 */
export const DEFAULT_CELL: CellSize = { width: 8, height: 16 };

export function colorDepth(env: NodeJS.ProcessEnv): ColorDepth {
  const colorterm = env['COLORTERM'] ?? '';
  if (colorterm === 'truecolor' || colorterm === '24bit') return 'truecolor';
  // tmux keeps RGB colours and maps them to the nearest of 256 itself when the terminal
  // outside lacks RGB, so inside tmux full colour is never worse.
  if (env['TMUX']) return 'truecolor';
  const term = env['TERM'] ?? '';
  const program = env['TERM_PROGRAM'] ?? '';
  if (/kitty|ghostty|direct|truecolor|wezterm/.test(term)) return 'truecolor';
  if (['iTerm.app', 'WezTerm', 'vscode', 'ghostty'].includes(program)) return 'truecolor';
  return '256';
}

/** The best images the terminal shows: kitty placeholders, then iTerm2's, then sixel. */
function bestImages(caps: TerminalCaps): ResolvedPreview['kind'] | null {
  if (caps.kitty) return 'kitty';
  if (caps.iterm) return 'iterm';
  if (caps.sixel) return 'sixel';
  return null;
}

const NOT_SHOWN: Record<'kitty' | ImageProtocol, string> = {
  kitty: 'kitty images need kitty or Ghostty (outside tmux)',
  iterm: 'iTerm2 images need iTerm2 or WezTerm (outside tmux)',
  sixel: 'the terminal did not offer sixel (DA1 without 4)',
};

/**
 * `caps`: what detection found (detect.ts); the environment alone when absent. An explicit
 * protocol is used as asked, even where not detected (a terminal reached by SSH may not say):
 * the note says so.
 */
export function resolvePreview(mode: PreviewMode, env: NodeJS.ProcessEnv = process.env, caps: TerminalCaps | null = null): ResolvedPreview {
  const found = caps ?? envCaps(env);
  const base = { depth: colorDepth(env), note: null, cell: found.cell ?? DEFAULT_CELL };
  switch (mode) {
    case 'off':
      return { ...base, kind: 'off' };
    case 'blocks':
      return { ...base, kind: 'blocks' };
    case 'auto':
      return { ...base, kind: bestImages(found) ?? 'blocks' };
    case 'native': {
      const kind = bestImages(found);
      return kind ? { ...base, kind } : { ...base, kind: 'blocks', note: 'no image protocol found (kitty, iTerm2 or sixel); showing blocks' };
    }
    case 'kitty':
    case 'iterm':
    case 'sixel': {
      const shown = mode === 'kitty' ? found.kitty : mode === 'iterm' ? found.iterm : found.sixel;
      return { ...base, kind: mode, note: shown ? null : `${NOT_SHOWN[mode]}: drawing ${mode} as asked` };
    }
  }
}
