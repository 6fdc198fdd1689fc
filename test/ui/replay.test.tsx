import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { EpochEvent, SampleEvent, TrainerEvent } from '../../src/protocol/events.js';
import type { WorkerMessage } from '../../src/protocol/messages.js';
import { historyMessages, runHistory } from '../../src/run/run-history.js';
import { App } from '../../src/ui/train/app.js';
import { initialState, reducer, type UiState } from '../../src/ui/state/reducer.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { checkpointEvent, doneEvent, faceGrid, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';
import { tempDir } from '../helpers/tmp.js';

const ROWS = ['aqua/orange', 'black/yellow', 'blonde/purple'];
const PER_EPOCH = 500;

function epochEvent(epoch: number): EpochEvent {
  return { type: 'epoch', time: T0 + epoch * PER_EPOCH * 500, epoch, step: epoch * PER_EPOCH, sample: null };
}

/** A run of `steps` steps as the trainer reports it: start, steps, epochs, a checkpoint, a grid. */
function runMessages(steps: number): WorkerMessage[] {
  const out: WorkerMessage[] = [{ type: 'event', event: startEvent({ sampleRows: ROWS, stepsPerEpoch: PER_EPOCH }) }];
  for (let i = 1; i <= steps; i++) {
    out.push({ type: 'event', event: stepEvent(i, { stepsPerEpoch: PER_EPOCH, dLoss: 1 / Math.sqrt(i), gLoss: 2 + Math.sin(i / 50) }) });
    if (i % PER_EPOCH === 0) {
      out.push({ type: 'event', event: epochEvent(i / PER_EPOCH) });
      out.push({ type: 'event', event: checkpointEvent({ step: i, epoch: i / PER_EPOCH, time: T0 + i * 500 }) });
    }
  }
  out.push({ type: 'sample-grid', step: steps, epoch: Math.ceil(steps / PER_EPOCH), grid: faceGrid(3, 8, ROWS) });
  return out;
}

let tuis: Tui[] = [];
afterEach(() => {
  for (const t of tuis) t.unmount();
  tuis = [];
});

describe('replaying a run', () => {
  it('builds the same state in one batch as message by message', () => {
    const messages = runMessages(5000);
    const oneByOne = messages.reduce((s: UiState, m) => reducer(s, { type: 'ui/batch', messages: [m] }), initialState());
    const batched = reducer(initialState(), { type: 'ui/batch', messages });
    expect(batched).toEqual(oneByOne);
    expect(batched.history.steps.length).toBeGreaterThan(1000);
    expect(batched.lastEpoch?.epoch).toBe(10);
    // The batch's copy of the history is its own: the state it started from is untouched.
    const before = reducer(initialState(), { type: 'ui/batch', messages: messages.slice(0, 3000) });
    const steps = [...before.history.steps];
    reducer(before, { type: 'ui/batch', messages: messages.slice(3000) });
    expect(before.history.steps).toEqual(steps);
  });

  it('draws the same frame from replayed events as from live ones', async () => {
    const messages = runMessages(1200);
    const size = { columns: 160, rows: 48 };
    const now = () => T0 + 1e6;
    const live = new FakeTrainerClient();
    const liveTui = renderTui(<App client={live} preview="blocks" flushMs={0} env={{}} now={now} />, size);
    tuis.push(liveTui);
    for (const m of messages) live.push(m);
    // The replayed client holds everything before the UI subscribes, as train-dashboard injects
    // a run's history, and the UI takes it in frames paced as in the real dashboard.
    const replayed = new FakeTrainerClient();
    for (const m of messages) replayed.inject(m);
    const replayTui = renderTui(<App client={replayed} preview="blocks" env={{}} now={now} />, size);
    tuis.push(replayTui);
    for (const t of tuis) await waitFor(() => t.text().includes('▄'), 'the faces');
    await settle();
    expect(replayTui.text()).toContain('epoch 2 done');
    expect(replayTui.text()).toContain('checkpoint epoch 2');
    expect(replayTui.lastFrame()).toBe(liveTui.lastFrame());
  });

  it('keeps what describes the run and leaves out what ended earlier sessions', () => {
    const events: TrainerEvent[] = [
      startEvent(),
      stepEvent(1),
      { type: 'pause', time: T0 + 600, step: 1 },
      { type: 'warning', time: T0 + 700, message: 'old news' },
      checkpointEvent({ step: 1, reason: 'stop' }),
      doneEvent({ step: 1 }),
      startEvent({ time: T0 + 3_600_000, startStep: 1, resumed: true }),
      stepEvent(2, { time: T0 + 3_600_500 }),
    ];
    const messages = historyMessages(events);
    expect(messages.map((m) => (m.type === 'event' ? m.event.type : m.type))).toEqual(['resume', 'step', 'checkpoint', 'resume', 'step']);
    const state = reducer(initialState(), { type: 'ui/batch', messages });
    // Not finished, not paused, no stale warning; the header waits for the live start.
    expect(state.done).toBeNull();
    expect(state.paused).toBe(false);
    expect(state.warning).toBeNull();
    expect(state.start).toBeNull();
    expect(state.history.steps).toEqual([1, 2]);
    // The hour between the sessions is not a slow step.
    expect(state.secPerStep).toBeNull();
  });

  it('reads events.jsonl and the newest sample PNG from a run folder', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'samples'), { recursive: true });
    const grid = faceGrid(3, 8, ROWS);
    await sharp(grid.pixels, { raw: { width: grid.width, height: grid.height, channels: 3 } }).png().toFile(path.join(dir, 'samples', 'latest.png'));
    const sample: SampleEvent = { type: 'sample', time: T0 + 5000, step: 10, epoch: 1, path: 'samples/latest.png', rows: 3, cols: 8, rowLabels: ROWS };
    const events: TrainerEvent[] = [startEvent(), stepEvent(1), sample, stepEvent(11)];
    // A torn last line, as a kill mid-write leaves it.
    writeFileSync(path.join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n{"type":"st');
    const messages = await runHistory(dir);
    const last = messages.at(-1)!;
    expect(last.type).toBe('sample-grid');
    if (last.type !== 'sample-grid') return;
    expect(last.step).toBe(10);
    expect(last.grid).toMatchObject({ rows: 3, cols: 8, width: 512, height: 192, rowLabels: ROWS });
    expect(Buffer.from(last.grid.pixels)).toEqual(Buffer.from(grid.pixels));
    expect(messages.filter((m) => m.type === 'event' && m.event.type === 'step')).toHaveLength(2);
    expect(await runHistory(path.join(dir, 'missing'))).toEqual([]);
  });
});
