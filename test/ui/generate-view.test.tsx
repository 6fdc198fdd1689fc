import { afterEach, describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { App } from '../../src/ui/train/app.js';
import { generateLayout } from '../../src/ui/generate/generate-layout.js';
import { KEY_ACTIONS, KEYMAP } from '../../src/ui/keymap.js';
import type { TrainerCommand } from '../../src/protocol/messages.js';
import type { GenerateOptions } from '../../src/ui/generate/generate-commands.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { faceGrid, startEvent, stepEvent, T0 } from '../helpers/fixtures.js';
import { lineWidths, renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';
import { tempDir } from '../helpers/tmp.js';

type Generate = Extract<TrainerCommand, { type: 'generate' }>;

const SIZE = { columns: 100, rows: 30 };
const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const DOWN = '\x1b[B';
const UP = '\x1b[A';
const TAB = '\t';
const SHIFT_TAB = '\x1b[Z';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

async function open(opts: { model?: 'acgan' | 'dcgan' | 'projection'; runDir?: string; generate?: GenerateOptions; size?: { columns: number; rows: number } } = {}) {
  const client = new FakeTrainerClient();
  let seed = 100;
  tui = renderTui(
    <App
      client={client}
      preview="blocks"
      flushMs={0}
      env={{}}
      randomSeed={() => seed++}
      now={() => T0}
      {...(opts.generate ? { generate: opts.generate } : {})}
    />,
    opts.size ?? SIZE,
  );
  const model = opts.model ?? 'acgan';
  client.emit(startEvent({ model, ...(opts.runDir ? { runDir: opts.runDir } : {}), ...(model === 'dcgan' ? { sampleRows: [] } : {}) }));
  client.emit(stepEvent(1));
  await settle();
  await tui.press('g');
  // The first request goes out once the view has laid itself out (an effect after its first frame).
  const t = tui;
  await waitFor(() => client.sent.some((c) => c.type === 'generate') && t.text().includes('drawing…'), 'the first request');
  return { client, t };
}

const requests = (client: FakeTrainerClient) => client.sent.filter((c): c is Generate => c.type === 'generate');
const last = (client: FakeTrainerClient) => requests(client).at(-1)!;

/** Answers a request as a generator would: a grid of its shape, labels with its colours. */
async function answer(client: FakeTrainerClient, t: Tui, req: Generate = last(client)) {
  const cols = req.cols ?? req.count;
  const rows = Math.ceil(req.count / cols);
  const labels = Array.from({ length: req.count }, (_, i): [string, string] => [req.hair ?? ['aqua', 'black'][i % 2]!, req.eyes ?? 'orange']);
  client.push({ type: 'generated', requestId: req.requestId, grid: faceGrid(rows, cols), labels });
  await waitFor(() => t.text().includes('▄') && !t.text().includes('drawing…'), 'the faces');
}

describe('generate view', () => {
  it('g asks for a grid that fits the terminal, shows it, and t / Esc go back', async () => {
    const { client, t } = await open();
    const { shape } = generateLayout(SIZE, false);
    expect(requests(client)).toEqual([
      { type: 'generate', requestId: 1, hair: null, eyes: null, count: shape.rows * shape.cols, cols: shape.cols, seed: 100, truncation: 1 },
    ]);
    expect(t.text()).toContain(`faces · seed 100 · ${shape.rows}×${shape.cols} · drawing…`);
    await answer(client, t);
    // Random colours are labelled; the chosen face is marked.
    expect(t.text()).toContain('▸aqua/orange');
    expect(t.text()).toContain('black/orange');
    await t.press('t');
    // A loaded machine may take more than one settle to draw the frame.
    await waitFor(() => t.text().includes('losses'), 't back to training');
    // Back again: the faces are still there, nothing new is asked.
    await t.press('g');
    expect(requests(client)).toHaveLength(1);
    t.stdin.write('\x1b');
    await waitFor(() => t.text().includes('losses'), 'Esc back to training');
  });

  it('lists the run’s colours; arrows and tab move between fields and values', async () => {
    const { client, t } = await open();
    expect(t.text()).toContain('hair ◀ random ▶');
    expect(t.text()).toContain('hair: random aqua black blonde blue');
    await t.press(RIGHT);
    expect(last(client)).toMatchObject({ hair: 'aqua', eyes: null });
    await t.press(LEFT);
    await t.press(LEFT);
    expect(last(client)).toMatchObject({ hair: 'blue' });
    await t.press(DOWN);
    expect(t.text()).toContain('eyes ◀ random ▶');
    expect(t.text()).toContain('eyes: random orange yellow purple');
    await t.press(RIGHT);
    expect(last(client)).toMatchObject({ hair: 'blue', eyes: 'orange' });
    await t.press(TAB); // spread
    await t.press(RIGHT);
    expect(last(client)).toMatchObject({ truncation: 1.1 });
    expect(t.text()).toContain('spread ◀ 1.10 ▶');
    await t.press(SHIFT_TAB);
    await t.press(UP);
    expect(t.text()).toContain('hair ◀ blue ▶');
  });

  it('projection runs choose colours as ACGAN ones do', async () => {
    const { client, t } = await open({ model: 'projection' });
    expect(t.text()).toContain('hair ◀ random ▶');
    await t.press(RIGHT);
    expect(last(client)).toMatchObject({ hair: 'aqua', eyes: null });
    await t.press(DOWN);
    await t.press(RIGHT);
    expect(last(client)).toMatchObject({ hair: 'aqua', eyes: 'orange' });
  });

  it('DCGAN runs have no colour selectors and say so', async () => {
    const { client, t } = await open({ model: 'dcgan' });
    expect(t.text()).toContain('dcgan: no hair or eyes choice');
    expect(t.text()).toContain('spread ◀ 1.00 ▶');
    await t.press(LEFT);
    expect(last(client)).toMatchObject({ hair: null, eyes: null, truncation: 0.9 });
    await t.press(DOWN);
    await t.press(DOWN);
    expect(t.text()).not.toContain('hair ◀');
  });

  it('free noise: a colour change draws new faces; locked: same seed, new colours; r: new seed', async () => {
    const { client, t } = await open();
    await t.press(RIGHT);
    expect(last(client)).toMatchObject({ hair: 'aqua', seed: 101 });
    await t.press('l');
    expect(t.text()).toContain('noise locked');
    expect(t.text()).toContain('l unlock');
    await t.press(RIGHT);
    expect(last(client)).toMatchObject({ hair: 'black', seed: 101 });
    await t.press(LEFT);
    // The same seed and the same choices ask for exactly the same faces again.
    const again = last(client);
    expect({ ...again, requestId: 0 }).toEqual({ ...requests(client)[1]!, requestId: 0 });
    await t.press('r');
    expect(last(client)).toMatchObject({ hair: 'aqua', seed: 102 });
    expect(t.text()).toContain('seed 102');
  });

  it('keeps only the newest answer: a stale one is dropped', async () => {
    const { client, t } = await open();
    const first = last(client);
    await t.press('r');
    client.push({ type: 'generated', requestId: first.requestId, grid: faceGrid(1, 1), labels: [['aqua', 'orange']] });
    await settle();
    expect(t.text()).toContain('seed 101 · ');
    expect(t.text()).toContain('drawing…');
    await answer(client, t);
    expect(t.text()).not.toContain('drawing…');
  });

  it('i shows a strip from A to B, with B’s colours as fields', async () => {
    const { client, t } = await open();
    await answer(client, t);
    await t.press('i');
    const { shape } = generateLayout(SIZE, true);
    expect(last(client)).toMatchObject({ seed: 100, count: shape.strip, cols: shape.strip, interpolate: { seedB: 101, hairB: null, eyesB: null } });
    expect(t.text()).toContain('A → B · seed 100 → 101');
    await t.press(DOWN);
    await t.press(DOWN);
    await t.press(RIGHT);
    expect(last(client)).toMatchObject({ seed: 100, interpolate: { seedB: 101, hairB: 'aqua' } });
    await t.press('r');
    expect(last(client)).toMatchObject({ seed: 100, interpolate: { seedB: 102 } });
    await answer(client, t);
    expect(t.text()).toMatch(/▸A/);
    expect(t.text()).toMatch(/\bB\b/);
    await t.press('i');
    expect(last(client).interpolate).toBeUndefined();
  });

  it('s saves the grid and S the chosen face as PNGs under the run, and says where', async () => {
    const runDir = tempDir('agt-genview-');
    const { client, t } = await open({ runDir });
    await t.press(RIGHT); // hair aqua, seed 101
    await answer(client, t);
    await t.press('s');
    const grid = `${runDir}/generated/seed-101-aqua-random.png`;
    await waitFor(() => t.text().includes('saved'), 'the saved note');
    expect(t.text()).toContain('generated/seed-101-aqua-random.png');
    expect(existsSync(grid)).toBe(true);
    const { shape } = generateLayout(SIZE, false);
    const meta = await sharp(grid).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([shape.cols * 64, shape.rows * 64, 'png']);

    for (let i = 0; i < 3; i++) await t.press(DOWN); // face
    await t.press(RIGHT); // face 2
    await t.press('S');
    await waitFor(() => t.text().includes('face2'), 'the saved face');
    const face = `${runDir}/generated/seed-101-aqua-random-face2-aqua-orange.png`;
    const fm = await sharp(face).metadata();
    expect([fm.width, fm.height]).toEqual([64, 64]);
  });

  it('starts from saved colours, skips ones the run lacks, and reports picks', async () => {
    const picks: Array<[string | null, string | null]> = [];
    const { client, t } = await open({ generate: { hair: 'Blue', eyes: 'mauve', onChoice: (h, e) => picks.push([h, e]) } });
    expect(last(client)).toMatchObject({ hair: 'blue', eyes: null });
    expect(t.text()).toContain("eyes 'mauve' is not one of this run's: random instead");
    expect(picks).toEqual([]);
    await t.press(RIGHT); // past the last colour: back to random
    expect(picks).toEqual([[null, null]]);
  });

  it('shows saved colours from its first frame, and a key pressed at once moves on from them', async () => {
    const picks: Array<[string | null, string | null]> = [];
    const client = new FakeTrainerClient();
    let seed = 100;
    const t = (tui = renderTui(
      <App client={client} preview="blocks" flushMs={0} env={{}} randomSeed={() => seed++} now={() => T0} generate={{ hair: 'aqua', eyes: 'purple', onChoice: (h, e) => picks.push([h, e]) }} />,
      SIZE,
    ));
    client.emit(startEvent({ model: 'acgan' }));
    client.emit(stepEvent(1));
    await settle();
    const from = t.stdout.chunks.length;
    t.stdin.write('g');
    // The key as soon as the view's fields are on screen: before any effect of that frame has run.
    while (!t.text().includes('hair ◀')) await new Promise((r) => setImmediate(r));
    t.stdin.write(RIGHT);
    await settle();
    const fieldLines = t.stdout.chunks
      .slice(from)
      .map((frame) => stripVTControlCharacters(frame).split('\n')[1] ?? '')
      .filter((line) => line.includes('hair ◀'));
    expect(fieldLines[0]).toMatch(/hair ◀ aqua ▶ {2}eyes purple/);
    for (const line of fieldLines) expect(line).toMatch(/hair ◀ (aqua|black) ▶ {2}eyes purple/);
    expect(t.text()).toMatch(/hair ◀ black ▶ {2}eyes purple/);
    expect(picks).toEqual([['black', 'purple']]);
  });

  it('? lists the generate view’s keys', async () => {
    const { t } = await open();
    await t.press('?');
    // m (the shipped model) is offered only where there is one to switch to: generate-shipped.test.tsx.
    const live = (c: (typeof KEY_ACTIONS)[number]) => KEYMAP[c].available?.({ trainer: true, conditional: true, classLoss: true, shipped: false }) !== false;
    for (const c of KEY_ACTIONS.filter((c) => KEYMAP[c].scope === 'generate' && live(c))) expect(t.text()).toContain(KEYMAP[c].description);
  });
});

describe('generate view on narrow terminals', () => {
  const SIZES = [
    { columns: 80, rows: 24 },
    { columns: 160, rows: 48 },
    { columns: 60, rows: 18 },
  ];
  const fits = (t: Tui, size: { columns: number; rows: number }) => {
    const text = t.text();
    if (process.env['SHOW_FRAMES']) console.log(text);
    expect(Math.max(...lineWidths(text))).toBeLessThanOrEqual(size.columns);
    expect(text.split('\n').length).toBeLessThanOrEqual(size.rows - 1);
  };
  /** The line under the header: the fields ←/→ change. */
  const fieldLine = (t: Tui) => t.text().split('\n')[1]!;

  it('shows every field of a DCGAN run in full, the face selector too', async () => {
    for (const size of SIZES) {
      const { client, t } = await open({ model: 'dcgan', size });
      await answer(client, t);
      for (let i = 0; i < 4 && !/face ◀/.test(fieldLine(t)); i++) await t.press(DOWN);
      const count = last(client).count;
      expect(fieldLine(t)).toMatch(/spread 1\.00/);
      expect(fieldLine(t)).toContain(`face ◀ 1/${count} ▶`);
      expect(fieldLine(t)).not.toContain('…');
      fits(t, size);
      t.unmount();
      tui = null;
    }
  });

  it('shows every field of an ACGAN run in full, A→B too, at 80 columns and more', async () => {
    for (const size of SIZES.slice(0, 2)) {
      const { client, t } = await open({ size });
      await answer(client, t);
      for (let i = 0; i < 3; i++) await t.press(DOWN); // face
      expect(fieldLine(t)).toMatch(/hair random {2}eyes random {2}noise free {2}spread 1\.00 {2}face ◀ 1\/\d+ ▶$/);
      await t.press('i');
      await answer(client, t);
      expect(t.text()).not.toMatch(/(face|eyes|hair) [^\n]*…/);
      fits(t, size);
      t.unmount();
      tui = null;
    }
  });

  it('says which file S saved as a path that opens from the working folder: absolute for a run elsewhere', async () => {
    for (const size of SIZES) {
      const runDir = tempDir('agt-genview-narrow-');
      const { client, t } = await open({ runDir, size });
      await t.press(RIGHT); // hair aqua, seed 101
      await answer(client, t);
      for (let i = 0; i < 3; i++) await t.press(DOWN); // face
      await t.press(RIGHT); // face 2
      await t.press('S');
      await waitFor(() => t.text().includes('saved'), 'the saved note');
      const name = 'seed-101-aqua-random-face2-aqua-orange.png';
      expect(existsSync(`${runDir}/generated/${name}`)).toBe(true);
      // The run lies outside the working folder: its absolute path, wrapped on a narrow screen.
      expect(t.text().replace(/\s+/g, '')).toContain(`saved${runDir}/generated/${name}`);
      fits(t, size);
      t.unmount();
      tui = null;
    }
  });
});
