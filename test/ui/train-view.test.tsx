import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/train/app.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { checkpointEvent, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

function mount(client: FakeTrainerClient, size = { columns: 100, rows: 30 }) {
  tui = renderTui(
    <App client={client} preview="blocks" flushMs={0} now={() => T0 + 3_600_000} env={{}} />,
    size,
  );
  return tui;
}

describe('train view', () => {
  it('shows the run after a start event and steps', async () => {
    const client = new FakeTrainerClient();
    const t = mount(client);
    expect(t.text()).toContain('starting');
    client.emit(startEvent());
    for (let i = 1; i <= 331; i++) client.emit(stepEvent(i, { dLoss: 0.612, gLoss: 1.823 }));
    client.emit(checkpointEvent({ time: T0 + 3_600_000 - 180_000 }));
    await settle();
    const text = t.text();
    if (process.env['SHOW_FRAMES']) console.log(text);
    expect(text).toContain('run 2026-11-28-0712');
    expect(text).toContain('acgan-resnet ×0.5');
    expect(text).toContain('wasm (cpu)');
    expect(text).toContain('412 img/s');
    expect(text).toContain('running');
    expect(text).toContain('epoch 1/250');
    expect(text).toContain('step 331/574');
    expect(text).toContain('58%');
    expect(text).toContain('D 0.612');
    expect(text).toContain('G 1.823');
    expect(text).toMatch(/hair real 93% fake 88%/);
    expect(text).toMatch(/eyes real 90% fake 71%/);
    expect(text).toContain('D(x) 0.71');
    expect(text).toContain('D(G(z)) 0.28');
    expect(text).toContain('λ 5.0');
    expect(text).toContain('lr 2e-4');
    expect(text).toContain('batch 64');
    expect(text).toContain('3 min ago');
    expect(text).toContain('01:00:00 elapsed');
  });

  it('says which weights draw the samples, both learning rates, and the augmentation probability', async () => {
    const client = new FakeTrainerClient();
    const t = mount(client, { columns: 160, rows: 48 });
    client.emit(startEvent({ emaBeta: 0.999, learningRateG: 1e-4, learningRateD: 4e-4, diffAugment: ['translation', 'cutout'], diffAugmentP: 'ada' }));
    client.emit(stepEvent(1, { augmentP: 0.31 }));
    await settle();
    const text = t.text();
    expect(text).toContain('averaged G (β 0.999)');
    expect(text).toContain('lr G 1e-4 D 4e-4');
    expect(text).toContain('aug p 0.31 (ADA)');
    t.unmount();
    // A run without the average: the raw G draws, one rate, no augmentation.
    const plain = new FakeTrainerClient();
    const u = mount(plain, { columns: 160, rows: 48 });
    plain.emit(startEvent());
    plain.emit(stepEvent(1));
    await settle();
    expect(u.text()).toContain('raw G');
    expect(u.text()).not.toContain('aug p');
  });

  it('says when the data are built-in drawn faces and how to use real data, at any width', async () => {
    for (const columns of [100, 80, 60]) {
      const client = new FakeTrainerClient();
      const t = mount(client, { columns, rows: 24 });
      client.emit(startEvent({ dataset: { source: 'drawn', dir: null, count: 2048, hairVocab: ['blue'], eyesVocab: ['red'], attributes: ['hair', 'eyes'] } }));
      await settle();
      expect(t.text()).toContain('built-in drawn faces');
      expect(t.text()).toContain('--data DIR');
      expect(t.text()).toContain('ANIME_GAN_DATA');
      t.unmount();
      tui = null;
    }
  });

  it('shows DCGAN without class accuracy or λ', async () => {
    const client = new FakeTrainerClient();
    const t = mount(client);
    client.emit(startEvent({ model: 'dcgan', width: 1, sampleRows: [] }));
    client.emit(stepEvent(1, { hairAccReal: undefined }));
    await settle();
    expect(t.text()).not.toContain('hair real');
    expect(t.text()).not.toContain('λ');
    expect(t.text()).toContain('D(x) 0.71');
  });

  it('shows acgan-split with its classifier\'s accuracy and λ', async () => {
    const client = new FakeTrainerClient();
    const t = mount(client);
    client.emit(startEvent({ model: 'acgan-split', lambda: 1 }));
    client.emit(stepEvent(1, { lambda: 1 }));
    await settle();
    expect(t.text()).toContain('acgan-split ×0.5');
    expect(t.text()).toMatch(/hair real 93% fake 88%/);
    expect(t.text()).toContain('λ 1.0');
  });

  it('shows the projection model without accuracies or λ, saying why the accuracies are absent', async () => {
    const client = new FakeTrainerClient();
    const t = mount(client);
    client.emit(startEvent({ model: 'projection', lambda: 0 }));
    client.emit(
      stepEvent(1, { lambda: 0, hairAccReal: undefined, eyesAccReal: undefined, hairAccFake: undefined, eyesAccFake: undefined }),
    );
    await settle();
    const text = t.text();
    expect(text).toContain('projection ×0.5');
    expect(text).toContain('no class head');
    expect(text).not.toContain('hair real');
    expect(text).not.toContain('—%');
    expect(text).not.toContain('λ');
    expect(text).toContain('D(x) 0.71');
  });

  it('shows errors in red with the error badge, warnings in yellow', async () => {
    const client = new FakeTrainerClient();
    const t = mount(client);
    client.emit(startEvent());
    client.emit({ type: 'warning', time: T0, message: 'loss spiked' });
    await settle();
    expect(t.text()).toContain('warning: loss spiked');
    client.push({ type: 'fatal', message: 'WebGPU device lost' });
    await settle();
    expect(t.text()).toContain('error: WebGPU device lost');
    expect(t.text()).toContain('✖ error');
  });

  it('batches messages and redraws at most every flush interval', async () => {
    const client = new FakeTrainerClient();
    const t = renderTui(<App client={client} preview="off" flushMs={100} env={{}} />, { columns: 100, rows: 30 });
    tui = t;
    await settle();
    const before = t.stdout.chunks.length;
    client.emit(startEvent());
    for (let i = 1; i <= 500; i++) client.emit(stepEvent(i));
    expect(t.stdout.chunks.length).toBe(before);
    await waitFor(() => t.text().includes('total 500/'), 'the batched frame');
    // 501 messages, a handful of frames.
    expect(t.stdout.chunks.length - before).toBeLessThanOrEqual(4);
  });
});
