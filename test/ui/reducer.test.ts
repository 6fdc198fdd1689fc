import { describe, expect, it } from 'vitest';
import { initialState, reducer, type UiInput, type UiState } from '../../src/ui/state/reducer.js';
import { downsample, emptyHistory, MAX_POINTS, pushLoss, resample } from '../../src/ui/state/loss-history.js';
import { elapsedSeconds, etaSeconds, keyContext, runStatus, targetLambda, trainerFinished } from '../../src/ui/state/selectors.js';
import { checkpointEvent, doneEvent, faceGrid, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import type { StartEvent, TrainerEvent } from '../../src/protocol/events.js';

const ev = (event: TrainerEvent): UiInput => ({ type: 'event', event });
const run = (...inputs: UiInput[]): UiState => inputs.reduce(reducer, initialState());

describe('reducer', () => {
  it('starts in the starting state', () => {
    expect(runStatus(initialState())).toBe('starting');
  });

  it('takes settings from the start event', () => {
    const s = run(ev(startEvent()));
    expect(s.start?.run).toBe('2026-11-28-0712');
    expect(s.lambda).toBe(5);
    expect(runStatus(s)).toBe('running');
  });

  it('keeps step metrics, history and an EMA', () => {
    const s = run(ev(startEvent()), ev(stepEvent(1, { dLoss: 1, gLoss: 2 })), ev(stepEvent(2, { dLoss: 0, gLoss: 4 })));
    expect(s.lastStep?.step).toBe(2);
    expect(s.history.steps).toEqual([1, 2]);
    expect(s.history.d).toEqual([1, 0]);
    expect(s.history.g).toEqual([2, 4]);
    expect(s.history.dEma[1]).toBeCloseTo(0.9);
    expect(s.history.gEma[1]).toBeCloseTo(2.2);
    expect(s.history.ema?.d).toBeCloseTo(0.9);
  });

  it('leaves NaN losses out of the history but keeps them as current values', () => {
    const s = run(ev(startEvent()), ev(stepEvent(1, { dLoss: NaN })));
    expect(s.history.steps).toEqual([]);
    expect(s.lastStep?.dLoss).toBeNaN();
  });

  it('learns the step rate for the ETA, ignoring time spent paused', () => {
    let s = run(ev(startEvent({ totalSteps: 100 })));
    for (let i = 1; i <= 10; i++) s = reducer(s, ev(stepEvent(i, { time: T0 + i * 1000 })));
    expect(s.secPerStep).toBeCloseTo(1);
    expect(etaSeconds(s)).toBeCloseTo(90);
    s = reducer(s, ev({ type: 'pause', time: T0 + 11_000, step: 10 }));
    s = reducer(s, ev({ type: 'resume', time: T0 + 500_000, step: 10 }));
    s = reducer(s, ev(stepEvent(11, { time: T0 + 501_000 })));
    expect(s.secPerStep).toBeCloseTo(1);
  });

  it('tracks λ requests until the trainer confirms them', () => {
    let s = run(ev(startEvent()), { type: 'ui/lambda-requested', lambda: 5.5 });
    expect(s.lambda).toBe(5);
    expect(targetLambda(s)).toBe(5.5);
    s = reducer(s, ev({ type: 'lambda', time: T0, step: 3, lambda: 5.5 }));
    expect(s.lambda).toBe(5.5);
    expect(s.lambdaRequested).toBeNull();
  });

  it('pauses and resumes on the trainer events', () => {
    let s = run(ev(startEvent()), ev({ type: 'pause', time: T0, step: 1 }));
    expect(s.paused).toBe(true);
    expect(runStatus(s)).toBe('paused');
    s = reducer(s, ev({ type: 'resume', time: T0, step: 1 }));
    expect(runStatus(s)).toBe('running');
  });

  it('shows checkpointing from the request until the checkpoint event', () => {
    let s = run(ev(startEvent()), { type: 'ui/checkpoint-requested' });
    expect(runStatus(s)).toBe('checkpointing');
    s = reducer(s, ev(checkpointEvent({ reason: 'request' })));
    expect(runStatus(s)).toBe('running');
    expect(s.lastCheckpoint?.reason).toBe('request');
  });

  it('ends on done', () => {
    const s = run(ev(startEvent()), { type: 'ui/stop-requested' }, ev(doneEvent()));
    expect(runStatus(s)).toBe('done');
    expect(trainerFinished(s)).toBe(true);
    expect(s.done?.reason).toBe('stopped');
  });

  it('shows errors from events, fatal messages and crashed workers', () => {
    expect(runStatus(run(ev(startEvent()), ev({ type: 'error', time: T0, message: 'boom' })))).toBe('error');
    const fatal = run(ev(startEvent()), { type: 'fatal', message: 'out of memory' });
    expect(fatal.error).toBe('out of memory');
    expect(trainerFinished(fatal)).toBe(true);
    expect(run(ev(startEvent()), { type: 'exited', code: 3 }).error).toMatch(/code 3/);
    expect(run(ev(startEvent()), ev(doneEvent()), { type: 'exited', code: 0 }).error).toBeNull();
  });

  it("takes a watched run's vanished trainer as the end of it; other errors leave it running", () => {
    const gone = `the trainer of this run is gone (crashed or killed); continue it with: anime-gan-tui train --run /r --resume`;
    const paused = run(ev(startEvent()), ev(stepEvent(10)), ev({ type: 'pause', time: T0 + 5_000, step: 10 }));
    const s = reducer(paused, ev({ type: 'error', time: T0 + 3_600_000, message: gone, trainerGone: true }));
    expect(trainerFinished(s)).toBe(true);
    expect(s.paused).toBe(false);
    expect(keyContext(s).trainer).toBe(false);
    // Step 10 came 5 s after the start: the clock stops there, not an hour later.
    expect(elapsedSeconds(s, T0 + 3_600_000)).toBe(5);
    expect(etaSeconds(s)).toBeNull();
    const survived = run(ev(startEvent()), ev({ type: 'error', time: T0, message: 'could not write a checkpoint; training goes on' }));
    expect(trainerFinished(survived)).toBe(false);
    expect(keyContext(survived).trainer).toBe(true);
    // A new trainer resuming the run brings it back.
    expect(trainerFinished(reducer(s, ev(startEvent({ time: T0 + 4_000_000 }))))).toBe(false);
  });

  it('offers colours for every model but dcgan, and λ only where a classifier\'s loss is weighed', () => {
    const context = (model: StartEvent['model']) => keyContext(run(ev(startEvent({ model }))));
    expect(context('acgan')).toMatchObject({ conditional: true, classLoss: true });
    expect(context('acgan-resnet')).toMatchObject({ conditional: true, classLoss: true });
    expect(context('acgan-split')).toMatchObject({ conditional: true, classLoss: true });
    expect(context('projection')).toMatchObject({ conditional: true, classLoss: false });
    expect(context('dcgan')).toMatchObject({ conditional: false, classLoss: false });
    // Before the start event: everything may apply.
    expect(keyContext(initialState())).toMatchObject({ conditional: true, classLoss: true });
  });

  it('keeps the latest warning', () => {
    const s = run(ev({ type: 'warning', time: T0, message: 'a' }), ev({ type: 'warning', time: T0, message: 'b' }));
    expect(s.warning).toBe('b');
  });

  it('keeps the latest sample grid and drops superseded generate answers', () => {
    const grid = faceGrid(1, 2);
    let s = run(ev(startEvent()), { type: 'sample-grid', step: 50, epoch: 1, grid });
    expect(s.sampleGrid?.step).toBe(50);
    const request = { hair: null, eyes: null, count: 1, cols: 1, seed: 7, truncation: 1 };
    s = reducer(s, { type: 'ui/generate', action: { type: 'requested', requestId: 2, request } });
    s = reducer(s, { type: 'generated', requestId: 1, grid, labels: [] });
    expect(s.generate.result).toBeNull();
    s = reducer(s, { type: 'generated', requestId: 2, grid, labels: [['blue', 'red']] });
    expect(s.generate.result?.seed).toBe(7);
    expect(s.generate.pendingId).toBeNull();
  });

  it('applies a batch like the messages one by one', () => {
    const messages = [ev(startEvent()), ev(stepEvent(1)), ev(stepEvent(2))] as Array<Extract<UiInput, { type: 'event' }>>;
    expect(reducer(initialState(), { type: 'ui/batch', messages })).toEqual(run(...messages));
  });
});

describe('loss history', () => {
  it('stays bounded over a long run and keeps uniform strides', () => {
    let h = emptyHistory();
    for (let step = 1; step <= 20_000; step++) h = pushLoss(h, step, step, -step);
    expect(h.steps.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(h.steps.length).toBeGreaterThan(MAX_POINTS / 2 - 1);
    expect(h.stride).toBe(16);
    for (let i = 1; i < h.steps.length; i++) expect(h.steps[i]! - h.steps[i - 1]!).toBe(h.stride);
    // Each point is the mean of its steps.
    expect(h.d[0]).toBeCloseTo((1 + h.stride) / 2);
    expect(h.pending.n + h.steps.length * h.stride).toBe(20_000);
  });

  it('sends an odd point out back to the pending bucket', () => {
    let h = emptyHistory();
    for (let step = 1; step <= 5; step++) h = pushLoss(h, step, 1, 1);
    const d = downsample(h);
    expect(d.steps).toEqual([2, 4]);
    expect(d.pending.n).toBe(1);
    expect(d.stride).toBe(2);
  });

  it('resamples a series to a width by averaging', () => {
    expect(resample([1, 2, 3, 4], 2)).toEqual([1.5, 3.5]);
    expect(resample([1, 2], 10)).toEqual([1, 2]);
    expect(resample([], 10)).toEqual([]);
  });

  it('a resumed run counts the time its earlier sessions trained', () => {
    const s = run(
      ev(startEvent({ time: T0 })),
      ev(stepEvent(1, { time: T0 + 50_000 })),
      ev(doneEvent({ time: T0 + 60_000 })),
      // Resumed an hour later; 10 s into this session.
      ev(startEvent({ time: T0 + 3_600_000, resumed: true, startStep: 1 })),
    );
    expect(elapsedSeconds(s, T0 + 3_610_000)).toBe(70);
  });
});
