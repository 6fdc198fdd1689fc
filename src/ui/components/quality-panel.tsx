/**
 * The judge's figures over the run: Fréchet distance (lower is better, with the real-faces floor),
 * the share of faces with both asked colours, and diversity (1 = as varied as real faces), each
 * with a sparkline over the judged epochs, and which epoch was best (its checkpoint is `best/`).
 */
import { Box, Text } from 'ink';
import type { QualityEvent } from '../../protocol/events.js';
import { formatNumber, formatPercent, truncate } from '../format.js';
import type { UiState } from '../state/reducer.js';
import { isConditionalModel } from '../state/selectors.js';
import { color } from '../theme.js';

const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` values as bars scaled between their own min and max. */
export function sparkline(values: number[], width: number): string {
  const xs = values.filter(Number.isFinite).slice(-Math.max(0, width));
  if (xs.length === 0) return '';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return xs.map((x) => BARS[hi === lo ? 3 : Math.round(((x - lo) / (hi - lo)) * (BARS.length - 1))]).join('');
}

function fd(x: number): string {
  return Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '—';
}

function bestOf(q: QualityEvent[]): QualityEvent | null {
  let best: QualityEvent | null = null;
  for (const e of q) if (Number.isFinite(e.frechet) && (!best || e.frechet < best.frechet)) best = e;
  return best;
}

/** `rows`: 1 (a single line, compact layout) or 3 (one line per figure). */
export function qualityLines(state: UiState, width: number, rows: number): string[] {
  const q = state.quality;
  const last = q.at(-1);
  const conditional = state.start ? isConditionalModel(state.start.model) : true;
  if (!last) {
    const why = state.start?.quality === false ? 'off for this run (--no-quality)' : 'the judge grades the faces at each epoch end';
    return [` quality: ${why}`, ...Array<string>(rows - 1).fill(' ')];
  }
  const best = bestOf(q);
  const bestText = best ? `best epoch ${best.epoch}` : 'no best yet';
  if (rows === 1) {
    const acc = conditional ? ` · both ${formatPercent(last.bothAcc)}` : '';
    const head = ` quality ep ${last.epoch}: Fréchet ${fd(last.frechet)} (real ${fd(last.frechetFloor)})${acc} · div ${formatNumber(last.diversity, 2)} · ${bestText} `;
    return [truncate(head + sparkline(q.map((e) => e.frechet), Math.max(0, width - head.length)), width)];
  }
  const spark = Math.max(4, Math.min(24, width - 44));
  const line = (label: string, values: number[], value: string, rest: string) =>
    truncate(` ${label.padEnd(9)} ${sparkline(values, spark).padEnd(spark)} ${value.padStart(5)}  ${rest}`, width);
  const out = [line('Fréchet', q.map((e) => e.frechet), fd(last.frechet), `real ${fd(last.frechetFloor)} · ${bestText}${best ? ` (${fd(best.frechet)})` : ''}`)];
  if (conditional) {
    out.push(line('both', q.map((e) => e.bothAcc ?? Number.NaN), formatPercent(last.bothAcc), `hair ${formatPercent(last.hairAcc)} · eyes ${formatPercent(last.eyesAcc)}`));
  }
  out.push(line('diversity', q.map((e) => e.diversity), formatNumber(last.diversity, 2), `real faces 1 · epoch ${last.epoch}`));
  while (out.length < rows) out.push(' ');
  return out.slice(0, rows);
}

export interface QualityPanelProps {
  /** The dashboard's state: the judge's quality events and whether the run judges at all. */
  state: UiState;
  /** Cells across; sparklines shrink to fit. */
  width: number;
  /** 1 for a single compact line, 3 for a line per figure (Fréchet, both colours, diversity). */
  rows: number;
}

export function QualityPanel({ state, width, rows }: QualityPanelProps) {
  const lines = qualityLines(state, width, rows);
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((l, i) => (
        <Text key={i} color={state.quality.length === 0 ? color('dim') : undefined} wrap="truncate-end">
          {l}
        </Text>
      ))}
    </Box>
  );
}
