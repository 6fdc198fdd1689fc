/**
 * Our own half-block renderer, used for `--preview blocks` and wherever native images are not
 * available. terminal-image's ANSI fallback cannot be used here: it sizes against
 * process.stdout (not Ink's box), needs an encoded image, and is async.
 *
 * Each character cell shows two pixels: the upper as the foreground of '▀', the lower as the
 * background. A face of `faceCols` cells is therefore faceCols × faceCols pixels, which looks
 * square on terminals whose cells are twice as tall as wide. Scaling averages areas, so small
 * previews stay faithful instead of aliasing.
 */
import type { FaceGrid } from '../../protocol/messages.js';

export type ColorDepth = 'truecolor' | '256';

/** Which faces of the grid to draw: the first `rows` rows and `cols` columns. */
export interface Crop {
  rows: number;
  cols: number;
}

export interface BlockOptions {
  /** Width of one face in cells; even, so a face is a whole number of text rows. */
  faceCols: number;
  /** Blank cells between faces. */
  gap: number;
  depth: ColorDepth;
}

const UPPER_HALF = '▀';
const RESET = '\x1b[0m';

/** For each target index, the source indices it covers and their weights (summing to 1). */
export function areaWeights(source: number, target: number): Array<Array<[number, number]>> {
  const scale = source / target;
  const table: Array<Array<[number, number]>> = [];
  for (let t = 0; t < target; t++) {
    const from = t * scale;
    const to = (t + 1) * scale;
    const row: Array<[number, number]> = [];
    for (let s = Math.floor(from); s < Math.min(source, Math.ceil(to)); s++) {
      const overlap = Math.min(to, s + 1) - Math.max(from, s);
      if (overlap > 1e-9) row.push([s, overlap / scale]);
    }
    table.push(row);
  }
  return table;
}

/**
 * One face scaled to size×size, as RGB floats. `faceRow`/`faceCol` pick the face from the grid.
 * [size, size, 3]
 */
export function scaleFace(grid: FaceGrid, faceRow: number, faceCol: number, size: number): Float32Array {
  const faceW = Math.floor(grid.width / grid.cols);
  const faceH = Math.floor(grid.height / grid.rows);
  const wx = areaWeights(faceW, size);
  const wy = areaWeights(faceH, size);
  const x0 = faceCol * faceW;
  const y0 = faceRow * faceH;
  // Horizontal pass first: [faceH, size, 3]
  const tmp = new Float32Array(faceH * size * 3);
  for (let y = 0; y < faceH; y++) {
    const rowBase = ((y0 + y) * grid.width + x0) * 3;
    for (let tx = 0; tx < size; tx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [sx, w] of wx[tx]!) {
        const i = rowBase + sx * 3;
        r += grid.pixels[i]! * w;
        g += grid.pixels[i + 1]! * w;
        b += grid.pixels[i + 2]! * w;
      }
      const o = (y * size + tx) * 3;
      tmp[o] = r;
      tmp[o + 1] = g;
      tmp[o + 2] = b;
    }
  }
  // Vertical pass: [size, size, 3]
  const out = new Float32Array(size * size * 3);
  for (let ty = 0; ty < size; ty++) {
    for (let tx = 0; tx < size; tx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [sy, w] of wy[ty]!) {
        const i = (sy * size + tx) * 3;
        r += tmp[i]! * w;
        g += tmp[i + 1]! * w;
        b += tmp[i + 2]! * w;
      }
      const o = (ty * size + tx) * 3;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
  }
  return out;
}

/** xterm-256 index nearest to an RGB colour (6×6×6 cube or the grey ramp). */
export function rgbTo256(r: number, g: number, b: number): number {
  const level = (v: number) => (v < 48 ? 0 : v < 115 ? 1 : Math.min(5, Math.floor((v - 35) / 40)));
  const cube = [0, 95, 135, 175, 215, 255];
  const [cr, cg, cb] = [level(r), level(g), level(b)];
  const cubeDist = (cube[cr]! - r) ** 2 + (cube[cg]! - g) ** 2 + (cube[cb]! - b) ** 2;
  const grey = Math.max(0, Math.min(23, Math.round(((r + g + b) / 3 - 8) / 10)));
  const gv = 8 + grey * 10;
  const greyDist = (gv - r) ** 2 + (gv - g) ** 2 + (gv - b) ** 2;
  return greyDist < cubeDist ? 232 + grey : 16 + 36 * cr + 6 * cg + cb;
}

function sgr(layer: 38 | 48, r: number, g: number, b: number, depth: ColorDepth): string {
  return depth === 'truecolor' ? `\x1b[${layer};2;${r};${g};${b}m` : `\x1b[${layer};5;${rgbTo256(r, g, b)}m`;
}

/**
 * Lines of half-block art for the cropped grid, one string per text row, each exactly
 * `crop.cols·faceCols + (crop.cols−1)·gap` cells wide. Face rows are `faceCols/2` lines apart.
 */
export function renderHalfBlocks(grid: FaceGrid, crop: Crop, options: BlockOptions): string[] {
  const size = options.faceCols;
  const textRows = Math.ceil(size / 2);
  const lines: string[] = [];
  for (let fr = 0; fr < crop.rows; fr++) {
    const faces: Float32Array[] = [];
    for (let fc = 0; fc < crop.cols; fc++) faces.push(scaleFace(grid, fr, fc, size));
    for (let ty = 0; ty < textRows; ty++) {
      let line = '';
      for (let fc = 0; fc < crop.cols; fc++) {
        if (fc > 0) line += RESET + ' '.repeat(options.gap);
        const face = faces[fc]!;
        // Colours are emitted only when they change: Ink re-tokenises every escape on every
        // frame, so fewer escapes is directly less CPU per frame.
        let lastFg = '';
        let lastBg = '';
        for (let x = 0; x < size; x++) {
          const up = (2 * ty * size + x) * 3;
          const lowY = 2 * ty + 1;
          const fg = sgr(38, ...pixel(face, up), options.depth);
          const bg = lowY < size ? sgr(48, ...pixel(face, (lowY * size + x) * 3), options.depth) : '\x1b[49m';
          if (fg !== lastFg) line += fg;
          if (bg !== lastBg) line += bg;
          line += UPPER_HALF;
          lastFg = fg;
          lastBg = bg;
        }
      }
      lines.push(line + RESET);
    }
  }
  return lines;
}

function pixel(face: Float32Array, i: number): [number, number, number] {
  return [Math.round(face[i]!), Math.round(face[i + 1]!), Math.round(face[i + 2]!)];
}
