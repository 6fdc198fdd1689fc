/**
 * Colours of the dashboard, by the part a text plays (a title, a loss curve, a warning…).
 * NO_COLOR (https://no-color.org) turns every role into `undefined`, which Ink renders as the
 * terminal's default colour; face previews keep their pixels, because there the colour is the
 * content, not decoration.
 */
export type ColourRole =
  | 'title'
  | 'accent'
  | 'dim'
  | 'ok'
  | 'warn'
  | 'error'
  | 'dLoss'
  | 'gLoss'
  | 'key';

const PALETTE: Record<ColourRole, string> = {
  title: 'magentaBright',
  accent: 'cyan',
  dim: 'gray',
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  dLoss: 'cyan',
  gLoss: 'magenta',
  key: 'cyanBright',
};

/** ANSI codes asciichart needs for the same roles (it colours with raw escapes, not Ink). */
const ANSI: Partial<Record<ColourRole, string>> = {
  dLoss: '\x1b[36m',
  gLoss: '\x1b[35m',
};

export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['NO_COLOR'] === undefined || env['NO_COLOR'] === '';
}

/** Darker hues for light backgrounds, where the bright ones wash out. */
const LIGHT: Record<ColourRole, string> = {
  ...PALETTE,
  title: 'magenta',
  accent: 'blue',
  key: 'blue',
};

export type ThemeName = 'dark' | 'light' | 'mono';

let palette: Record<ColourRole, string> | null = colorEnabled() ? PALETTE : null;

/** The saved colour theme; NO_COLOR still wins. Call before the first frame. */
export function applyTheme(theme: ThemeName, env: NodeJS.ProcessEnv = process.env): void {
  palette = !colorEnabled(env) || theme === 'mono' ? null : theme === 'light' ? LIGHT : PALETTE;
}

/** Ink colour for a role, or undefined when colour is off. */
export function color(role: ColourRole): string | undefined {
  return palette?.[role];
}

export function ansiColor(role: ColourRole): string | undefined {
  return palette ? ANSI[role] : undefined;
}
