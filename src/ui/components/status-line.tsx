/**
 * What needs attention, most urgent first: an error (red), the stop in progress, the latest
 * warning (yellow), the end of training, a note about the preview. Messages wrap rather than
 * being cut: an error takes every line it needs (its end is often the way out, such as the
 * command that resumes a crashed run), anything else up to three.
 */
import { Box, Text } from 'ink';
import { truncate, wrapText } from '../format.js';
import type { UiState } from '../state/reducer.js';
import { color, type ColourRole } from '../theme.js';

export function statusMessage(state: UiState, note: string | null): { text: string; role: ColourRole } | null {
  if (state.error !== null) return { text: `error: ${state.error}`, role: 'error' };
  if (state.stopping && state.done === null) return { text: 'stopping — writing final checkpoint…', role: 'accent' };
  if (state.warning !== null) return { text: `warning: ${state.warning}`, role: 'warn' };
  if (state.done?.reason === 'diverged') {
    return { text: `training diverged at step ${state.done.step} (losses not finite) — q to exit`, role: 'error' };
  }
  if (state.done !== null) {
    const saved = state.done.lastCheckpoint ? ` · saved ${state.done.lastCheckpoint}` : '';
    return { text: `training ${state.done.reason} at step ${state.done.step}${saved} — q to exit`, role: 'ok' };
  }
  if (note !== null) return { text: note, role: 'dim' };
  return null;
}

/** Lines a message other than an error may take before its end is cut. */
export const STATUS_MAX_LINES = 3;

export interface StatusLines {
  /** Each line as shown, with its one-cell margin; never wider than the width given. */
  lines: string[];
  role: ColourRole;
}

/** `text` wrapped to `width` cells (margin included), at most `maxLines` lines, the last one cut if it must. */
export function wrapStatus(text: string, width: number, maxLines: number): string[] {
  const lines = wrapText(text, width - 1);
  if (lines.length > maxLines) {
    const rest = lines.splice(maxLines - 1).join(' ');
    lines.push(truncate(rest, width - 1));
  }
  return lines.map((line) => ' ' + line);
}

/** The status lines for this state at this width, or null when there is nothing to say. */
export function statusLines(state: UiState, note: string | null, width: number, maxErrorLines = Infinity): StatusLines | null {
  const message = statusMessage(state, note);
  if (message === null) return null;
  // An error says what to do, so it gets every line the view can spare.
  const maxLines = message.role === 'error' ? maxErrorLines : STATUS_MAX_LINES;
  return { lines: wrapStatus(message.text, width, maxLines), role: message.role };
}

/** Rows the status takes: the layouts make room for exactly this many. */
export function statusRows(status: StatusLines | null): number {
  return Math.max(1, status?.lines.length ?? 0);
}

export interface StatusLineProps {
  /** The lines to show, already wrapped by statusLines; null: a blank line, so the layout holds. */
  status: StatusLines | null;
}

export function StatusLine({ status }: StatusLineProps) {
  if (status === null) return <Text> </Text>;
  return (
    <Box flexDirection="column">
      {status.lines.map((line, i) => (
        <Text key={i} color={color(status.role)} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
