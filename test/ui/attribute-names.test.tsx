/** A run whose tags file names other attributes than MLDS's: the screens use its names. */
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/train/app.js';
import type { TrainerCommand } from '../../src/protocol/messages.js';
import { parseEventLine, type StartEvent } from '../../src/protocol/events.js';
import { plainLines } from '../../src/terminal/plain-lines.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { faceGrid, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';

type Generate = Extract<TrainerCommand, { type: 'generate' }>;

const DOWN = '\x1b[B';
const RIGHT = '\x1b[C';
const TAB = '\t';

const MOUTHS = startEvent({
  model: 'acgan',
  dataset: { source: 'mlds', dir: '/data/mouths', count: 640, hairVocab: ['bob', 'long'], eyesVocab: ['open', 'smile'], attributes: ['hair', 'mouth'] },
  sampleRows: ['bob/open', 'long/smile'],
});

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

function mount(client: FakeTrainerClient): Tui {
  let seed = 100;
  tui = renderTui(<App client={client} preview="blocks" flushMs={0} env={{}} randomSeed={() => seed++} now={() => T0} />, { columns: 120, rows: 32 });
  return tui;
}

describe('attribute names from the tags file', () => {
  it('label the accuracy numbers and the data line of the dashboard', async () => {
    const client = new FakeTrainerClient();
    const t = mount(client);
    client.emit(MOUTHS);
    client.emit(stepEvent(1));
    await settle();
    expect(t.text()).toContain('hair real 93% fake 88% │ mouth real 90% fake 71%');
    expect(t.text()).toContain('640 faces · 2 hair × 2 mouth');
    expect(t.text()).not.toContain('eyes');
  });

  it('label the generate view’s selectors, their value lists and the chosen face', async () => {
    const client = new FakeTrainerClient();
    const t = mount(client);
    client.emit(MOUTHS);
    client.emit(stepEvent(1));
    await settle();
    await t.press('g');
    await waitFor(() => client.sent.some((c) => c.type === 'generate'), 'the first request');
    expect(t.text()).toContain('hair ◀ random ▶  mouth random');
    expect(t.text()).toContain('hair: random bob long');
    await t.press(DOWN);
    expect(t.text()).toContain('hair random  mouth ◀ random ▶');
    expect(t.text()).toContain('mouth: random open smile');
    await t.press(RIGHT);
    const req = client.sent.filter((c): c is Generate => c.type === 'generate').at(-1)!;
    expect(req).toMatchObject({ hair: null, eyes: 'open' });
    const labels = Array.from({ length: req.count }, (): [string, string] => ['long', 'open']);
    client.push({ type: 'generated', requestId: req.requestId, grid: faceGrid(Math.ceil(req.count / req.cols!), req.cols!), labels });
    await waitFor(() => !t.text().includes('drawing…'), 'the faces');
    await t.press(TAB);
    await t.press(TAB);
    expect(t.text()).toContain('face 1 (long hair, open mouth): S saves it alone');
  });

  it('a start event from before the names shows hair and eyes', async () => {
    const { attributes: _, ...older } = startEvent().dataset;
    const old = parseEventLine(JSON.stringify({ ...startEvent(), dataset: older })) as StartEvent;
    expect(old.dataset.attributes).toEqual(['hair', 'eyes']);
    const client = new FakeTrainerClient();
    const t = mount(client);
    client.emit(old);
    client.emit(stepEvent(1));
    await settle();
    expect(t.text()).toContain('hair real 93% fake 88% │ eyes real 90% fake 71%');
  });

  it('name the accuracies in plain output lines, from the run’s start line on', () => {
    const lineOf = plainLines();
    expect(lineOf(MOUTHS)).toContain('data: 640 faces from /data/mouths (2 hair × 2 mouth)');
    expect(lineOf(stepEvent(1))).toContain(' · hair 93%/88% mouth 90%/71% (real/fake)');
    // Lines after a hang-up are written by a follower that never saw the start line.
    expect(plainLines(['hair', 'mouth'])(stepEvent(2))).toContain('mouth 90%/71%');
    expect(plainLines()(stepEvent(2))).toContain('hair 93%/88% eyes 90%/71%');
  });
});
