/** The faces a trainer learns from, whatever their source, as plain typed arrays. */

export const FACE_SIDE = 64;
/** Bytes of one RGB face: 64 × 64 × 3. */
export const FACE_BYTES = FACE_SIDE * FACE_SIDE * 3;

/**
 * Face pixels live in shared memory so that the batch-prefetch thread reads the same bytes as
 * the trainer without a 450 MB copy (see batch-prefetch.ts).
 */
export function sharedBytes(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

export interface FaceDataset {
  /** `mlds`: a folder in the MLDS layout; `drawn`: faces the program draws itself. */
  source: 'mlds' | 'drawn';
  /** The folder for mlds, null for drawn. */
  dir: string | null;
  count: number;
  /** [count, 64, 64, 3] RGB, row-major; shared memory when made by this program (sharedBytes). */
  pixels: Uint8Array;
  /** Index into hairVocab per face. */
  hair: Uint8Array;
  /** Index into eyesVocab per face. */
  eyes: Uint8Array;
  /** Sorted alphabetically, taken from the data. */
  hairVocab: string[];
  eyesVocab: string[];
  /** Human one-liners: resized images, rare colours, skipped lines... */
  warnings: string[];
}

/** A problem with the data the user can fix. The message is one line: what is wrong and what to do. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}
