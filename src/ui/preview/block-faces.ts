/**
 * Half-block previews drawn by terminal-image. The faces are scaled by sharp to
 * faceCols×faceCols pixels, laid out a face row at a time with gaps between them, encoded as
 * PNG and handed to terminal-image, which turns every two pixels stacked vertically into one
 * '▄' cell (upper pixel as background, lower as foreground). A face of faceCols cells is
 * therefore faceCols/2 text rows tall and looks square on terminals whose cells are twice as
 * tall as wide. Gap cells are made plain blanks afterwards.
 *
 * Scaling happens in sharp rather than in terminal-image (Jimp, bilinear): going from 64 to 8
 * pixels bilinearly samples a few source pixels and aliases; sharp's resize filters properly.
 * All faces are scaled in one sharp call and each face row is one image, since a sharp call
 * costs about a millisecond of CPU whatever its size (one call per face cost 70 ms a grid).
 *
 * It is async (sharp runs off-thread, terminal-image awaits its decoder), so results are cached
 * per grid and size: a grid is drawn once when it arrives or the box changes size, never per
 * frame.
 */
import chalk from 'chalk';
import sharp from 'sharp';
import type { FaceGrid } from '../../protocol/messages.js';
import type { ColorDepth } from './mode.js';
import { compactSgr } from './sgr.js';
import { firstLine } from '../../util/errors.js';

export interface BlockSpec {
  /** How many face rows and columns of the grid to draw (the first ones). */
  rows: number;
  cols: number;
  /** Width of one face in cells; even, so a face is a whole number of text rows. */
  faceCols: number;
  /** Blank cells between faces. */
  gap: number;
  depth: ColorDepth;
}

type Entry = { lines: string[] } | { error: string };

const pending = new WeakMap<FaceGrid, Map<string, Promise<Entry>>>();
const finished = new WeakMap<FaceGrid, Map<string, Entry>>();

export function blockKey(spec: BlockSpec): string {
  return `${spec.rows}x${spec.cols}@${spec.faceCols}+${spec.gap}:${spec.depth}`;
}

/** The drawn lines (or why drawing failed) if this grid was already drawn at this size. */
export function peekBlockFaces(grid: FaceGrid, spec: BlockSpec): Entry | undefined {
  return finished.get(grid)?.get(blockKey(spec));
}

/**
 * Draws the first spec.rows × spec.cols faces; resolves to one string per text row, each
 * exactly cols·faceCols + (cols−1)·gap cells wide. Concurrent calls for the same grid and
 * size share one drawing.
 */
export function drawBlockFaces(grid: FaceGrid, spec: BlockSpec): Promise<Entry> {
  const key = blockKey(spec);
  let forGrid = pending.get(grid);
  if (!forGrid) pending.set(grid, (forGrid = new Map()));
  let job = forGrid.get(key);
  if (!job) {
    job = render(grid, spec).then(
      (lines): Entry => ({ lines }),
      (err: Error): Entry => ({ error: firstLine(err) }),
    );
    job.then((entry) => {
      let done = finished.get(grid);
      if (!done) finished.set(grid, (done = new Map()));
      done.set(key, entry);
    });
    forGrid.set(key, job);
  }
  return job;
}

// Loaded apart from the dashboard's own modules: terminal-image pulls in Jimp, ~0.3 s of
// loading that the first frame need not wait for.
type TerminalImage = typeof import('terminal-image').default;
let terminalImage: Promise<TerminalImage> | null = null;

/** Starts loading terminal-image, so that it is ready when the first grid arrives. */
export function preloadBlockFaces(): Promise<TerminalImage> {
  terminalImage ??= import('terminal-image').then((m) => m.default);
  return terminalImage;
}

/** Widest image handed to terminal-image: it shrinks anything wider than process.stdout, which is 80 columns when stdout is no terminal. */
const MAX_CHUNK = 80;

async function render(grid: FaceGrid, spec: BlockSpec): Promise<string[]> {
  const ti = await preloadBlockFaces();
  // terminal-image colours through chalk, which sized its colour level from process.stdout
  // (none at all when that is not a terminal, 16 colours for TERM=screen). Faces need at least
  // 256 colours to be recognisable; the depth resolved for the terminal says what it shows.
  chalk.level = spec.depth === 'truecolor' ? 3 : 2;
  const { rows, cols, faceCols: f, gap } = spec;
  const scaled = await scaleFaces(grid, rows, cols, f);
  // Faces per image: a whole row when it fits terminal-image's limit, else chunks of it.
  const perChunk = Math.max(1, Math.min(cols, Math.floor((MAX_CHUNK + gap) / (f + gap))));
  const chunks: Array<Promise<string[]>> = [];
  for (let r = 0; r < rows; r++) {
    for (let c0 = 0; c0 < cols; c0 += perChunk) {
      const n = Math.min(perChunk, cols - c0);
      const strip = faceStrip(scaled, r, c0, n, f, gap);
      chunks.push(
        sharp(strip.pixels, { raw: { width: strip.width, height: f, channels: 3 } })
          .png({ compressionLevel: 0 })
          .toBuffer()
          .then((png) => ti.buffer(png, { width: strip.width, height: f / 2, preserveAspectRatio: false, preferNativeRender: false }))
          .then((text) => text.split('\n').map((line) => compactSgr(line, (x) => x % (f + gap) >= f))),
      );
    }
  }
  const drawn = await Promise.all(chunks);
  const perRow = Math.ceil(cols / perChunk);
  const blank = ' '.repeat(gap);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let y = 0; y < f / 2; y++) {
      lines.push(drawn.slice(r * perRow, (r + 1) * perRow).map((chunk) => chunk[y] ?? '').join(blank));
    }
  }
  return lines;
}

/** Scaled faces, each in a tile twice its size whose margin (its own edge pixels) is dropped later. */
interface ScaledTiles {
  pixels: Uint8Array;
  /** Tile side after scaling: 2·faceCols. */
  tile: number;
  width: number;
}

/**
 * Scales the first rows × cols faces to f×f pixels in one sharp call. Each face sits in a tile
 * padded with copies of its edge pixels, so the resampling kernel, which reaches well past a
 * face's border at these ratios, never mixes in a neighbour.
 */
async function scaleFaces(grid: FaceGrid, rows: number, cols: number, f: number): Promise<ScaledTiles> {
  const faceW = Math.floor(grid.width / grid.cols);
  const faceH = Math.floor(grid.height / grid.rows);
  const padX = faceW / 2;
  const padY = faceH / 2;
  const tileW = 2 * faceW;
  const tileH = 2 * faceH;
  // [rows·tileH, cols·tileW, 3]
  const width = cols * tileW;
  const src = new Uint8Array(width * rows * tileH * 3);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let ty = 0; ty < tileH; ty++) {
        const fy = Math.min(faceH - 1, Math.max(0, ty - padY));
        const from = ((r * faceH + fy) * grid.width + c * faceW) * 3;
        const to = ((r * tileH + ty) * width + c * tileW) * 3;
        src.set(grid.pixels.subarray(from, from + faceW * 3), to + padX * 3);
        for (let x = 0; x < padX; x++) {
          for (let k = 0; k < 3; k++) {
            src[to + x * 3 + k] = grid.pixels[from + k]!;
            src[to + (padX + faceW + x) * 3 + k] = grid.pixels[from + (faceW - 1) * 3 + k]!;
          }
        }
      }
    }
  }
  const tile = 2 * f;
  const pixels = await sharp(src, { raw: { width, height: rows * tileH, channels: 3 } })
    .resize(cols * tile, rows * tile, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return { pixels: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length), tile, width: cols * tile };
}

/** n faces of row r from column c0 on, side by side with `gap` black columns between. [f, width, 3] */
function faceStrip(s: ScaledTiles, r: number, c0: number, n: number, f: number, gap: number): { pixels: Uint8Array; width: number } {
  const width = n * f + (n - 1) * gap;
  const pixels = new Uint8Array(width * f * 3);
  const margin = f / 2;
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < f; y++) {
      const from = ((r * s.tile + margin + y) * s.width + (c0 + i) * s.tile + margin) * 3;
      pixels.set(s.pixels.subarray(from, from + f * 3), (y * width + i * (f + gap)) * 3);
    }
  }
  return { pixels, width };
}
