import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/train/app.js';
import type { GeneratorInfo, TrainerCommand } from '../../src/protocol/messages.js';
import { withShippedGenerator } from '../../src/worker/with-shipped-generator.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { checkpointEvent, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';

type Generate = Extract<TrainerCommand, { type: 'generate' }>;

const SHIPPED: GeneratorInfo = {
  model: 'acgan',
  width: 0.5,
  hairVocab: ['aqua', 'black', 'blonde', 'blue'],
  eyesVocab: ['blue', 'red'],
  attributes: ['hair', 'eyes'],
  runDir: '/tmp/here',
  run: 'shipped',
  shipped: 'acgan ×0.5, 20 epochs on MLDS',
  checkpoint: '/pkg/checkpoints/shipped/generator',
  step: 11480,
  epoch: 20,
  backend: 'wasm',
  device: 'CPU',
};

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

const generates = (c: FakeTrainerClient) => c.sent.filter((m): m is Generate => m.type === 'generate');

async function dashboard(opts: { checkpointed: boolean; drawn?: boolean }) {
  const trainer = new FakeTrainerClient();
  const shipped = new FakeTrainerClient();
  let started = 0;
  const routed = withShippedGenerator(trainer, () => (started++, shipped));
  let seed = 100;
  tui = renderTui(<App client={routed.client} shipped preview="blocks" flushMs={0} env={{}} randomSeed={() => seed++} now={() => T0} />, { columns: 100, rows: 30 });
  const start = startEvent({ model: 'acgan' });
  trainer.emit(opts.drawn ? { ...start, dataset: { ...start.dataset, source: 'drawn', dir: null } } : start);
  trainer.emit(stepEvent(1));
  if (opts.checkpointed) trainer.emit(checkpointEvent());
  await settle();
  return { trainer, shipped, t: tui, startedCount: () => started };
}

describe("the dashboard's generate view and the shipped model", () => {
  it('a run without a checkpoint opens g on the shipped model, says so, and m switches to the run and back', async () => {
    const { trainer, shipped, t, startedCount } = await dashboard({ checkpointed: false });
    await t.press('g');
    await waitFor(() => t.text().includes('loading the shipped model'), 'the loading line');
    expect(startedCount()).toBe(1);
    shipped.push({ type: 'generator', info: SHIPPED });
    await waitFor(() => generates(shipped).length > 0, 'a request to the shipped model');
    // Routed to the shipped thread without the routing mark; nothing went to the trainer.
    expect(generates(shipped)[0]).not.toHaveProperty('model');
    expect(generates(trainer)).toEqual([]);
    expect(t.text()).toContain('generate · shipped model · acgan ×0.5, 20 epochs on MLDS · m: this run');
    expect(t.text()).toContain('m model');

    await t.press('m');
    await waitFor(() => generates(trainer).length > 0, 'a request to the trainer');
    expect(t.text()).toContain('generate · run ');
    expect(t.text()).toContain('live weights');

    const before = generates(shipped).length;
    await t.press('m');
    await waitFor(() => generates(shipped).length > before, 'the shipped model again');
    expect(startedCount()).toBe(1);
    expect(t.text()).toContain('shipped model');
  });

  it('a run on the built-in drawn faces opens g on the shipped model even after its first checkpoint', async () => {
    const { shipped, t, startedCount } = await dashboard({ checkpointed: true, drawn: true });
    await t.press('g');
    await waitFor(() => startedCount() === 1, 'the shipped model');
    shipped.push({ type: 'generator', info: SHIPPED });
    await waitFor(() => t.text().includes('generate · shipped model'), 'the header');
  });

  it("a run with a checkpoint opens g on its own weights; the shipped model's failure is a warning", async () => {
    const { trainer, shipped, t } = await dashboard({ checkpointed: true });
    await t.press('g');
    await waitFor(() => generates(trainer).length > 0, 'a request to the trainer');
    expect(t.text()).toContain('live weights');
    await t.press('m');
    shipped.push({ type: 'fatal', message: 'weights.bin does not match its checksum' });
    await waitFor(() => t.text().includes('shipped model could not be loaded'), 'the warning');
  });
});
