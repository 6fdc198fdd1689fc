/**
 * "epoch 12/250 ████████░░░░ 58%  step 331/574 · total 6645/143500 · epoch 11 done 3 min ago ·
 * 00:41:10 elapsed · ETA 00:17:25". The bar takes whatever width the text leaves; the ETA
 * follows the recent step rate.
 */
import { Text } from 'ink';
import { formatAgo, formatDuration } from '../format.js';
import type { UiState } from '../state/reducer.js';
import { currentStep, elapsedSeconds, etaSeconds, totalEpochs } from '../state/selectors.js';
import { color } from '../theme.js';

export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(Math.max(0, width - full));
}

export interface ProgressParts {
  left: string;
  fraction: number;
  /** Text right of the bar, most important first; `optional` pieces go when space is short. */
  right: Array<{ text: string; optional?: number }>;
}

export function progressParts(state: UiState, now: number): ProgressParts | null {
  const { start, lastStep, lastEpoch } = state;
  if (start === null) return null;
  const epochs = totalEpochs(state);
  const epoch = lastStep?.epoch ?? Math.floor(start.startStep / Math.max(1, start.stepsPerEpoch)) + 1;
  const inEpoch = lastStep?.stepInEpoch ?? 0;
  const perEpoch = lastStep?.stepsPerEpoch ?? start.stepsPerEpoch;
  const fraction = perEpoch > 0 ? inEpoch / perEpoch : 0;
  const elapsed = formatDuration(elapsedSeconds(state, now) ?? 0);
  const eta = state.paused ? 'paused' : state.done ? 'done' : formatEta(etaSeconds(state));
  const step = currentStep(state);
  const right: ProgressParts['right'] = [
    { text: `${Math.round(fraction * 100)}%  step ${inEpoch}/${perEpoch}` },
    // Dropped first: the run's total is in the bar's epoch count already.
    { text: `total ${step}/${start.totalSteps}`, optional: 1 },
  ];
  if (lastEpoch !== null) right.push({ text: `epoch ${lastEpoch.epoch} done ${formatAgo((now - lastEpoch.time) / 1000)}`, optional: 2 });
  right.push({ text: `${elapsed} elapsed` }, { text: `ETA ${eta}` });
  return { left: ` epoch ${epoch}/${epochs ?? '?'} `, fraction, right };
}

function formatEta(seconds: number | null): string {
  return seconds === null ? '--:--:--' : formatDuration(seconds);
}

/** Bars narrower than this give way to the optional pieces of text. */
const MIN_BAR = 10;

export interface ProgressBarProps {
  /** The dashboard's state: the run's start, its last step and epoch, and the status while loading. */
  state: UiState;
  /** Wall clock of this frame, in epoch ms: elapsed time, ETA and "epoch 11 done 3 min ago". */
  now: number;
  /** Cells across; the bar takes what the text leaves, and optional text goes when it is short. */
  width: number;
}

export function ProgressBar({ state, now, width }: ProgressBarProps) {
  const parts = progressParts(state, now);
  if (parts === null) {
    return (
      <Text color={color('dim')} wrap="truncate-end">
        {' ' + (state.status ?? 'waiting for the trainer to load data and build the model…')}
      </Text>
    );
  }
  let pieces = parts.right;
  const text = () => ' ' + pieces.map((p) => p.text).join(' · ');
  for (const level of [1, 2]) {
    if (width - parts.left.length - text().length >= MIN_BAR) break;
    pieces = pieces.filter((p) => p.optional !== level);
  }
  const right = text();
  const barWidth = Math.max(5, width - parts.left.length - right.length);
  return (
    <Text wrap="truncate-end">
      {parts.left}
      <Text color={color('accent')}>{bar(parts.fraction, barWidth)}</Text>
      {right}
    </Text>
  );
}
