import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/train/app.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { checkpointEvent, faceGrid, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { lineWidths, renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

const RUN_DIR = '/home/someone/.local/share/anime-gan-tui/runs/2026-11-28-0712';
// In the words the watch client uses when a watched run's lock names a dead process.
const GONE = `the trainer of this run is gone (crashed or killed); continue it with: anime-gan-tui train --run ${RUN_DIR} --resume`;

/** A watcher following a run to step 100 (50 s in), whose trainer then dies; the wall clock is far later. */
async function goneRun(columns: number, rows: number) {
  const client = new FakeTrainerClient();
  let clock = T0 + 1_000_000;
  tui = renderTui(<App client={client} preview="blocks" flushMs={0} env={{}} now={() => clock} role="watcher" />, { columns, rows });
  client.emit(startEvent({ runDir: RUN_DIR, model: 'acgan' }));
  for (let i = 1; i <= 100; i++) client.emit(stepEvent(i));
  client.emit(checkpointEvent({ time: T0 + 40_000 }));
  client.push({ type: 'sample-grid', step: 100, epoch: 1, grid: faceGrid(3, 6, ['aqua/orange', 'black/yellow', 'blonde/purple']) });
  await settle();
  client.emit({ type: 'error', time: clock, message: GONE, trainerGone: true });
  await settle();
  return { client, t: tui, tickClock: (ms: number) => (clock += ms) };
}

/** The frame's text without its line breaks and spaces: the same however it was wrapped (a long path is cut across lines). */
const words = (text: string) => text.replace(/\s+/g, '');
const footerOf = (t: Tui) => t.text().trimEnd().split('\n').at(-1)!;

describe('a watched run whose trainer is gone', () => {
  it('shows the whole error, with the command that resumes the run, at 80×24, 160×48 and the minimum size', async () => {
    for (const [columns, rows] of [[80, 24], [160, 48], [60, 18]] as const) {
      const { t } = await goneRun(columns, rows);
      const text = t.text();
      if (process.env['SHOW_FRAMES']) console.log(text);
      expect(words(text)).toContain(words(`error: ${GONE}`));
      expect(Math.max(...lineWidths(text))).toBeLessThanOrEqual(columns);
      expect(text.split('\n').length).toBeLessThanOrEqual(rows - 1);
      // The footer is still the last line, under the error.
      expect(footerOf(t)).toContain('q quit');
      t.unmount();
      tui = null;
    }
  });

  it('stops the elapsed clock at the last time the trainer was heard from', async () => {
    const { t, tickClock } = await goneRun(80, 24);
    // Step 100 came 50 s after the start; the wall clock is 16 min later still.
    expect(t.text()).toContain('00:00:50 elapsed');
    expect(t.text()).not.toMatch(/ETA \d/);
    tickClock(5_000);
    await waitFor(() => t.stdout.chunks.length > 0, 'a frame');
    await settle();
    expect(t.text()).toContain('00:00:50 elapsed');
  });

  it('offers only the keys that still work, and the others do nothing', async () => {
    const { client, t } = await goneRun(80, 24);
    const footer = footerOf(t);
    for (const hint of ['s smoothing', '← → epochs', '? help', 'q quit']) expect(footer).toContain(hint);
    for (const gone of ['pause', 'checkpoint', 'λ', 'generate', 'stop trainer']) expect(footer).not.toContain(gone);
    for (const key of [' ', 'c', ']', 'X', 'g']) await t.press(key);
    expect(client.sent).toEqual([]);
    expect(t.text()).toContain('losses');
    await t.press('?');
    expect(t.text()).toContain('Toggle EMA smoothing');
    expect(t.text()).not.toContain('Pause or resume training');
    expect(t.text()).not.toContain('Stop the trainer');
  });

  it('still steers a trainer that reported an error it survives', async () => {
    const { t } = await goneRun(80, 24);
    t.unmount();
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} now={() => T0} role="watcher" />, { columns: 80, rows: 24 });
    client.emit(startEvent());
    client.emit(stepEvent(1));
    client.emit({ type: 'error', time: T0, message: 'could not write a checkpoint at step 1 (ENOSPC); the previous one, none, is intact; training goes on' });
    await settle();
    expect(footerOf(tui)).toContain('space pause');
    expect(footerOf(tui)).toContain('X stop trainer');
    await tui.press(' ');
    expect(client.sentTypes()).toEqual(['pause']);
  });

  it('an error too long for the screen is cut where the view would no longer fit, never pushing the footer off', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="blocks" flushMs={0} env={{}} now={() => T0} />, { columns: 60, rows: 18 });
    client.emit(startEvent({ runDir: RUN_DIR, model: 'acgan' }));
    client.emit(stepEvent(1));
    client.emit({ type: 'error', time: T0, message: `cannot write the checkpoint: ${'the disk is full and '.repeat(40)}free some space` });
    await settle();
    const lines = tui.text().trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(17);
    // Every part of the view keeps its rows: nothing drawn over anything else.
    expect(tui.text()).toContain('error: cannot write the checkpoint');
    expect(tui.text()).toMatch(/^ data: /m);
    expect(tui.text()).toMatch(/^ λ 5\.0 .* no checkpoint yet$/m);
    expect(lines.at(-1)).toMatch(/q quit/);
    expect(Math.max(...lineWidths(tui.text()))).toBeLessThanOrEqual(60);
  });
});
