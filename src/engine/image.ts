/** Pixels in and out: tensors in [-1, 1] to RGB bytes, faces to grids, grids to PNG. */
import sharp from 'sharp';

export const FACE = 64;

/** Lays out n faces ([n, 64, 64, 3] RGB) on a grid, row by row, with no gaps. */
export function tileFaces(faces: Uint8Array, n: number, cols: number): { pixels: Uint8Array; width: number; height: number; rows: number } {
  const rows = Math.ceil(n / cols);
  const width = cols * FACE;
  const height = rows * FACE;
  const pixels = new Uint8Array(width * height * 3);
  const rowBytes = FACE * 3;
  for (let i = 0; i < n; i++) {
    const gx = (i % cols) * FACE;
    const gy = Math.floor(i / cols) * FACE;
    for (let y = 0; y < FACE; y++) {
      const src = (i * FACE * FACE + y * FACE) * 3;
      pixels.set(faces.subarray(src, src + rowBytes), ((gy + y) * width + gx) * 3);
    }
  }
  return { pixels, width, height, rows };
}

export function encodePng(pixels: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** The i-th face of a batch as its own 64×64 RGB buffer. */
export function faceAt(faces: Uint8Array, i: number): Uint8Array {
  return faces.subarray(i * FACE * FACE * 3, (i + 1) * FACE * FACE * 3);
}
