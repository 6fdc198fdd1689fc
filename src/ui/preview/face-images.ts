/**
 * Faces as terminal images (sixel, iTerm2): one image per face row, each face scaled by whole
 * pixels (nearest neighbour, so a face pixel stays a square of screen pixels) and placed at the
 * top-left of its box of cells, so that a face starts exactly where Ink laid out its cells.
 * Between and below faces the image is transparent: the row labels under a face row are text,
 * never inside an image (tmux drops an image whose cells are written over).
 *
 * Drawn once per grid and size and kept (like block-faces.ts), so a frame redrawn for other
 * reasons costs nothing here.
 */
import sharp from 'sharp';
import type { FaceGrid } from '../../protocol/messages.js';
import { firstLine } from '../../util/errors.js';
import type { CellSize } from './detect.js';
import { cropPixels } from './kitty.js';
import type { ImageProtocol } from './mode.js';
import { binOf, MAX_REGISTERS, reducePalette, type Palette } from './quantize.js';
import { encodeSixel, SIXEL_COLOURS, TRANSPARENT, type IndexedImage } from './sixel.js';

export interface ImageSpec {
  protocol: ImageProtocol;
  /** How many face rows and columns of the grid to draw (the first ones). */
  rows: number;
  cols: number;
  /** Screen pixels per face pixel: a whole number, or ½ (every other pixel). */
  scale: number;
  /** Cells per face box, and blank cells between boxes. */
  faceCols: number;
  faceRows: number;
  gap: number;
  cell: CellSize;
}

/** One escape per face row, each drawing that row's image at the cursor. */
export type ImageEntry = { rows: string[] } | { error: string };

const pending = new WeakMap<FaceGrid, Map<string, Promise<ImageEntry>>>();
const finished = new WeakMap<FaceGrid, Map<string, ImageEntry>>();

export function imageKey(spec: ImageSpec): string {
  const { protocol, rows, cols, scale, faceCols, faceRows, gap, cell } = spec;
  return `${protocol}:${rows}x${cols}@${scale}/${faceCols}x${faceRows}+${gap}:${cell.width}x${cell.height}`;
}

export function peekImageFaces(grid: FaceGrid, spec: ImageSpec): ImageEntry | undefined {
  return finished.get(grid)?.get(imageKey(spec));
}

/** The images for a grid at a size; concurrent calls for the same share one drawing. */
export function drawImageFaces(grid: FaceGrid, spec: ImageSpec): Promise<ImageEntry> {
  const key = imageKey(spec);
  let forGrid = pending.get(grid);
  if (!forGrid) pending.set(grid, (forGrid = new Map()));
  let job = forGrid.get(key);
  if (!job) {
    job = drawRows(grid, spec).then(
      (rows): ImageEntry => ({ rows }),
      (err: Error): ImageEntry => ({ error: firstLine(err) }),
    );
    void job.then((entry) => {
      let done = finished.get(grid);
      if (!done) finished.set(grid, (done = new Map()));
      done.set(key, entry);
    });
    forGrid.set(key, job);
  }
  return job;
}

/** Width in pixels of a row image: every box and gap, in whole cells. */
function rowWidth(spec: ImageSpec): number {
  return (spec.cols * spec.faceCols + (spec.cols - 1) * spec.gap) * spec.cell.width;
}

/** Face pixels per side at this scale. */
function scaledSide(faceSide: number, scale: number): number {
  return Math.floor(faceSide * scale);
}

/**
 * Face row `r` as palette indices: [height, width]. Each screen pixel takes the face pixel
 * floor(x / scale), so every face pixel becomes scale×scale screen pixels.
 */
export function rowIndices(grid: FaceGrid, spec: ImageSpec, palette: Palette, r: number, height: number): IndexedImage {
  const faceW = Math.floor(grid.width / grid.cols);
  const faceH = Math.floor(grid.height / grid.rows);
  const sideX = scaledSide(faceW, spec.scale);
  const sideY = Math.min(height, scaledSide(faceH, spec.scale));
  const width = rowWidth(spec);
  const indices = new Uint16Array(width * height).fill(TRANSPARENT);
  const pitch = (spec.faceCols + spec.gap) * spec.cell.width;
  // Source column of each screen column within a face, worked out once.
  const srcX = new Int32Array(sideX);
  for (let x = 0; x < sideX; x++) srcX[x] = Math.min(faceW - 1, Math.floor(x / spec.scale));
  for (let c = 0; c < spec.cols; c++) {
    const left = c * pitch;
    const cols = Math.min(sideX, width - left);
    for (let y = 0; y < sideY; y++) {
      const sy = r * faceH + Math.min(faceH - 1, Math.floor(y / spec.scale));
      const src = (sy * grid.width + c * faceW) * 3;
      const dst = y * width + left;
      for (let x = 0; x < cols; x++) {
        const p = src + srcX[x]! * 3;
        indices[dst + x] = palette.lut[binOf(grid.pixels[p]!, grid.pixels[p + 1]!, grid.pixels[p + 2]!)]!;
      }
    }
  }
  return { width, height, indices, palette: palette.colours };
}

/**
 * A sixel face row's height: `side` pixels of face in a box `room` pixels tall, in whole bands of
 * six. tmux 3.4+ redraws an image whose height is not a multiple of six one band taller than
 * that (in xterm, 128 pixels came out 138), and, having dropped P2=1's transparency, paints the
 * band over the face labels below. So the face gets transparent rows up to a whole band where its
 * box has room, or loses its last few rows (one face pixel at 2×, 13-pixel cells) where not.
 */
export function sixelHeight(side: number, room: number): number {
  const up = Math.ceil(side / 6) * 6;
  if (up <= room) return up;
  const down = Math.floor(Math.min(side, room) / 6) * 6;
  return down > 0 ? down : Math.min(side, room);
}

async function drawRows(grid: FaceGrid, spec: ImageSpec): Promise<string[]> {
  // One palette for everything shown, from the faces at their own size (scaling adds no colours).
  const registers = spec.protocol === 'sixel' ? SIXEL_COLOURS : MAX_REGISTERS;
  const palette = reducePalette(cropPixels(grid, { rows: spec.rows, cols: spec.cols }).pixels, registers);
  const faceH = Math.floor(grid.height / grid.rows);
  const rows: string[] = [];
  for (let r = 0; r < spec.rows; r++) {
    if (spec.protocol === 'sixel') {
      rows.push(encodeSixel(rowIndices(grid, spec, palette, r, sixelHeight(scaledSide(faceH, spec.scale), spec.faceRows * spec.cell.height))));
    } else {
      // iTerm2 stretches an image over the cells it is given: exactly the box's pixels, so 1:1.
      rows.push(await itermRow(rowIndices(grid, spec, palette, r, spec.faceRows * spec.cell.height), spec));
    }
  }
  return rows;
}

/** iTerm2's inline image (OSC 1337 File=), a PNG with transparent gaps, over the row's cells. */
async function itermRow(image: IndexedImage, spec: ImageSpec): Promise<string> {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let i = 0; i < image.indices.length; i++) {
    const idx = image.indices[i]!;
    if (idx === TRANSPARENT) continue;
    const [r, g, b] = image.palette[idx]!;
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = 255;
  }
  const png = await sharp(rgba, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png({ compressionLevel: 1, palette: false })
    .toBuffer();
  const cellsAcross = spec.cols * spec.faceCols + (spec.cols - 1) * spec.gap;
  return `\x1b]1337;File=inline=1;size=${png.length};width=${cellsAcross};height=${spec.faceRows};preserveAspectRatio=0:${png.toString('base64')}\x07`;
}
