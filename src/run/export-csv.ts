/**
 * metrics.csv: one row per step event and one per quality event, in the order they were recorded.
 * The columns are fixed (every metric either kind has), so scripts can read any run's file the
 * same way; a cell is empty where the row's kind has no such value, and `NaN` where the value was
 * measured and not finite (a diverged step). csv-stringify does the quoting.
 */
import { stringify } from 'csv-stringify/sync';
import type { QualityEvent, StepEvent } from '../protocol/events.js';
import { EXPORTED_QUALITY_METRICS, EXPORTED_STEP_METRICS } from './export-metrics.js';

export const CSV_COLUMNS: readonly string[] = [
  'kind',
  'step',
  'epoch',
  'time',
  ...EXPORTED_STEP_METRICS.map((m) => m.column),
  ...EXPORTED_QUALITY_METRICS.map((m) => m.column),
];

type Cell = string | number | boolean | undefined;

function row(e: StepEvent | QualityEvent): Record<string, Cell> {
  const cells: Record<string, Cell> = { kind: e.type, step: e.step, epoch: e.epoch, time: new Date(e.time).toISOString() };
  if (e.type === 'step') for (const m of EXPORTED_STEP_METRICS) cells[m.column] = m.get(e);
  else for (const m of EXPORTED_QUALITY_METRICS) cells[m.column] = m.get(e);
  return cells;
}

export function metricsCsv(events: ReadonlyArray<StepEvent | QualityEvent>): string {
  return stringify(events.map(row), {
    header: true,
    columns: [...CSV_COLUMNS],
    cast: {
      // String(NaN) is 'NaN'; csv-stringify's default would write '' for false.
      boolean: (v) => (v ? 'true' : 'false'),
      number: (v) => String(v),
    },
  });
}
