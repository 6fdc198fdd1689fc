/**
 * Colours of the dashboard, by role. NO_COLOR (https://no-color.org) turns every role into
 * `undefined`, which Ink renders as the terminal's default colour; face previews keep their
 * pixels, because there the colour is the content, not decoration.
 */
export type Role =
  | 'title'
  | 'accent'
  | 'dim'
  | 'ok'
  | 'warn'
  | 'error'
  | 'dLoss'
  | 'gLoss'
  | 'key';

const PALETTE: Record<Role, string> = {
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
const ANSI: Partial<Record<Role, string>> = {
  dLoss: '\x1b[36m',
  gLoss: '\x1b[35m',
};

export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['NO_COLOR'] === undefined || env['NO_COLOR'] === '';
}

const enabled = colorEnabled();

/** Ink colour for a role, or undefined when colour is off. */
export function color(role: Role): string | undefined {
  return enabled ? PALETTE[role] : undefined;
}

export function ansiColor(role: Role): string | undefined {
  return enabled ? ANSI[role] : undefined;
}
