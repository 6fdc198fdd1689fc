import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/train/app.js';
import type { PreviewMode } from '../../src/ui/preview/mode.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { checkpointEvent, faceGrid, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { lineWidths, renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

const ROWS = ['aqua/orange', 'black/yellow', 'blonde/purple', 'blue/red', 'brown/green', 'gray/blue', 'green/pink', 'orange/aqua'];

async function busyRun(columns: number, rows: number, preview: PreviewMode = 'blocks') {
  const client = new FakeTrainerClient();
  tui = renderTui(<App client={client} preview={preview} flushMs={0} env={{}} now={() => T0 + 1e6} />, { columns, rows });
  client.emit(startEvent({ sampleRows: ROWS, run: 'a-very-long-run-name-that-goes-on-and-on-2026-11-28' }));
  for (let i = 1; i <= 3000; i++) client.emit(stepEvent(i, { dLoss: 1 / Math.sqrt(i) + 0.1 * Math.sin(i / 30) }));
  client.emit(checkpointEvent({ reason: 'request' }));
  client.emit({ type: 'warning', time: T0, message: 'x'.repeat(300) });
  client.push({ type: 'sample-grid', step: 3000, epoch: 6, grid: faceGrid(8, 8, ROWS) });
  await settle();
  // Faces are drawn in the background and appear a frame later.
  if (preview !== 'off') await waitFor(() => /▄|no room/.test(tui!.text()), 'the faces');
  return tui;
}

function expectFits(t: Tui, columns: number, rows: number) {
  const text = t.text();
  const widths = lineWidths(text);
  expect(Math.max(...widths)).toBeLessThanOrEqual(columns);
  // One row spare: Ink redraws in place only while the frame is shorter than the terminal.
  expect(text.split('\n').length).toBeLessThanOrEqual(rows - 1);
}

describe('layout', () => {
  it('fits 80×24 in the compact layout', async () => {
    const t = await busyRun(80, 24);
    if (process.env['SHOW_FRAMES']) console.log(t.text());
    expectFits(t, 80, 24);
    const text = t.text();
    expect(text).toContain('samples · fixed z · epoch 6');
    expect(text).toContain('aqua/orange');
    expect(text).toContain('▄');
    expect(text).toContain('q quit');
  });

  it('fits 160×48 with charts and faces side by side', async () => {
    const t = await busyRun(160, 48);
    if (process.env['SHOW_FRAMES']) console.log(t.text());
    expectFits(t, 160, 48);
    const lines = t.text().split('\n');
    // The losses title and the samples title share a line.
    expect(lines.some((l) => l.includes('losses') && l.includes('samples'))).toBe(true);
    expect(lines.filter((l) => l.includes('▄')).length).toBeGreaterThan(20);
  });

  it('fits the minimum size and sizes in between', async () => {
    for (const [columns, rows] of [[60, 18], [100, 30], [119, 40], [200, 60]] as const) {
      const t = await busyRun(columns, rows);
      expectFits(t, columns, rows);
      t.unmount();
      tui = null;
    }
  });

  it('fits without previews', async () => {
    const t = await busyRun(80, 24, 'off');
    expectFits(t, 80, 24);
    expect(t.text()).not.toContain('samples');
  });

  it('reflows on resize and says which size is needed below the minimum', async () => {
    const t = await busyRun(160, 48);
    await t.resize(80, 24);
    expectFits(t, 80, 24);
    await t.resize(40, 10);
    expect(t.text()).toContain('40×10');
    expect(t.text()).toContain('60×18');
    await t.resize(100, 30);
    expectFits(t, 100, 30);
    expect(t.text()).toContain('losses');
  });

  it('shows the too-small message at 40×10 from the start', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="blocks" flushMs={0} env={{}} />, { columns: 40, rows: 10 });
    await settle();
    expect(tui.text()).toContain('needs at least 60×18');
    expect(Math.max(...lineWidths(tui.text()))).toBeLessThanOrEqual(40);
  });
});
