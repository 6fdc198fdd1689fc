/**
 * Colour reduction for sixel images, whose colours are a palette of at most 256 registers.
 * Median cut over a 15-bit histogram (5 bits a channel): each box of colours becomes one register
 * (the mean of the pixels in it), and every histogram bin belongs to exactly one box, so mapping
 * a pixel is a table look-up, not a nearest-colour search. No dithering: faces are scaled up by
 * whole pixels, where dithering's noise would be scaled up with them.
 *
 * Written here rather than taken from the `sixel` package, whose quantiser (a k-d tree with
 * dithering) took about 17 ms a 64×64 face on a 2-core machine: half a second for a grid.
 */

/** A reduced palette: `lut[bin]` is the register of every colour in that 15-bit bin. */
export interface Palette {
  /** [r, g, b] per register, 0–255. */
  colours: Array<[number, number, number]>;
  lut: Uint8Array;
}

export const MAX_REGISTERS = 256;

/** The 15-bit histogram bin of a colour. */
export function binOf(r: number, g: number, b: number): number {
  return ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
}

interface Box {
  start: number;
  end: number;
  pixels: number;
  /** Widest channel (0 r, 1 g, 2 b) and its range in bins. */
  axis: number;
  range: number;
}

const channel = (bin: number, axis: number) => (axis === 0 ? bin >> 10 : axis === 1 ? (bin >> 5) & 31 : bin & 31);

function boxOf(bins: Int32Array, counts: Uint32Array, start: number, end: number): Box {
  let pixels = 0;
  const lo = [31, 31, 31];
  const hi = [0, 0, 0];
  for (let i = start; i < end; i++) {
    const bin = bins[i]!;
    pixels += counts[bin]!;
    for (let a = 0; a < 3; a++) {
      const v = channel(bin, a);
      if (v < lo[a]!) lo[a] = v;
      if (v > hi[a]!) hi[a] = v;
    }
  }
  const ranges = [hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!];
  const axis = ranges[1]! >= ranges[0]! && ranges[1]! >= ranges[2]! ? 1 : ranges[0]! >= ranges[2]! ? 0 : 2;
  return { start, end, pixels, axis, range: ranges[axis]! };
}

/** Sorts bins[start, end) by one channel: a counting sort, the channel having 32 values. */
function sortByChannel(bins: Int32Array, start: number, end: number, axis: number): void {
  const buckets = new Uint32Array(33);
  for (let i = start; i < end; i++) buckets[channel(bins[i]!, axis) + 1]!++;
  for (let v = 1; v <= 32; v++) buckets[v]! += buckets[v - 1]!;
  const sorted = new Int32Array(end - start);
  for (let i = start; i < end; i++) sorted[buckets[channel(bins[i]!, axis)]!++] = bins[i]!;
  bins.set(sorted, start);
}

/** A palette of at most `registers` colours for RGB pixels (3 bytes a pixel). */
export function reducePalette(rgb: Uint8Array, registers = MAX_REGISTERS): Palette {
  const counts = new Uint32Array(32768);
  const sums = new Float64Array(32768 * 3);
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    const bin = binOf(rgb[i]!, rgb[i + 1]!, rgb[i + 2]!);
    counts[bin]!++;
    sums[bin * 3] += rgb[i]!;
    sums[bin * 3 + 1] += rgb[i + 1]!;
    sums[bin * 3 + 2] += rgb[i + 2]!;
  }
  let used = 0;
  for (let bin = 0; bin < 32768; bin++) if (counts[bin]) used++;
  const bins = new Int32Array(used);
  for (let bin = 0, j = 0; bin < 32768; bin++) if (counts[bin]) bins[j++] = bin;

  const boxes: Box[] = [boxOf(bins, counts, 0, used)];
  while (boxes.length < registers) {
    // The box with the most pixels spread over the widest range is split at its median.
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < boxes.length; i++) {
      const b = boxes[i]!;
      const score = b.end - b.start > 1 ? b.pixels * b.range : 0;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0) break;
    const box = boxes[best]!;
    sortByChannel(bins, box.start, box.end, box.axis);
    let seen = 0;
    let cut = box.start + 1;
    for (let i = box.start; i < box.end - 1; i++) {
      seen += counts[bins[i]!]!;
      if (seen * 2 >= box.pixels) {
        cut = i + 1;
        break;
      }
    }
    boxes.splice(best, 1, boxOf(bins, counts, box.start, cut), boxOf(bins, counts, cut, box.end));
  }

  const lut = new Uint8Array(32768);
  const colours: Array<[number, number, number]> = [];
  for (const box of boxes) {
    let n = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let i = box.start; i < box.end; i++) {
      const bin = bins[i]!;
      lut[bin] = colours.length;
      n += counts[bin]!;
      r += sums[bin * 3]!;
      g += sums[bin * 3 + 1]!;
      b += sums[bin * 3 + 2]!;
    }
    colours.push(n === 0 ? [0, 0, 0] : [Math.round(r / n), Math.round(g / n), Math.round(b / n)]);
  }
  if (colours.length === 0) colours.push([0, 0, 0]);
  return { colours, lut };
}
