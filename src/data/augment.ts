/**
 * The augmentation of the MLDS 2018 course report this project follows, done on the uint8 faces
 * while they are scaled to [-1, 1]: an optional horizontal flip and a rotation about the centre,
 * sampled bilinearly with edges clamped.
 */
import { FACE_BYTES, FACE_SIDE } from '../util/face.js';

const LAST = FACE_SIDE - 1;
const CENTRE = LAST / 2;

/** x / 127.5 − 1 for every byte value, so scaling costs a table lookup. */
const TO_UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1);

/** Scales one face to [-1, 1] unchanged. */
export function copyFace(src: Uint8Array, srcFace: number, dst: Float32Array, dstFace: number): void {
  const s = srcFace * FACE_BYTES;
  const d = dstFace * FACE_BYTES;
  for (let k = 0; k < FACE_BYTES; k++) dst[d + k] = TO_UNIT[src[s + k]];
}

/**
 * Writes face `srcFace` of `src` into `dst` at `dstFace`, flipped left-right if asked and
 * rotated by `radians` about the centre.
 */
export function transformFace(
  src: Uint8Array,
  srcFace: number,
  dst: Float32Array,
  dstFace: number,
  flip: boolean,
  radians: number,
): void {
  const base = srcFace * FACE_BYTES;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  let d = dstFace * FACE_BYTES;
  for (let y = 0; y < FACE_SIDE; y++) {
    const ry = y - CENTRE;
    for (let x = 0; x < FACE_SIDE; x++, d += 3) {
      // Inverse mapping: where in the source does this output pixel come from?
      const rx = x - CENTRE;
      let sx = cos * rx - sin * ry + CENTRE;
      let sy = sin * rx + cos * ry + CENTRE;
      if (flip) sx = LAST - sx;
      sx = sx < 0 ? 0 : sx > LAST ? LAST : sx;
      sy = sy < 0 ? 0 : sy > LAST ? LAST : sy;
      const x0 = sx | 0;
      const y0 = sy | 0;
      const x1 = x0 < LAST ? x0 + 1 : LAST;
      const y1 = y0 < LAST ? y0 + 1 : LAST;
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const p00 = base + (y0 * FACE_SIDE + x0) * 3;
      const p01 = base + (y0 * FACE_SIDE + x1) * 3;
      const p10 = base + (y1 * FACE_SIDE + x0) * 3;
      const p11 = base + (y1 * FACE_SIDE + x1) * 3;
      for (let c = 0; c < 3; c++) {
        const v = src[p00 + c] * w00 + src[p01 + c] * w01 + src[p10 + c] * w10 + src[p11 + c] * w11;
        dst[d + c] = v / 127.5 - 1;
      }
    }
  }
}
