import { describe, expect, it } from 'vitest';
import { tapOutcome, trainerSummary, watcherSummary } from '../../src/terminal/dashboard-summary.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { doneEvent, startEvent, stepEvent } from '../helpers/fixtures.js';

describe('what stays on the terminal after the dashboard', () => {
  it('a stopped run: where it ended and how to continue it', () => {
    const fake = new FakeTrainerClient();
    const { client, outcome } = tapOutcome(fake);
    const seen: string[] = [];
    const off = client.subscribe((m) => seen.push(m.type));
    fake.emit(startEvent({ runDir: 'checkpoints/r1' }));
    fake.emit(stepEvent(7));
    fake.emit(doneEvent({ reason: 'stopped', step: 7, epoch: 1, lastCheckpoint: 'checkpoints/r1/ckpt/step-00000007' }));
    off();
    // The dashboard still gets every message.
    expect(seen).toEqual(['event', 'event', 'event']);
    expect(trainerSummary(outcome)).toEqual([
      'done (stopped) at step 7, epoch 1 · last checkpoint checkpoints/r1/ckpt/step-00000007',
      'continue it with: anime-gan-tui train --run checkpoints/r1 --resume',
    ]);
  });

  it('a watcher that leaves a live run says it goes on, and how to come back', () => {
    const fake = new FakeTrainerClient();
    const { client, outcome } = tapOutcome(fake);
    client.subscribe(() => {});
    // An earlier session of the run, ended; then the one training now.
    fake.emit(startEvent({ runDir: 'checkpoints/r2' }));
    fake.emit(stepEvent(10));
    fake.emit(doneEvent({ reason: 'stopped', step: 10 }));
    fake.emit(startEvent({ runDir: 'checkpoints/r2', resumed: true, startStep: 10 }));
    fake.emit(stepEvent(42));
    expect(watcherSummary(outcome, 'checkpoints/r2')).toEqual([
      'stopped watching; checkpoints/r2 goes on training (step 42). Watch it again: anime-gan-tui watch checkpoints/r2',
    ]);
  });
});
