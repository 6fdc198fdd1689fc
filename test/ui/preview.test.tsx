import { afterEach, describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { inflateSync } from 'node:zlib';
import { App } from '../../src/ui/train/app.js';
import { fitPreview } from '../../src/ui/preview/fit.js';
import { drawBlockFaces, peekBlockFaces } from '../../src/ui/preview/block-faces.js';
import { compactSgr } from '../../src/ui/preview/sgr.js';
import { cropPixels, kittyImageId, kittyPlaceholderLines, kittyTransmit } from '../../src/ui/preview/kitty.js';
import { DEFAULT_CELL, resolvePreview } from '../../src/ui/preview/mode.js';
import { REDRAW_MS } from '../../src/ui/hooks/use-block-faces.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { faceGrid, startEvent } from '../helpers/fixtures.js';
import { renderTui, settle, waitFor, type Tui } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

describe('half-blocks from terminal-image', () => {
  const cells = (line: string) => [...stripVTControlCharacters(line)];
  /** The RGB triples of every 24-bit colour code in a string, in order. */
  const colours = (line: string, layer: 38 | 48) =>
    [...line.matchAll(new RegExp(`\\x1b\\[${layer};2;(\\d+);(\\d+);(\\d+)m`, 'g'))].map((m) => m.slice(1, 4).map(Number));

  it('draws the cropped grid as lines of ▄ exactly as wide as the fit says', async () => {
    const grid = faceGrid(3, 4);
    const spec = { rows: 2, cols: 3, faceCols: 8, gap: 1, depth: 'truecolor' as const };
    const drawn = await drawBlockFaces(grid, spec);
    if (!('lines' in drawn)) throw new Error(drawn.error);
    // 2 face rows × 4 text rows (8 pixels, two per cell).
    expect(drawn.lines).toHaveLength(8);
    for (const line of drawn.lines) expect(stripVTControlCharacters(line)).toBe('▄▄▄▄▄▄▄▄ ▄▄▄▄▄▄▄▄ ▄▄▄▄▄▄▄▄');
    // ▄: the upper pixel is the background, the lower the foreground. Face (0,0) is r=10,
    // g=20, with b=200 in its upper half and 50 in its lower half.
    const near = (rgb: number[] | undefined, want: number[]) => want.forEach((v, i) => expect(Math.abs(rgb![i]! - v)).toBeLessThanOrEqual(3));
    near(colours(drawn.lines[0]!, 48)[0], [10, 20, 200]);
    near(colours(drawn.lines[3]!, 38)[0], [10, 20, 50]);
    // Face (1,2): r=50, g=100.
    near(colours(drawn.lines[4]!.split(' ')[2]!, 48)[0], [50, 100, 200]);
    // Gaps stay uncoloured: every colour is closed before the blank cell.
    expect(drawn.lines[0]).toMatch(/\x1b\[39m\x1b\[49m \x1b\[/);
    // The same grid at the same size is drawn once.
    expect(peekBlockFaces(grid, spec)).toBe(await drawBlockFaces(grid, spec));
  });

  it('uses 256 colours where the terminal has no more', async () => {
    const drawn = await drawBlockFaces(faceGrid(1, 1), { rows: 1, cols: 1, faceCols: 4, gap: 0, depth: '256' });
    if (!('lines' in drawn)) throw new Error(drawn.error);
    expect(drawn.lines[0]).toMatch(/\x1b\[38;5;\d+m/);
    expect(drawn.lines[0]).not.toMatch(/\x1b\[[34]8;2;/);
    expect(cells(drawn.lines[0]!)).toHaveLength(4);
  });

  it('sets a colour only where it changes', () => {
    const cell = (bg: string, fg: string) => `\x1b[48;2;${bg}m\x1b[38;2;${fg}m▄\x1b[39m\x1b[49m`;
    const line = cell('1;2;3', '4;5;6') + cell('1;2;3', '4;5;6') + cell('1;2;3', '7;8;9');
    expect(compactSgr(line)).toBe('\x1b[38;2;4;5;6m\x1b[48;2;1;2;3m▄▄\x1b[38;2;7;8;9m▄\x1b[39m\x1b[49m');
    expect(compactSgr('plain')).toBe('plain');
    // Compound codes, 16 colours, resets; and cells marked as gaps become uncoloured blanks.
    expect(compactSgr('\x1b[0;31;44m▄▄\x1b[0m▄')).toBe('\x1b[31m\x1b[44m▄▄\x1b[39m\x1b[49m▄');
    expect(compactSgr(cell('1;2;3', '4;5;6').repeat(3), (i) => i === 1)).toBe(
      '\x1b[38;2;4;5;6m\x1b[48;2;1;2;3m▄\x1b[39m\x1b[49m \x1b[38;2;4;5;6m\x1b[48;2;1;2;3m▄\x1b[39m\x1b[49m',
    );
  });
});

describe('preview fit', () => {
  it('shows as many pixels as fit, cropping the grid when needed', () => {
    const fit = fitPreview({ gridRows: 8, gridCols: 8, rowLabels: ['aqua/orange'], width: 80, height: 8, gap: 1 })!;
    expect(fit.width).toBeLessThanOrEqual(80);
    expect(fit.height).toBeLessThanOrEqual(8);
    expect(fit.faceCols % 2).toBe(0);
    expect(fit.labelWidth).toBe(12);
    expect(fitPreview({ gridRows: 1, gridCols: 8, rowLabels: [], width: 3, height: 8, gap: 1 })).toBeNull();
  });
});

describe('preview modes', () => {
  it('picks images only where the terminal shows them, blocks elsewhere', () => {
    expect(resolvePreview('auto', { TERM: 'xterm-kitty' }).kind).toBe('kitty');
    expect(resolvePreview('auto', { TERM: 'xterm-kitty', TMUX: '/tmp/tmux' }).kind).toBe('blocks');
    // iTerm2 and WezTerm name themselves; iTerm2 over SSH by LC_TERMINAL. Not inside tmux.
    expect(resolvePreview('auto', { TERM_PROGRAM: 'iTerm.app' }).kind).toBe('iterm');
    expect(resolvePreview('auto', { LC_TERMINAL: 'iTerm2' }).kind).toBe('iterm');
    expect(resolvePreview('auto', { TERM_PROGRAM: 'WezTerm', TMUX: '/tmp/tmux' }).kind).toBe('blocks');
    // Sixel only where the terminal said so (DA1), which the environment alone cannot tell.
    expect(resolvePreview('auto', { TERM: 'xterm' }).kind).toBe('blocks');
    expect(resolvePreview('blocks', { TERM: 'xterm-kitty' }).kind).toBe('blocks');
    expect(resolvePreview('off', { TERM: 'xterm-kitty' }).kind).toBe('off');
    const native = resolvePreview('native', { TERM: 'xterm-256color' });
    expect(native.kind).toBe('blocks');
    expect(native.note).toMatch(/kitty, iTerm2 or sixel/);
    // Asked for by name: drawn as asked, with a note where the terminal did not offer it.
    const sixel = resolvePreview('sixel', { TERM: 'xterm' });
    expect(sixel.kind).toBe('sixel');
    expect(sixel.note).toMatch(/did not offer sixel/);
    expect(sixel.cell).toEqual(DEFAULT_CELL);
    expect(resolvePreview('blocks', { COLORTERM: 'truecolor' }).depth).toBe('truecolor');
    expect(resolvePreview('blocks', { TERM: 'xterm-256color' }).depth).toBe('256');
  });

  it('encodes kitty placeholders and the image transmission', () => {
    const id = kittyImageId(0, 4242);
    expect(id).toBeGreaterThan(0xffff);
    expect(id).toBeLessThan(0x1000000);
    const lines = kittyPlaceholderLines(id, 3, 0, 2);
    expect(lines).toHaveLength(2);
    const cells = [...stripVTControlCharacters(lines[1]!)];
    // 3 cells × (placeholder + row mark + column mark).
    expect(cells).toHaveLength(9);
    expect(cells[0]!.codePointAt(0)).toBe(0x10eeee);
    expect(cells[1]!.codePointAt(0)).toBe(0x030d); // row 1
    expect(cells[8]!.codePointAt(0)).toBe(0x030e); // column 2
    const grid = faceGrid(2, 2);
    const image = cropPixels(grid, { rows: 1, cols: 2 });
    expect(image.width).toBe(128);
    expect(image.height).toBe(64);
    const escape = kittyTransmit(id, image, 16, 4);
    expect(escape.startsWith(`\x1b_Ga=T,U=1,q=2,f=24,o=z,s=128,v=64,i=${id},c=16,r=4,`)).toBe(true);
    const payload = [...escape.matchAll(/;([A-Za-z0-9+/=]*)\x1b\\/g)].map((m) => m[1]).join('');
    expect(Buffer.from(inflateSync(Buffer.from(payload, 'base64')))).toEqual(Buffer.from(image.pixels));
  });
});

describe('face preview in the app', () => {
  it("turns a 'sample-grid' message into half-block lines with row labels", async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="blocks" flushMs={0} env={{ TERM: 'xterm-kitty' }} />, { columns: 100, rows: 30 });
    client.emit(startEvent());
    await settle();
    expect(tui.text()).toContain('no samples yet');
    client.push({ type: 'sample-grid', step: 50, epoch: 1, grid: faceGrid(3, 4, ['aqua/orange', 'black/yellow', 'blonde/purple']) });
    await waitFor(() => tui!.text().includes('▄'), 'the faces');
    const text = tui.text();
    expect(text).toContain('samples · fixed z · epoch 1 · step 50');
    const faceLines = text.split('\n').filter((l) => l.includes('▄'));
    expect(faceLines.length).toBeGreaterThan(0);
    expect(faceLines[0]).toMatch(/^aqua\/orange\s+▄+ ▄+/);
    // Every face row is as wide as the fit: label, then faces and gaps.
    const widths = new Set(faceLines.map((l) => l.trimEnd().length));
    expect(widths.size).toBe(1);
    expect(text).toContain('black/yellow');
    // Truecolor half-blocks in the raw frame, no kitty graphics escapes even on kitty.
    expect(tui.lastFrame()).toMatch(/\x1b\[38;2;\d+;\d+;\d+m/);
    expect(tui.stdout.chunks.join('')).not.toContain('\x1b_G');
  });

  it('draws a new grid at an unchanged size at most every REDRAW_MS, and only the newest', async () => {
    const flat = (r: number, g: number, b: number) => {
      const grid = faceGrid(3, 4);
      for (let i = 0; i < grid.pixels.length; i += 3) grid.pixels.set([r, g, b], i);
      return grid;
    };
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="blocks" flushMs={0} env={{ COLORTERM: 'truecolor' }} />, { columns: 100, rows: 30 });
    client.emit(startEvent());
    client.push({ type: 'sample-grid', step: 10, epoch: 1, grid: faceGrid(3, 4) });
    await waitFor(() => tui!.text().includes('▄'), 'the first faces');
    const drawnAt = Date.now();
    client.push({ type: 'sample-grid', step: 20, epoch: 1, grid: flat(0, 255, 0) });
    await settle();
    client.push({ type: 'sample-grid', step: 30, epoch: 1, grid: flat(255, 0, 0) });
    await waitFor(() => tui!.lastFrame().includes('2;255;0;0m'), 'the newest grid', 3 * REDRAW_MS);
    // drawnAt is when the test saw the first faces, up to a poll and a frame after they were
    // drawn (more on a loaded machine): the margin covers that, and is far below REDRAW_MS.
    expect(Date.now() - drawnAt).toBeGreaterThanOrEqual(REDRAW_MS - 300);
    // The grid superseded while it waited was never drawn.
    expect(tui.stdout.chunks.join('')).not.toContain('2;0;255;0m');
  });

  it('sends the image once and shows placeholders on kitty in auto mode', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="auto" flushMs={0} env={{ TERM: 'xterm-kitty' }} />, { columns: 100, rows: 30 });
    client.emit(startEvent());
    client.push({ type: 'sample-grid', step: 50, epoch: 1, grid: faceGrid(3, 4) });
    await settle();
    const written = tui.stdout.chunks.join('');
    expect(written.match(/\x1b_Ga=T/g)).toHaveLength(1);
    // Placeholder cells in the frame; the image itself went out as a separate write.
    const frame = tui.stdout.chunks.filter((f) => !f.startsWith('\x1b_G')).at(-1)!;
    expect(frame).toContain(String.fromCodePoint(0x10eeee));
    expect(frame).not.toContain('\x1b_G');
  });

  it('shows nothing of the faces with preview off', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} />, { columns: 100, rows: 30 });
    client.emit(startEvent());
    client.push({ type: 'sample-grid', step: 50, epoch: 1, grid: faceGrid(3, 4) });
    await settle();
    expect(tui.text()).not.toContain('▄');
  });
});
