import { afterEach, describe, expect, it } from 'vitest';
import { GenerateApp } from '../../src/ui/generate/generate-app.js';
import type { GeneratorInfo, TrainerCommand } from '../../src/protocol/messages.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { faceGrid } from '../helpers/fixtures.js';
import { renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';

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
