import { afterEach, describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { GenerateApp } from '../../src/ui/generate/generate-app.js';
import type { GeneratorInfo, TrainerCommand } from '../../src/protocol/messages.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { faceGrid } from '../helpers/fixtures.js';
import { renderTui, settle, tick, waitFor, type Tui } from '../helpers/render-tui.js';

type Generate = Extract<TrainerCommand, { type: 'generate' }>;

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

const INFO: GeneratorInfo = {
  model: 'acgan',
  width: 0.5,
  hairVocab: ['aqua', 'black', 'blonde'],
  eyesVocab: ['blue', 'red'],
  attributes: ['hair', 'eyes'],
  runDir: '/tmp/runs/r1',
  run: 'r1',
  shipped: null,
  checkpoint: '/tmp/runs/r1/ckpt/step-00000400',
  step: 400,
  epoch: 2,
  backend: 'wasm',
  device: 'CPU',
};

function mount(seed = 7) {
  const client = new FakeTrainerClient();
  tui = renderTui(<GenerateApp client={client} preview="blocks" env={{}} randomSeed={() => seed++} options={{ hair: 'black' }} />, {
    columns: 80,
    rows: 24,
  });
  return { client, t: tui };
}

describe('standalone generate view', () => {
  it('waits for the generator, then asks for faces with the given colours', async () => {
    const { client, t } = mount();
    client.push({ type: 'status', message: 'loading the generator from runs/r1/ckpt…' });
    await settle();
    expect(t.text()).toContain('loading the generator');
    expect(client.sent).toEqual([]);
    client.push({ type: 'generator', info: INFO });
    await waitFor(() => client.sent.length > 0, 'a request');
    expect(client.sent[0]).toMatchObject({ type: 'generate', hair: 'black', eyes: null, seed: 7 });
    expect(t.text()).toContain('checkpoint step 400 (epoch 2)');
    const req = client.sent[0] as Generate;
    client.push({ type: 'generated', requestId: req.requestId, grid: faceGrid(Math.ceil(req.count / req.cols!), req.cols!), labels: Array(req.count).fill(['black', 'red']) });
    await waitFor(() => t.text().includes('▄'), 'faces');
    // No training view here: t does nothing, and the footer does not offer it.
    await t.press('t');
    expect(t.text()).toContain('faces · seed 7');
    expect(t.text()).not.toContain('t back');
  });

  it('q stops the generator thread and exits when it has', async () => {
    const { client, t } = mount();
    client.push({ type: 'generator', info: INFO });
    await settle();
    let exited = false;
    void t.instance.waitUntilExit().then(() => (exited = true));
    await t.press('q');
    expect(client.sent.at(-1)).toEqual({ type: 'stop' });
    expect(exited).toBe(false);
    client.push({ type: 'exited', code: 0 });
    await waitFor(() => exited, 'exit');
  });

  it('on the shipped model, the header says so instead of naming a run', async () => {
    const { client, t } = mount();
    client.push({ type: 'generator', info: { ...INFO, run: 'shipped', runDir: '/tmp/here', shipped: 'acgan ×0.5, 20 epochs on MLDS' } });
    await waitFor(() => client.sent.length > 0, 'a request');
    expect(t.text()).toContain('generate · shipped model · acgan ×0.5, 20 epochs on MLDS');
    expect(t.text()).not.toContain('run shipped');
  });

  it('a generator that cannot load says why', async () => {
    const { client, t } = mount();
    client.push({ type: 'fatal', message: 'no checkpoint in runs/r1/ckpt yet' });
    client.push({ type: 'exited', code: 2 });
    await settle();
    expect(t.text()).toContain('error: no checkpoint in runs/r1/ckpt yet');
  });
});

describe('saved colours in the standalone generate view', () => {
  const SAVED = { hair: 'aqua', eyes: 'red' };
  const RIGHT = '\x1b[C';

  /** The field line (under the header) of every frame written since frame `from` that shows the fields. */
  const fieldLines = (t: Tui, from: number) =>
    t.stdout.chunks
      .slice(from)
      .map((frame) => stripVTControlCharacters(frame).split('\n')[1] ?? '')
      .filter((line) => line.includes('hair'));

  function mountSaved(client: FakeTrainerClient, onChoice?: (hair: string | null, eyes: string | null) => void) {
    let seed = 7;
    tui = renderTui(<GenerateApp client={client} preview="blocks" env={{}} randomSeed={() => seed++} options={{ ...SAVED, ...(onChoice ? { onChoice } : {}) }} />, {
      columns: 80,
      rows: 24,
    });
    return tui;
  }

  it('shows them from the first frame that shows the fields, with no answer yet to release held updates', async () => {
    const client = new FakeTrainerClient();
    const t = mountSaved(client);
    client.push({ type: 'status', message: 'loading the generator from runs/r1/ckpt…' });
    await settle();
    const from = t.stdout.chunks.length;
    client.push({ type: 'generator', info: INFO });
    // The request is never answered, so nothing but the view's own state decides what is drawn.
    await tick(300);
    await settle();
    const lines = fieldLines(t, from);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/hair ◀ aqua ▶ {2}eyes red/);
    expect(client.sent[0]).toMatchObject({ type: 'generate', hair: 'aqua', eyes: 'red', seed: 7 });
  });

  it('shows them from the first frame when the generator was ready before the view subscribed', async () => {
    const client = new FakeTrainerClient();
    client.inject({ type: 'generator', info: INFO });
    const t = mountSaved(client);
    await tick(300);
    await settle();
    const lines = fieldLines(t, 0);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/hair ◀ aqua ▶ {2}eyes red/);
  });

  it('a key pressed as soon as the colours show moves on from the saved ones, and both colours are remembered', async () => {
    const client = new FakeTrainerClient();
    const picks: Array<[string | null, string | null]> = [];
    const t = mountSaved(client, (h, e) => picks.push([h, e]));
    await settle();
    client.push({ type: 'generator', info: INFO });
    // The key as soon as the fields are on screen: before any effect of that frame has run.
    while (!t.text().includes('hair ◀')) await new Promise((r) => setImmediate(r));
    t.stdin.write(RIGHT);
    await tick(300);
    await settle();
    expect(t.text()).toMatch(/hair ◀ black ▶ {2}eyes red/);
    expect(picks).toEqual([['black', 'red']]);
    expect((client.sent.at(-1) as Generate).hair).toBe('black');
  });
});
