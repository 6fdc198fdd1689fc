/**
 * One loss as an asciichart line over the whole run, squeezed to the chart's width, with the
 * current value beside it. Memoised: the chart is redrawn only when its data or size change.
 */
import { memo, useMemo } from 'react';
import { Box, Text } from 'ink';
import asciichart from 'asciichart';
import { resample } from '../state/loss-history.js';
import { formatNumber } from '../format.js';
import { ansiColor, color, type ColourRole } from '../theme.js';

/** Cells for the axis labels ("-0.12"). */
const LABEL_WIDTH = 6;
/** Cells for the value column right of the chart. */
const VALUE_WIDTH = 11;

export interface LossChartProps {
  /** The loss's name beside its value: "D" or "G". */
  name: string;
  /** The points to plot over the whole run (raw or smoothed), resampled to the chart's width. */
  series: readonly number[];
  /** The last step's loss; undefined before the first step (shown as —). */
  current: number | undefined;
  /** The loss's moving average, shown under the value when there are two rows or more. */
  ema: number | undefined;
  /** Cells across, the value column included. */
  width: number;
  /** Rows: the chart and its axis labels, and the value column beside them. */
  height: number;
  /** Theme role that colours the line and the value (dLoss, gLoss). */
  role: ColourRole;
}

/** The chart's lines, each exactly `width` cells (ANSI colour aside); `height` lines always. */
export function chartLines(series: readonly number[], width: number, height: number, ansi?: string): string[] {
  const points = resample(series, Math.max(1, width - LABEL_WIDTH - 2));
  let lines: string[];
  if (points.length === 0) {
    lines = ['waiting for the first step…'.slice(0, width)];
    while (lines.length < height) lines.push('');
  } else {
    let min = Math.min(...points);
    let max = Math.max(...points);
    if (max - min < 1e-9) {
      // asciichart rounds a flat series' axis to integers; give it a range around the value.
      const pad = Math.max(Math.abs(min) * 0.05, 0.01);
      min -= pad;
      max += pad;
    }
    const plot = asciichart.plot(points, {
      min,
      max,
      height: Math.max(1, height - 1),
      format: (x: number) => formatNumber(x, Math.abs(x) >= 100 ? 0 : 2).padStart(LABEL_WIDTH).slice(-LABEL_WIDTH),
      ...(ansi ? { colors: [ansi] } : {}),
    });
    lines = plot.split('\n');
  }
  // A flat series plots as one row; pad so the layout does not jump.
  while (lines.length < height) lines.unshift('');
  return lines.slice(-height);
}

function LossChartImpl({ name, series, current, ema, width, height, role }: LossChartProps) {
  const chartWidth = Math.max(10, width - VALUE_WIDTH);
  const lines = useMemo(
    () => chartLines(series, chartWidth, height, ansiColor(role)),
    [series, chartWidth, height, role],
  );
  return (
    <Box width={width} height={height}>
      <Box width={chartWidth} flexDirection="column" flexShrink={0}>
        {lines.map((line, i) => (
          <Text key={i} wrap="truncate-end">
            {line || ' '}
          </Text>
        ))}
      </Box>
      <Box width={VALUE_WIDTH} flexDirection="column" paddingLeft={1}>
        <Text color={color(role)} bold wrap="truncate-end">
          {name} {formatNumber(current)}
        </Text>
        {height > 1 ? (
          <Text color={color('dim')} wrap="truncate-end">
            ema {formatNumber(ema)}
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}

export const LossChart = memo(LossChartImpl);
