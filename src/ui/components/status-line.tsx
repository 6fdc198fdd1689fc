/**
 * One line for what needs attention, most urgent first: an error (red), the stop in progress,
 * the latest warning (yellow), the end of training, a note about the preview.
 */
import { Text } from 'ink';
import type { UiState } from '../state/reducer.js';
import { color, type Role } from '../theme.js';

export function statusMessage(state: UiState, note: string | null): { text: string; role: Role } | null {
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

export function StatusLine({ state, note }: { state: UiState; note: string | null }) {
  const message = statusMessage(state, note);
  if (message === null) return <Text> </Text>;
  return (
    <Text color={color(message.role)} wrap="truncate-end">
      {' ' + message.text}
    </Text>
  );
}
