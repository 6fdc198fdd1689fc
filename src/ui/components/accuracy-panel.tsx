/**
 * The numbers under the charts. ACGAN: the class head's accuracy for each attribute (hair and
 * eyes in MLDS) on real and on generated images, D(x) and D(G(z)), λ. All models: learning rate, batch, last checkpoint.
 */
import { Box, Text } from 'ink';
import { formatAgo, formatNumber, formatPercent, formatRate } from '../format.js';
import type { UiState } from '../state/reducer.js';
import { isConditionalModel } from '../state/selectors.js';
import { color } from '../theme.js';

export function accuracyLines(state: UiState, now: number): [string, string] {
  const { start, lastStep: s } = state;
  if (start === null) return [' ', ' '];
  const conditional = isConditionalModel(start.model);
  const critic = start.loss === 'wgan-gp';
  const dx = `${critic ? 'C(x)' : 'D(x)'} ${formatNumber(s?.dReal, 2)}  ${critic ? 'C(G(z))' : 'D(G(z))'} ${formatNumber(s?.dFake, 2)}`;
  // The class head's accuracy per attribute, under the names the run's tags file gives them.
  const [nameA, nameB] = start.dataset.attributes;
  const first = conditional
    ? `${nameA} real ${formatPercent(s?.hairAccReal)} fake ${formatPercent(s?.hairAccFake)} │ ` +
      `${nameB} real ${formatPercent(s?.eyesAccReal)} fake ${formatPercent(s?.eyesAccFake)} │ ${dx}`
    : dx;
  const lambda = conditional ? `${lambdaText(state)}  ` : '';
  const second = `${lambda}lr ${formatRate(start.learningRate)}  batch ${start.batch} │ ${checkpointText(state, now)}`;
  return [` ${first}`, ` ${second}`];
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

export function AccuracyPanel({ state, now, width }: { state: UiState; now: number; width: number }) {
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
