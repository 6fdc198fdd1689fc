/**
 * The numbers under the charts. ACGAN models: the classifier's accuracy for each attribute (hair
 * and eyes in MLDS; D's class head, or acgan-split's own network) on real and on generated images,
 * and λ. The projection model takes the attributes into D rather than predicting them, and says so
 * where the accuracies would be. All models: D(x) and D(G(z)), learning rate, batch, last checkpoint.
 */
import { Box, Text } from 'ink';
import { formatAgo, formatNumber, formatPercent, formatRate } from '../format.js';
import type { UiState } from '../state/reducer.js';
import { hasClassLoss, isConditionalModel } from '../state/selectors.js';
import { color } from '../theme.js';

export function accuracyLines(state: UiState, now: number): [string, string] {
  const { start, lastStep: s } = state;
  if (start === null) return [' ', ' '];
  const classifier = hasClassLoss(start.model);
  const critic = start.loss === 'wgan-gp';
  const dx = `${critic ? 'C(x)' : 'D(x)'} ${formatNumber(s?.dReal, 2)}  ${critic ? 'C(G(z))' : 'D(G(z))'} ${formatNumber(s?.dFake, 2)}`;
  // The classifier's accuracy per attribute, under the names the run's tags file gives them.
  const [nameA, nameB] = start.dataset.attributes;
  const first = classifier
    ? `${nameA} real ${formatPercent(s?.hairAccReal)} fake ${formatPercent(s?.hairAccFake)} │ ` +
      `${nameB} real ${formatPercent(s?.eyesAccReal)} fake ${formatPercent(s?.eyesAccFake)} │ ${dx}`
    : isConditionalModel(start.model)
      ? `${nameA}/${nameB}: no class head (D is given them) │ ${dx}`
      : dx;
  const lambda = classifier ? `${lambdaText(state)}  ` : '';
  const second = `${lambda}${rateText(start)}  batch ${start.batch}${augmentText(state)} │ ${checkpointText(state, now)}`;
  return [` ${first}`, ` ${second}`];
}

/** One rate, or G's and D's where they differ (--lr-g, --lr-d). */
function rateText(start: NonNullable<UiState['start']>): string {
  const g = start.learningRateG ?? start.learningRate;
  const d = start.learningRateD ?? start.learningRate;
  return g === d ? `lr ${formatRate(g)}` : `lr G ${formatRate(g)} D ${formatRate(d)}`;
}

/** The probability of D's input augmentations: the last step's (ADA moves it), else the run's setting. */
function augmentText(state: UiState): string {
  const start = state.start!;
  if (!start.diffAugment?.length) return '';
  const setting = start.diffAugmentP ?? 1;
  const ada = setting === 'ada';
  const p = state.lastStep?.augmentP ?? (setting === 'ada' ? 0 : setting);
  return `  aug p ${formatNumber(p, 2)}${ada ? ' (ADA)' : ''}`;
}

export function lambdaText(state: UiState): string {
  const shown = state.lambda === null ? '—' : state.lambda.toFixed(1);
  // Asked for but not confirmed yet: show where it is heading.
  return state.lambdaRequested !== null && state.lambdaRequested !== state.lambda
    ? `λ ${shown} → ${state.lambdaRequested.toFixed(1)}`
    : `λ ${shown}`;
}

function checkpointText(state: UiState, now: number): string {
  const c = state.lastCheckpoint;
  if (c === null) return state.checkpointRequested ? 'checkpoint: writing…' : 'no checkpoint yet';
  const why = c.reason === 'epoch' ? '' : ` (${c.reason})`;
  return `checkpoint epoch ${c.epoch} · step ${c.step}${why} · ${formatAgo((now - c.time) / 1000)}`;
}

export interface AccuracyPanelProps {
  /** The dashboard's state: the run's start, its last step, λ and the last checkpoint. */
  state: UiState;
  /** Wall clock of this frame, in epoch ms: how long ago the last checkpoint was written. */
  now: number;
  /** Cells across; each of the two lines is cut to it. */
  width: number;
}

export function AccuracyPanel({ state, now, width }: AccuracyPanelProps) {
  const [first, second] = accuracyLines(state, now);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">{first}</Text>
      <Text color={color('dim')} wrap="truncate-end">
        {second}
      </Text>
    </Box>
  );
}
