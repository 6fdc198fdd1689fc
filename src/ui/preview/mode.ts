/** Which way face previews are drawn, from the `preview` option and the terminal. */

// One definition of the option, shared with the settings schema and the CLI flag.
import type { PreviewMode } from '../../settings/schema.js';
export type { PreviewMode };

export type ColorDepth = 'truecolor' | '256';

export interface ResolvedPreview {
  kind: 'kitty' | 'blocks' | 'off';
  depth: ColorDepth;
  /** Said under the preview when the choice differs from what was asked. */
  note: string | null;
}

/** Terminals that show kitty Unicode-placeholder images. tmux would need passthrough, so not there. */
export function supportsKittyPlaceholders(env: NodeJS.ProcessEnv): boolean {
  if (env['TMUX']) return false;
  return (
    env['TERM'] === 'xterm-kitty' ||
    env['KITTY_WINDOW_ID'] !== undefined ||
    env['TERM'] === 'xterm-ghostty' ||
    env['TERM_PROGRAM'] === 'ghostty'
  );
}

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

export function resolvePreview(mode: PreviewMode, env: NodeJS.ProcessEnv = process.env): ResolvedPreview {
  const depth = colorDepth(env);
  switch (mode) {
    case 'off':
      return { kind: 'off', depth, note: null };
    case 'blocks':
      return { kind: 'blocks', depth, note: null };
    case 'auto':
      return { kind: supportsKittyPlaceholders(env) ? 'kitty' : 'blocks', depth, note: null };
    case 'native':
      return supportsKittyPlaceholders(env)
        ? { kind: 'kitty', depth, note: null }
        : { kind: 'blocks', depth, note: 'native images need kitty or Ghostty (outside tmux); showing blocks' };
  }
}
