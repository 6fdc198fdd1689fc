/**
 * Native images through the kitty graphics protocol's Unicode placeholders
 * (https://sw.kovidgoyal.net/kitty/graphics-protocol/#unicode-placeholders), understood by
 * kitty and Ghostty.
 *
 * Why placeholders and not terminal-image: terminal-image's kitty path writes the image
 * straight to process.stdout at wherever the cursor happens to be and returns '', and its
 * iTerm path returns an escape that moves the cursor; both fight Ink, which redraws lines in
 * place. With placeholders, the image is sent once (an escape that draws nothing by itself)
 * and then shown by ordinary text cells: U+10EEEE with combining marks that say which row and
 * column of the image the cell shows, coloured with the image id. Ink lays them out, diffs
 * and redraws them like any other text.
 */
import { deflateSync } from 'node:zlib';
import type { FaceGrid } from '../../protocol/messages.js';

/** Which faces of the grid to show: the first `rows` rows and `cols` columns. */
export interface Crop {
  rows: number;
  cols: number;
}

const PLACEHOLDER = String.fromCodePoint(0x10eeee);

/** The first 64 of kitty's row/column diacritics (gen/rowcolumn-diacritics.txt): index i encodes row or column i. */
const DIACRITICS = [
  0x0305, 0x030d, 0x030e, 0x0310, 0x0312, 0x033d, 0x033e, 0x033f, 0x0346, 0x034a, 0x034b, 0x034c, 0x0350, 0x0351,
  0x0352, 0x0357, 0x035b, 0x0363, 0x0364, 0x0365, 0x0366, 0x0367, 0x0368, 0x0369, 0x036a, 0x036b, 0x036c, 0x036d,
  0x036e, 0x036f, 0x0483, 0x0484, 0x0485, 0x0486, 0x0487, 0x0592, 0x0593, 0x0594, 0x0595, 0x0597, 0x0598, 0x0599,
  0x059c, 0x059d, 0x059e, 0x059f, 0x05a0, 0x05a1, 0x05a8, 0x05a9, 0x05ab, 0x05ac, 0x05af, 0x05c4, 0x0610, 0x0611,
  0x0612, 0x0613, 0x0614, 0x0615, 0x0616, 0x0617, 0x0657, 0x0658,
].map((c) => String.fromCodePoint(c));

/** Largest placement, in cells, the table above can address. */
export const MAX_KITTY_CELLS = DIACRITICS.length;

/**
 * An image id unlikely to clash with other programs' images in the same terminal; `slot`
 * tells this program's images apart (0: training samples, 1: generate view).
 */
export function kittyImageId(slot: number, pid = process.pid): number {
  // 24 bits, carried in the truecolor foreground; the top byte is never zero.
  return (0x40 | (pid & 0x3f)) * 0x10000 + ((pid >> 6) & 0xff) * 0x100 + (slot & 0xff);
}

/**
 * Text lines that show rows [rowFrom, rowTo) of a cols-wide placement of image `id`.
 * Every cell carries both diacritics, so no cell depends on its left neighbour having been drawn.
 */
export function kittyPlaceholderLines(id: number, cols: number, rowFrom: number, rowTo: number): string[] {
  if (cols > MAX_KITTY_CELLS || rowTo > MAX_KITTY_CELLS) throw new Error('placement too large for the diacritics table');
  const fg = `\x1b[38;2;${(id >> 16) & 0xff};${(id >> 8) & 0xff};${id & 0xff}m`;
  const lines: string[] = [];
  for (let row = rowFrom; row < rowTo; row++) {
    let line = fg;
    for (let col = 0; col < cols; col++) line += PLACEHOLDER + DIACRITICS[row]! + DIACRITICS[col]!;
    lines.push(`${line}\x1b[39m`);
  }
  return lines;
}

/** RGB bytes of the cropped faces, as one image. [crop.rows·faceH, crop.cols·faceW, 3] */
export function cropPixels(grid: FaceGrid, crop: Crop): { width: number; height: number; pixels: Uint8Array } {
  const faceW = Math.floor(grid.width / grid.cols);
  const faceH = Math.floor(grid.height / grid.rows);
  const width = crop.cols * faceW;
  const height = crop.rows * faceH;
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const src = y * grid.width * 3;
    pixels.set(grid.pixels.subarray(src, src + width * 3), y * width * 3);
  }
  return { width, height, pixels };
}

/**
 * Escapes that (re)send image `id` as zlib-compressed RGB and create a virtual placement of
 * cols×rows cells for the placeholders to show. Sending the same id again replaces the
 * picture under placeholders already on screen. q=2 keeps the terminal from answering.
 */
export function kittyTransmit(id: number, image: { width: number; height: number; pixels: Uint8Array }, cols: number, rows: number): string {
  const payload = deflateSync(image.pixels).toString('base64');
  const chunks: string[] = [];
  for (let i = 0; i < payload.length; i += 4096) chunks.push(payload.slice(i, i + 4096));
  if (chunks.length === 0) chunks.push('');
  const head = `a=T,U=1,q=2,f=24,o=z,s=${image.width},v=${image.height},i=${id},c=${cols},r=${rows}`;
  return chunks
    .map((chunk, i) => {
      const more = i < chunks.length - 1 ? 1 : 0;
      return i === 0 ? `\x1b_G${head},m=${more};${chunk}\x1b\\` : `\x1b_Gm=${more};${chunk}\x1b\\`;
    })
    .join('');
}

/** Frees image `id` and its placements (on unmount and exit). */
export function kittyDelete(id: number): string {
  return `\x1b_Ga=d,d=I,i=${id},q=2\x1b\\`;
}
