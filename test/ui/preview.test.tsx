import { afterEach, describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { inflateSync } from 'node:zlib';
import { App } from '../../src/ui/app.js';
import { fitPreview } from '../../src/ui/preview/fit.js';
import { areaWeights, renderHalfBlocks, rgbTo256, scaleFace } from '../../src/ui/preview/half-blocks.js';
import { cropPixels, kittyImageId, kittyPlaceholderLines, kittyTransmit } from '../../src/ui/preview/kitty.js';
import { resolvePreview } from '../../src/ui/preview/mode.js';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { faceGrid, startEvent } from '../helpers/fixtures.js';
import { renderTui, settle, type Tui } from '../helpers/render-tui.js';

let tui: Tui | null = null;
afterEach(() => {
  tui?.unmount();
  tui = null;
});

describe('half-block renderer', () => {
  it('averages areas exactly', () => {
    for (const [source, target] of [[64, 8], [64, 10], [64, 6]] as const) {
      const table = areaWeights(source, target);
      expect(table).toHaveLength(target);
      for (const row of table) expect(row.reduce((s, [, w]) => s + w, 0)).toBeCloseTo(1);
    }
    const face = scaleFace(faceGrid(1, 1), 0, 0, 8);
    // Upper half blue 200, lower half 50; the mean over the face is kept.
    expect(face[2]).toBeCloseTo(200);
    expect(face[(7 * 8) * 3 + 2]).toBeCloseTo(50);
  });

  it('draws upper pixels as foreground of ▀ and lower pixels as background', () => {
    const grid = faceGrid(2, 3);
    const lines = renderHalfBlocks(grid, { rows: 2, cols: 3 }, { faceCols: 8, gap: 1, depth: 'truecolor' });
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(stripVTControlCharacters(line)).toBe('▀▀▀▀▀▀▀▀ ▀▀▀▀▀▀▀▀ ▀▀▀▀▀▀▀▀');
    // Face (0,0): r=10, g=20, upper b=200, lower b=50.
    expect(lines[0]).toContain('\x1b[38;2;10;20;200m\x1b[48;2;10;20;200m▀');
    expect(lines[1]).toContain('\x1b[38;2;10;20;200m\x1b[48;2;10;20;200m▀');
    expect(lines[2]).toContain('\x1b[38;2;10;20;50m\x1b[48;2;10;20;50m▀');
    // At 6 cells a face, text row 1 spans the light/dark boundary: light over dark.
    const small = renderHalfBlocks(grid, { rows: 1, cols: 1 }, { faceCols: 6, gap: 0, depth: 'truecolor' });
    expect(small[1]).toContain('\x1b[38;2;10;20;200m\x1b[48;2;10;20;50m▀');
    // Face (1,2): r=50, g=100.
    expect(lines[4]).toContain('\x1b[38;2;50;100;200m');
  });

  it('falls back to 256 colours', () => {
    const lines = renderHalfBlocks(faceGrid(1, 1), { rows: 1, cols: 1 }, { faceCols: 4, gap: 0, depth: '256' });
    expect(lines[0]).toMatch(/\x1b\[38;5;\d+m\x1b\[48;5;\d+m▀/);
    expect(rgbTo256(0, 0, 0)).toBe(16);
    expect(rgbTo256(255, 255, 255)).toBe(231);
    expect(rgbTo256(128, 128, 128)).toBe(244);
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
  it('picks kitty placeholders only where the terminal has them', () => {
    expect(resolvePreview('auto', { TERM: 'xterm-kitty' }).kind).toBe('kitty');
    expect(resolvePreview('auto', { TERM: 'xterm-kitty', TMUX: '/tmp/tmux' }).kind).toBe('blocks');
    expect(resolvePreview('auto', { TERM_PROGRAM: 'iTerm.app' }).kind).toBe('blocks');
    expect(resolvePreview('blocks', { TERM: 'xterm-kitty' }).kind).toBe('blocks');
    expect(resolvePreview('off', { TERM: 'xterm-kitty' }).kind).toBe('off');
    const native = resolvePreview('native', { TERM: 'xterm-256color' });
    expect(native.kind).toBe('blocks');
    expect(native.note).toMatch(/kitty/);
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
    await settle();
    const text = tui.text();
    expect(text).toContain('samples · fixed z · epoch 1 · step 50');
    const faceLines = text.split('\n').filter((l) => l.includes('▀'));
    expect(faceLines.length).toBeGreaterThan(0);
    expect(faceLines[0]).toMatch(/^aqua\/orange\s+▀+ ▀+/);
    expect(text).toContain('black/yellow');
    // Truecolor half-blocks in the raw frame, no kitty graphics escapes even on kitty.
    expect(tui.lastFrame()).toMatch(/\x1b\[38;2;\d+;\d+;\d+m/);
    expect(tui.stdout.frames.join('')).not.toContain('\x1b_G');
  });

  it('sends the image once and shows placeholders on kitty in auto mode', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="auto" flushMs={0} env={{ TERM: 'xterm-kitty' }} />, { columns: 100, rows: 30 });
    client.emit(startEvent());
    client.push({ type: 'sample-grid', step: 50, epoch: 1, grid: faceGrid(3, 4) });
    await settle();
    const written = tui.stdout.frames.join('');
    expect(written.match(/\x1b_Ga=T/g)).toHaveLength(1);
    // Placeholder cells in the frame; the image itself went out as a separate write.
    const frame = tui.stdout.frames.filter((f) => !f.startsWith('\x1b_G')).at(-1)!;
    expect(frame).toContain(String.fromCodePoint(0x10eeee));
    expect(frame).not.toContain('\x1b_G');
  });

  it('shows nothing of the faces with preview off', async () => {
    const client = new FakeTrainerClient();
    tui = renderTui(<App client={client} preview="off" flushMs={0} env={{}} />, { columns: 100, rows: 30 });
    client.emit(startEvent());
    client.push({ type: 'sample-grid', step: 50, epoch: 1, grid: faceGrid(3, 4) });
    await settle();
    expect(tui.text()).not.toContain('▀');
  });
});
