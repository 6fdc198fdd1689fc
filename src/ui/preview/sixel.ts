/**
 * Sixel images (DEC's bitmap graphics, https://vt100.net/docs/vt3xx-gp/chapter14.html): xterm
 * (`-ti vt340`), foot, WezTerm, Konsole, mlterm, Windows Terminal, VS Code, iTerm2, and tmux 3.4
 * built with sixel. An image is a DCS string: colour registers, then bands six pixels tall, each
 * a run-length coded line of six-bit columns per colour.
 *
 * Our own encoder rather than the `sixel` package's: its indexed encoder cannot leave pixels
 * untouched (the gaps between faces, which must not paint over the terminal's background) and
 * its RGBA one matches every pixel against the palette through a Map, about 90 ms for a grid of
 * faces on a 2-core machine. This one takes register indices from a look-up table
 * (quantize.ts) and writes bytes, not strings.
 */
import { MAX_REGISTERS, type Palette } from './quantize.js';

/** A pixel that is left as it is (P2=1: "pixels not drawn keep their colour"). */
export const TRANSPARENT = 0xffff;

/**
 * The most colours an image with transparent pixels may draw: the grey behind them takes one of
 * the terminal's 256 registers (see encodeSixel). A 257th would be register 256, which xterm
 * takes as register 0, painting the gaps between faces a face colour.
 */
export const SIXEL_COLOURS = MAX_REGISTERS - 1;

/** An image as palette registers: [height, width] indices, TRANSPARENT where nothing is drawn. */
export interface IndexedImage {
  width: number;
  height: number;
  indices: Uint16Array;
  palette: Palette['colours'];
}

/** A growable ASCII buffer: sixel data is all 7-bit. */
class Bytes {
  buf = new Uint8Array(1 << 16);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  text(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.length++] = s.charCodeAt(i);
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  /** `count` copies of sixel character `ch`: written out up to 3, as "!count" beyond. */
  run(ch: number, count: number): void {
    if (count > 3) {
      this.text(`!${count}`);
      this.byte(ch);
    } else {
      for (let i = 0; i < count; i++) this.byte(ch);
    }
  }
  toString(): string {
    return Buffer.from(this.buf.buffer, 0, this.length).toString('latin1');
  }
}

/** The whole DCS sequence that draws `image` at the cursor, pixels at 1:1. */
export function encodeSixel(image: IndexedImage): string {
  const { width, height, indices, palette } = image;
  const registers = palette.length;
  const out = new Bytes();
  // P2=1: transparent pixels; the raster attributes say 1:1 pixels and the image's size.
  out.text(`\x1bP0;1;0q"1;1;${width};${height}`);
  // The colours drawn get registers numbered without gaps: tmux (3.4+) keeps an image and sends it
  // on with every register up to the highest, an unset one as "#n;0;0;0;0", a colour space xterm
  // refuses, and then it draws nothing of the image.
  const register = new Int32Array(registers).fill(-1);
  let transparent = false;
  for (let i = 0; i < indices.length; i++) {
    const idx = indices[i]!;
    if (idx !== TRANSPARENT) register[idx] = 0;
    else transparent = true;
  }
  let defined = 0;
  // tmux also drops P2=1, so a terminal behind it paints the pixels left alone with register 0:
  // where there are some, register 0 is a neutral grey that nothing else uses.
  if (transparent) out.text(`#${defined++};2;50;50;50`);
  for (let c = 0; c < registers; c++) {
    if (register[c] < 0) continue;
    register[c] = defined++;
    const [r, g, b] = palette[c]!;
    out.text(`#${register[c]};2;${Math.round((r * 100) / 255)};${Math.round((g * 100) / 255)};${Math.round((b * 100) / 255)}`);
  }
  // Per band: each colour's six-bit code at each column, and the columns where it has one, in
  // order (the band is read a column at a time), so a colour's line costs what it draws, not
  // the band's width: a grid of faces has ~200 colours a band, each in a few places.
  const codes = new Uint8Array(registers * width);
  const columns: number[][] = Array.from({ length: registers }, () => []);
  const bandColours: number[] = [];
  for (let y0 = 0; y0 < height; y0 += 6) {
    bandColours.length = 0;
    const rows = Math.min(6, height - y0);
    for (let x = 0; x < width; x++) {
      for (let r = 0, p = y0 * width + x; r < rows; r++, p += width) {
        const idx = indices[p]!;
        if (idx === TRANSPARENT) continue;
        const k = idx * width + x;
        if (codes[k] === 0) {
          const at = columns[idx]!;
          if (at.length === 0) bandColours.push(idx);
          at.push(x);
        }
        codes[k]! |= 1 << r;
      }
    }
    for (let j = 0; j < bandColours.length; j++) {
      const c = bandColours[j]!;
      // '$' goes back to the band's start for the next colour.
      if (j > 0) out.byte(0x24);
      out.text(`#${register[c]}`);
      const base = c * width;
      const at = columns[c]!;
      let pos = 0;
      for (let i = 0; i < at.length; ) {
        const x = at[i]!;
        // Columns where this colour draws nothing: empty sixels ('?').
        if (x > pos) out.run(63, x - pos);
        const code = codes[base + x]!;
        let n = 1;
        while (i + n < at.length && at[i + n] === x + n && codes[base + x + n] === code) n++;
        out.run(code + 63, n);
        pos = x + n;
        i += n;
      }
      for (const x of at) codes[base + x] = 0;
      at.length = 0;
    }
    // '-' starts the next band.
    if (y0 + 6 < height) out.byte(0x2d);
  }
  out.text('\x1b\\');
  return out.toString();
}
