import { afterEach, describe, expect, it } from 'vitest';
import type { QualityEvent } from '../../src/protocol/events.js';
import { App } from '../../src/ui/train/app.js';
import { sparkline } from '../../src/ui/components/quality-panel.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { faceGrid, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { lineWidths, renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

function quality(epoch: number, frechet: number, best: boolean, over: Partial<QualityEvent> = {}): QualityEvent {
  return {
    type: 'quality', time: T0 + epoch * 1000, step: epoch * 574, epoch, faces: 150, frechet, frechetFloor: 225,
    diversity: 0.5 + epoch / 20, hairAcc: 0.6 + epoch / 50, eyesAcc: 0.5 + epoch / 50, bothAcc: 0.3 + epoch / 25, best, ms: 840, ...over,
  };
}

/** A run of five judged epochs: Fréchet falls to its best at epoch 4, then rises a little. */
async function judgedRun(columns: number, rows: number, model: 'acgan' | 'dcgan' = 'acgan') {
  const client = new FakeTrainerClient();
  tui = renderTui(<App client={client} preview="blocks" flushMs={0} env={{}} now={() => T0 + 1e6} />, { columns, rows });
  client.emit(startEvent({ model, quality: true }));
  for (let i = 1; i <= 50; i++) client.emit(stepEvent(i));
  const fds = [900, 700, 520, 410, 430];
  fds.forEach((fd, i) => client.emit(quality(i + 1, fd, i < 4, model === 'dcgan' ? { hairAcc: undefined, eyesAcc: undefined, bothAcc: undefined } : {})));
  client.push({ type: 'sample-grid', step: 50, epoch: 5, grid: faceGrid(3, 8) });
  await settle();
  await waitFor(() => tui!.text().includes('▄'), 'the faces');
  return tui;
}

describe('the quality panel', () => {
  it('at 160×48: Fréchet, both-colour accuracy and diversity over epochs, the best epoch and the floor', async () => {
    const t = await judgedRun(160, 48);
    const text = t.text();
    expect(text).toContain('quality · judge · 150 faces · 840 ms');
    expect(text).toMatch(/Fréchet +[▁▂▃▄▅▆▇█]{5} +430 +real 225 · best epoch 4 \(410\)/);
    expect(text).toMatch(/both +[▁▂▃▄▅▆▇█]{5} +50% +hair 70% · eyes 60%/);
    expect(text).toMatch(/diversity +[▁▂▃▄▅▆▇█]{5} +0\.75/);
    expect(Math.max(...lineWidths(text))).toBeLessThanOrEqual(160);
    expect(text.split('\n').length).toBeLessThanOrEqual(47);
  });

  it('at 80×24: one line with the latest figures, the best epoch and the Fréchet trend', async () => {
    const t = await judgedRun(80, 24);
    const line = t.text().split('\n').find((l) => l.startsWith(' quality'));
    expect(line).toMatch(/^ quality ep 5: Fréchet 430 \(real 225\) · both 50% · div 0\.75 · best epoch 4 [▁▂▃▄▅▆▇█]+$/);
    expect(t.text().split('\n').length).toBeLessThanOrEqual(23);
    expect(Math.max(...lineWidths(t.text()))).toBeLessThanOrEqual(80);
  });

  it('DCGAN runs show Fréchet and diversity only', async () => {
    const t = await judgedRun(160, 48, 'dcgan');
    expect(t.text()).not.toMatch(/^ both/m);
    expect(t.text()).toMatch(/diversity/);
  });

  it('says when the first judgement comes, or that judging is off', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} now={() => T0} />, { columns: 100, rows: 30 });
    client.emit(startEvent({ quality: true }));
    await settle();
    expect(tui.text()).toContain('the judge grades the faces at each epoch end');
    client.emit(startEvent({ quality: false }));
    await settle();
    expect(tui.text()).toContain('off for this run (--no-quality)');
  });

  it('sparklines scale between their own lowest and highest values', () => {
    expect(sparkline([1, 2, 3], 10)).toBe('▁▅█');
    expect(sparkline([5, 5], 10)).toBe('▄▄');
    expect(sparkline([1, 2, 3, 4], 2)).toBe('▁█');
    expect(sparkline([], 5)).toBe('');
  });
});
