/**
 * The size of one face, in one place. Every tensor shape, face buffer, PNG and grid in the program
 * is made from these constants, so nothing silently assumes 64: a face size written out anywhere
 * else would disagree the day the size changes, which is what training at higher resolutions needs.
 * Plain numbers, no tfjs: the terminal UI reads them too.
 */

/** Pixels along each side of a face: faces are square. */
export const FACE_SIDE = 64;
/** RGB, no alpha. */
export const FACE_CHANNELS = 3;
/** Bytes (or values) of one face, row-major: FACE_SIDE × FACE_SIDE × FACE_CHANNELS. */
export const FACE_BYTES = FACE_SIDE * FACE_SIDE * FACE_CHANNELS;

/** The NHWC shape of a batch of n faces: [n, FACE_SIDE, FACE_SIDE, FACE_CHANNELS]. */
export function faceBatchShape(n: number): [number, number, number, number] {
  return [n, FACE_SIDE, FACE_SIDE, FACE_CHANNELS];
}
