/** metrics.csv: a row per step and per quality event, fixed columns, empty where a kind has no value. */
import { expect, it } from 'vitest';
import { CSV_COLUMNS, metricsCsv } from '../../src/run/export-csv.js';
import { stepEvent } from '../helpers/fixtures.js';
import { qualityEvent } from '../helpers/export-run.js';

function parse(csv: string): Array<Record<string, string>> {
  const [head, ...lines] = csv.trimEnd().split('\n');
  // Nothing in these rows needs quoting; a quote would mean a cell csv-stringify had to protect.
  expect(csv).not.toContain('"');
  const columns = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i]!, v])));
}

it('writes the header, then one row per event in the order recorded', () => {
  const events = [stepEvent(1), stepEvent(2), qualityEvent(2, 1), stepEvent(3)];
  const csv = metricsCsv(events);
  expect(csv.split('\n')[0]).toBe(CSV_COLUMNS.join(','));
  expect(CSV_COLUMNS.slice(0, 4)).toEqual(['kind', 'step', 'epoch', 'time']);
  const rows = parse(csv);
  expect(rows.map((r) => `${r.kind}@${r.step}`)).toEqual(['step@1', 'step@2', 'quality@2', 'step@3']);
  for (const r of rows) expect(Object.keys(r)).toEqual([...CSV_COLUMNS]);
});

it('fills the step columns of step rows and the quality columns of quality rows, and leaves the rest empty', () => {
  const step = stepEvent(7);
  const quality = qualityEvent(8, 2, { best: false });
  const [s, q] = parse(metricsCsv([step, quality]));
  expect(s).toMatchObject({
    kind: 'step',
    step: '7',
    epoch: String(step.epoch),
    time: new Date(step.time).toISOString(),
    d_loss: String(step.dLoss),
    g_loss: String(step.gLoss),
    d_real: '0.71',
    d_fake: '0.28',
    img_per_sec: '412.3',
    lambda: '5',
    hair_acc_real: '0.93',
    eyes_acc_fake: '0.71',
    frechet: '',
    best: '',
    judge_ms: '',
  });
  expect(q).toMatchObject({
    kind: 'quality',
    step: '8',
    epoch: '2',
    d_loss: '',
    hair_acc_real: '',
    faces: '512',
    frechet: '50',
    frechet_floor: '4.5',
    diversity: '0.7',
    hair_acc: '0.5',
    eyes_acc: '0.4',
    both_acc: '0.25',
    best: 'false',
    judge_ms: '1234',
  });
  expect(s!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

it('writes NaN for a diverged value and nothing for one the model does not have', () => {
  const diverged = stepEvent(3, { dLoss: Number.NaN, hairAccReal: undefined, eyesAccReal: undefined, hairAccFake: undefined, eyesAccFake: undefined });
  const unconditional = qualityEvent(4, 1, { hairAcc: undefined, eyesAcc: undefined, bothAcc: undefined, frechet: Number.NaN });
  const [s, q] = parse(metricsCsv([diverged, unconditional]));
  expect(s).toMatchObject({ d_loss: 'NaN', hair_acc_real: '', eyes_acc_fake: '' });
  expect(q).toMatchObject({ frechet: 'NaN', hair_acc: '', both_acc: '', best: 'true' });
});
