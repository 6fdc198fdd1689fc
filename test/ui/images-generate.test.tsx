import { afterEach, describe, expect, it } from 'vitest';
import { render, type Instance } from 'ink';
import { GenerateApp } from '../../src/ui/generate/generate-app.js';
import type { GeneratorInfo, TrainerCommand } from '../../src/protocol/messages.js';
import { envCaps } from '../../src/ui/preview/detect.js';
import { FrameWriter } from '../../src/ui/preview/frame-writer.js';
import { TerminalContext } from '../../src/ui/preview/mode.js';
import { PlaceholderContext, substitutingStream } from '../../src/ui/preview/placeholders.js';
import { FakeTerminalIn, FakeTerminalOut } from '../../src/dev/fake-terminal.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { faceGrid } from '../helpers/fixtures.js';
import { renderTui, waitFor, type Tui } from '../helpers/render-tui.js';

type Generate = Extract<TrainerCommand, { type: 'generate' }>;

const INFO: GeneratorInfo = {
  model: 'acgan',
  width: 0.5,
  hairVocab: ['aqua', 'black'],
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

/** Heights of the sixel images written since chunk `from`, from their raster attributes. */
function sixelHeights(out: FakeTerminalOut, from = 0): number[] {
  return [...out.chunks.slice(from).join('').matchAll(/\x1bP0;1;0q"1;1;\d+;(\d+)/g)].map((m) => Number(m[1]));
}

let app: Instance | null = null;
let tui: Tui | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  tui?.unmount();
  tui = null;
});

describe('sixel faces in the generate view', () => {
  it('draws each face row as an image at the terminal’s cell size, and z shows one face at 4×', async () => {
    const client = new FakeTrainerClient();
    const out = new FakeTerminalOut(160, 48, { record: true });
    const input = new FakeTerminalIn();
    // A terminal of 10×20-pixel cells that said it draws sixel.
    const caps = { ...envCaps({}), sixel: true, answered: true, cell: { width: 10, height: 20 } };
    app = render(
      <TerminalContext.Provider value={caps}>
        <PlaceholderContext.Provider value={true}>
          <GenerateApp client={client} preview="auto" env={{ TERM: 'xterm' }} randomSeed={() => 7} />
        </PlaceholderContext.Provider>
      </TerminalContext.Provider>,
      {
        stdout: substitutingStream(out as unknown as NodeJS.WriteStream, new FrameWriter(() => ({ columns: 160, rows: 48 }))),
        stdin: input as unknown as NodeJS.ReadStream,
        patchConsole: false,
        exitOnCtrlC: false,
        incrementalRendering: false,
      },
    );
    client.push({ type: 'generator', info: INFO });
    await waitFor(() => client.sent.length > 0, 'a request');
    const req = client.sent[0] as Generate;
    const rows = Math.ceil(req.count / req.cols!);
    client.push({ type: 'generated', requestId: req.requestId, grid: faceGrid(rows, req.cols!), labels: Array(req.count).fill(['black', 'red']) });
    await waitFor(() => sixelHeights(out).length > 0, 'the faces as sixel');
    // At 10×20-pixel cells the view has room for faces at 2×: 128 pixels, one image per face row,
    // in whole bands of six (132: four transparent rows under the faces).
    expect(sixelHeights(out)).toEqual(Array(rows).fill(132));
    // The first frame to show them is the one that sends them: drawn before the answer is shown.
    const first = out.chunks.findIndex((c) => c.includes('\x1bP'));
    expect(out.chunks.slice(0, first).join('')).not.toMatch(/drawing faces/);

    const before = out.chunks.length;
    input.type('z');
    await waitFor(() => sixelHeights(out, before).length > 0, 'the face alone');
    expect(sixelHeights(out, before)).toEqual([258]);

    const back = out.chunks.length;
    input.type('z');
    await waitFor(() => sixelHeights(out, back).length > 0, 'the grid again');
    expect(sixelHeights(out, back)).toEqual(Array(rows).fill(132));
    // The large face's cells were erased where the grid does not cover them.
    expect(out.chunks.slice(back).join('')).toMatch(/\x1b\[\d+X/);
  });
});

describe('one face large in half-blocks', () => {
  it('z shows the chosen face 32 cells across, with its label, and z again the grid', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<GenerateApp client={client} preview="blocks" env={{ COLORTERM: 'truecolor' }} randomSeed={() => 7} />, { columns: 80, rows: 24 });
    const t = tui;
    client.push({ type: 'generator', info: INFO });
    await waitFor(() => client.sent.length > 0, 'a request');
    const req = client.sent[0] as Generate;
    client.push({ type: 'generated', requestId: req.requestId, grid: faceGrid(Math.ceil(req.count / req.cols!), req.cols!), labels: Array(req.count).fill(['black', 'red']) });
    await waitFor(() => t.text().includes('▄'), 'faces');
    // The footer names the key at 80 columns, and what it does next.
    expect(t.text()).toContain('z zoom');
    await t.press('z');
    // Its half-blocks are drawn in the background (drawing faces… meanwhile).
    await waitFor(() => t.text().includes('z: all faces') && t.text().includes('▄'), 'the face alone');
    const faceLines = t.text().split('\n').filter((l) => l.includes('▄'));
    expect(faceLines).toHaveLength(16);
    expect(faceLines[0]!.trim()).toHaveLength(32);
    expect(t.text()).toMatch(/black\/red · face 1 · z: all faces/);
    expect(t.text()).toContain('z grid');
    await t.press('z');
    await waitFor(() => !t.text().includes('z: all faces'), 'the grid again');
    expect(t.text().split('\n').filter((l) => l.includes('▄')).length).toBeGreaterThan(0);
  });

  it('labels the face alone by its number only when both colours are picked', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<GenerateApp client={client} preview="blocks" env={{ COLORTERM: 'truecolor' }} randomSeed={() => 7} />, { columns: 80, rows: 24 });
    const t = tui;
    client.push({ type: 'generator', info: INFO });
    await waitFor(() => client.sent.length > 0, 'a request');
    // Hair, then eyes: each to its first colour (→, ↓, →).
    for (const key of ['\x1b[C', '\x1b[B', '\x1b[C']) await t.press(key);
    await waitFor(() => client.sent.some((m) => (m as Generate).hair != null && (m as Generate).eyes != null), 'a request for both colours');
    const req = client.sent.at(-1) as Generate;
    client.push({ type: 'generated', requestId: req.requestId, grid: faceGrid(Math.ceil(req.count / req.cols!), req.cols!), labels: Array(req.count).fill([req.hair, req.eyes]) });
    await waitFor(() => t.text().includes('▸face 1'), 'faces with only the chosen one labelled');
    await t.press('z');
    await waitFor(() => t.text().includes('z: all faces'), 'the face alone');
    expect(t.text()).toMatch(/^ face 1 · z: all faces/m);
  });
});
