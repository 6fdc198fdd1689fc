/**
 * "epoch 12/250 ████████░░░░ 58%  step 331/574 · 00:41:10 elapsed · ETA 00:17:25".
 * The bar takes whatever width the text leaves; the ETA follows the recent step rate.
 */
import { Text } from 'ink';
import { formatDuration } from '../format.js';
import type { UiState } from '../state/reducer.js';
import { currentStep, elapsedSeconds, etaSeconds, totalEpochs } from '../state/selectors.js';
import { color } from '../theme.js';

export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(Math.max(0, width - full));
}

export function progressParts(state: UiState, now: number): { left: string; fraction: number; right: string } | null {
  const { start, lastStep } = state;
  if (start === null) return null;
  const epochs = totalEpochs(state);
  const epoch = lastStep?.epoch ?? Math.floor(start.startStep / Math.max(1, start.stepsPerEpoch)) + 1;
  const inEpoch = lastStep?.stepInEpoch ?? 0;
  const perEpoch = lastStep?.stepsPerEpoch ?? start.stepsPerEpoch;
  const fraction = perEpoch > 0 ? inEpoch / perEpoch : 0;
  const elapsed = formatDuration(elapsedSeconds(state, now) ?? 0);
  const eta = state.paused ? 'paused' : state.done ? 'done' : formatEta(etaSeconds(state));
  const step = currentStep(state);
  return {
    left: ` epoch ${epoch}/${epochs ?? '?'} `,
    fraction,
    right: ` ${Math.round(fraction * 100)}%  step ${inEpoch}/${perEpoch} · total ${step}/${start.totalSteps} · ${elapsed} elapsed · ETA ${eta}`,
  };
}

function formatEta(seconds: number | null): string {
  return seconds === null ? '--:--:--' : formatDuration(seconds);
}

export function ProgressBar({ state, now, width }: { state: UiState; now: number; width: number }) {
  const parts = progressParts(state, now);
  if (parts === null) {
    return (
      <Text color={color('dim')} wrap="truncate-end">
        {' ' + (state.status ?? 'waiting for the trainer to load data and build the model…')}
      </Text>
    );
  }
  let right = parts.right;
  let barWidth = width - parts.left.length - right.length;
  if (barWidth < 10) {
    // Narrow terminal: drop the run total before squeezing the bar.
    right = right.replace(/ · total \d+\/\d+/, '');
    barWidth = Math.max(5, width - parts.left.length - right.length);
  }
  return (
    <Text wrap="truncate-end">
      {parts.left}
      <Text color={color('accent')}>{bar(parts.fraction, barWidth)}</Text>
      {right}
    </Text>
  );
}
