import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decode } from 'sixel';
import type { FaceGrid } from '../../src/protocol/messages.js';
import { drawImageFaces, rowIndices, sixelHeight, type ImageSpec } from '../../src/ui/preview/face-images.js';
import { fitPreview, imageBoxes, SIXEL_MAX_PIXELS } from '../../src/ui/preview/fit.js';
import { generateBoxes, generateLayout } from '../../src/ui/generate/generate-layout.js';
import { binOf, reducePalette } from '../../src/ui/preview/quantize.js';
import { encodeSixel, TRANSPARENT } from '../../src/ui/preview/sixel.js';

/** The sixel data between "q" and ST, decoded by the `sixel` package: [r, g, b, a] per pixel. */
function decodeSixel(escape: string, fill = 0): { width: number; height: number; rgba: Uint8ClampedArray } {
  expect(escape.startsWith('\x1bP0;1;0q')).toBe(true);
  expect(escape.endsWith('\x1b\\')).toBe(true);
  const img = decode(escape.slice('\x1bP0;1;0q'.length, -2), { fillColor: fill });
  return { width: img.width, height: img.height, rgba: img.data8 };
}

/** A grid of rows×cols faces of side×side pixels, each face a flat colour with one odd pixel at (1, 2). */
function flatGrid(rows: number, cols: number, side: number): FaceGrid {
  const width = cols * side;
  const height = rows * side;
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const face = Math.floor(y / side) * cols + Math.floor(x / side);
      const odd = x % side === 1 && y % side === 2;
      const p = (y * width + x) * 3;
      pixels[p] = odd ? 255 : 40 * face;
      pixels[p + 1] = odd ? 255 : 200 - 20 * face;
      pixels[p + 2] = odd ? 0 : 90;
    }
  }
  return { rows, cols, width, height, pixels, rowLabels: [] };
}

describe('colour reduction', () => {
  it('gives each distinct colour its own register while there are registers enough', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 0, 0]);
    const { colours, lut } = reducePalette(rgb);
    expect(colours).toHaveLength(3);
    for (const [r, g, b] of [[255, 0, 0], [0, 255, 0], [0, 0, 255]] as const) {
      expect(colours[lut[binOf(r, g, b)]!]).toEqual([r, g, b]);
    }
  });

  it('keeps to the registers it is given, each pixel close to its register', () => {
    const rgb = new Uint8Array(64 * 64 * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 37) % 256;
    const { colours, lut } = reducePalette(rgb, 16);
    expect(colours.length).toBeLessThanOrEqual(16);
    let worst = 0;
    for (let i = 0; i < rgb.length; i += 3) {
      const c = colours[lut[binOf(rgb[i]!, rgb[i + 1]!, rgb[i + 2]!)]!]!;
      worst = Math.max(worst, Math.abs(c[0] - rgb[i]!), Math.abs(c[1] - rgb[i + 1]!), Math.abs(c[2] - rgb[i + 2]!));
    }
    expect(worst).toBeLessThan(128);
  });
});

describe('sixel encoder', () => {
  it('round-trips through the sixel package decoder, leaving transparent pixels alone', () => {
    const width = 7;
    const height = 9; // one full band and one of 3 rows
    const palette: Array<[number, number, number]> = [[255, 0, 0], [0, 0, 255], [255, 255, 255]];
    const indices = new Uint16Array(width * height);
    for (let i = 0; i < indices.length; i++) indices[i] = i % 5 === 4 ? TRANSPARENT : i % 3;
    const escape = encodeSixel({ width, height, indices, palette });
    // Register 0 is grey, for terminals behind tmux, which paint untouched pixels with it.
    expect(escape).toContain('#0;2;50;50;50#1;2;100;0;0');
    const fill = 0x01020304;
    const img = decodeSixel(escape, fill);
    expect(img.width).toBe(width);
    expect(img.height).toBe(height);
    for (let i = 0; i < indices.length; i++) {
      const got = [img.rgba[i * 4], img.rgba[i * 4 + 1], img.rgba[i * 4 + 2]];
      if (indices[i] === TRANSPARENT) expect(got).toEqual([4, 3, 2]);
      else expect(got).toEqual(palette[indices[i]!]);
    }
  });

  it('writes runs as repeats and defines only the registers it uses, numbered from 0 without gaps', () => {
    const escape = encodeSixel({ width: 40, height: 6, indices: new Uint16Array(240).fill(1), palette: [[0, 0, 0], [0, 255, 0]] });
    expect(escape).toContain('#0;2;0;100;0#0!40~');
    expect(escape).not.toContain('#1');
    // Palette entries 3 and 7 of 8 drawn: registers 0 and 1 (tmux sends every register below the
    // highest on to the terminal, and xterm draws nothing where one of them is undefined).
    const palette = Array.from({ length: 8 }, (_, i) => [(i % 6) * 51, 0, 0] as [number, number, number]);
    const two = encodeSixel({ width: 2, height: 1, indices: Uint16Array.from([7, 3]), palette });
    expect([...two.matchAll(/#(\d+);2;/g)].map((m) => m[1])).toEqual(['0', '1']);
    const img = decodeSixel(two, 0);
    expect([img.rgba[0], img.rgba[4]]).toEqual([palette[7]![0], palette[3]![0]]);
  });
});

describe('faces as images', () => {
  const spec = (over: Partial<ImageSpec> = {}): ImageSpec => ({
    protocol: 'sixel',
    rows: 2,
    cols: 3,
    scale: 2,
    faceCols: 3,
    faceRows: 2,
    gap: 1,
    cell: { width: 6, height: 9 },
    ...over,
  });

  it('scales each face by whole pixels, nearest neighbour, from the top-left of its box of cells', () => {
    const grid = flatGrid(2, 3, 8);
    const s = spec();
    const palette = reducePalette(grid.pixels);
    const img = rowIndices(grid, s, palette, 1, 16);
    // Three boxes of 3 cells and two gaps of 1 cell, 6 pixels each.
    expect(img.width).toBe((3 * 3 + 2) * 6);
    const at = (x: number, y: number) => palette.colours[img.indices[y * img.width + x]!];
    // Face 4 (row 1, column 1) starts at its box: (3 + 1) cells in.
    const left = 4 * 6;
    const odd = [255, 255, 0];
    // The odd pixel (1, 2) becomes the 2×2 block at (2..3, 4..5).
    for (const [x, y] of [[2, 4], [3, 4], [2, 5], [3, 5]]) expect(at(left + x!, y!)).toEqual(odd);
    for (const [x, y] of [[1, 4], [4, 4], [2, 3], [2, 6]]) expect(at(left + x!, y!)).not.toEqual(odd);
    // Between faces (16 pixels of face in an 18-pixel box, then a 6-pixel gap) nothing is drawn.
    for (let x = 16; x < 24; x++) expect(img.indices[x]).toBe(TRANSPARENT);
  });

  it('draws one sixel per face row, the scaled face in whole bands of six pixels', async () => {
    const grid = flatGrid(2, 3, 8);
    // 16 pixels of face in boxes of 2 × 9 pixels: two transparent rows make 18.
    const drawn = await drawImageFaces(grid, spec());
    if (!('rows' in drawn)) throw new Error(drawn.error);
    expect(drawn.rows).toHaveLength(2);
    const img = decodeSixel(drawn.rows[0]!);
    expect(img.height).toBe(18);
    // tmux would paint a partial band's image a band taller, over the labels: with no room for
    // a whole band more (64×2 = 128 pixels in 10 cells of 13), the face loses its last 2 rows.
    expect(sixelHeight(128, 130)).toBe(126);
    expect(sixelHeight(128, 144)).toBe(132);
    expect(sixelHeight(126, 130)).toBe(126);
    expect(sixelHeight(64, 65)).toBe(60);
    expect(sixelHeight(4, 5)).toBe(4);
  });

  it('keeps a sixel within the terminal\'s 256 registers, the grey behind the faces included', async () => {
    // 1,024 distinct colours in faces with gaps between them: 255 face colours and the grey.
    const grid = flatGrid(1, 4, 16);
    for (let i = 0; i < grid.width * grid.height; i++) {
      grid.pixels[i * 3] = (i * 8) % 256;
      grid.pixels[i * 3 + 1] = (i * 53) % 256;
      grid.pixels[i * 3 + 2] = Math.floor(i / 4) % 256;
    }
    const drawn = await drawImageFaces(grid, spec({ rows: 1, cols: 4, scale: 1 }));
    if (!('rows' in drawn)) throw new Error(drawn.error);
    const defined = [...drawn.rows[0]!.matchAll(/#(\d+);2;/g)].map((m) => Number(m[1]));
    expect(defined.length).toBeGreaterThan(200);
    expect(Math.max(...defined)).toBeLessThanOrEqual(255);
    expect(drawn.rows[0]).toContain('#0;2;50;50;50');
  });

  it("gives iTerm2 a PNG exactly the row's cells in pixels, stretched over those cells", async () => {
    const grid = flatGrid(1, 2, 8);
    const drawn = await drawImageFaces(grid, spec({ protocol: 'iterm', rows: 1, cols: 2 }));
    if (!('rows' in drawn)) throw new Error(drawn.error);
    const m = /^\x1b\]1337;File=inline=1;size=(\d+);width=7;height=2;preserveAspectRatio=0:([A-Za-z0-9+/=]+)\x07$/.exec(drawn.rows[0]!);
    expect(m).not.toBeNull();
    const png = Buffer.from(m![2]!, 'base64');
    expect(png.length).toBe(Number(m![1]));
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([7 * 6, 2 * 9, 4]);
  });

  it('sizes boxes by the cell: as many cells as the scaled face needs', () => {
    const boxes = imageBoxes({ width: 6, height: 13 }, 64, [2, 1, 0.5]);
    expect(boxes.map((b) => [b.faceCols, b.faceRows])).toEqual([[22, 10], [11, 5], [6, 3]]);
    // A larger face is worth more only up to the scale given.
    expect(boxes.map((b) => b.worth)).toEqual([64, 64, 32]);
    // Twice as large is worth about three faces, not four: (2^0.75)² = 2^1.5.
    const [twice, once] = imageBoxes({ width: 6, height: 13 }, 64, [2, 1], 2).map((b) => b.worth);
    expect((twice! / once!) ** 2).toBeCloseTo(2 ** 1.5);
  });

  it('keeps sixel image rows within the 1000 pixels xterm draws (it drops a larger image whole)', () => {
    const cell = { width: 9, height: 18 };
    // 2×: 15 cells a face; 1000 px is 111 cells: 7 faces and their 6 gaps (111 cells), not 8.
    const [twice, once] = imageBoxes(cell, 64, [2, 1], 2, SIXEL_MAX_PIXELS);
    expect([twice!.faceCols, twice!.maxAcross]).toEqual([15, 7]);
    expect([once!.faceCols, once!.maxAcross]).toEqual([8, 12]);
    expect(imageBoxes(cell, 64, [2, 1], 2).every((b) => b.maxAcross === undefined)).toBe(true);
    // A box taller than the limit is never offered (4× of a 300-pixel face).
    expect(imageBoxes(cell, 300, [4, 1], 2, SIXEL_MAX_PIXELS).map((b) => b.scale)).toEqual([1]);
    // The generate view at 150×45: rows of at most 7 faces, each row one image of ≤ 1000 px.
    const sixel = { kind: 'sixel', cell } as const;
    const { shape } = generateLayout({ columns: 150, rows: 45 }, false, 1, generateBoxes(sixel as never, true));
    expect(shape.cols).toBeLessThanOrEqual(7);
    const fit = fitPreview({ gridRows: 4, gridCols: 8, rowLabels: [], width: 150, height: 40, gap: 1, boxes: generateBoxes(sixel as never, true) })!;
    expect((fit.cols * fit.faceCols + (fit.cols - 1)) * cell.width).toBeLessThanOrEqual(SIXEL_MAX_PIXELS);
  });
});
