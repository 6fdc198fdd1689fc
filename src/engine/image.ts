/** Pixels in and out: tensors in [-1, 1] to RGB bytes, faces to grids, grids to PNG. */
import sharp from 'sharp';
import { FACE_BYTES, FACE_CHANNELS, FACE_SIDE } from '../util/face.js';

/** Lays out n faces ([n, 64, 64, 3] RGB) on a grid, row by row, with no gaps. */
export function tileFaces(faces: Uint8Array, n: number, cols: number): { pixels: Uint8Array; width: number; height: number; rows: number } {
  const rows = Math.ceil(n / cols);
  const width = cols * FACE_SIDE;
  const height = rows * FACE_SIDE;
  const pixels = new Uint8Array(width * height * FACE_CHANNELS);
  const rowBytes = FACE_SIDE * FACE_CHANNELS;
  for (let i = 0; i < n; i++) {
    const gx = (i % cols) * FACE_SIDE;
    const gy = Math.floor(i / cols) * FACE_SIDE;
    for (let y = 0; y < FACE_SIDE; y++) {
      const src = i * FACE_BYTES + y * rowBytes;
      pixels.set(faces.subarray(src, src + rowBytes), ((gy + y) * width + gx) * FACE_CHANNELS);
    }
  }
  return { pixels, width, height, rows };
}

export function encodePng(pixels: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(pixels, { raw: { width, height, channels: FACE_CHANNELS } }).png().toBuffer();
}

/** The i-th face of a batch as its own 64×64 RGB buffer. */
export function faceAt(faces: Uint8Array, i: number): Uint8Array {
  return faces.subarray(i * FACE_BYTES, (i + 1) * FACE_BYTES);
}
