/** The faces a trainer learns from, whatever their source, as plain typed arrays. */
import { AppError } from '../util/errors.js';

/**
 * Face pixels live in shared memory so that the batch-prefetch thread reads the same bytes as
 * the trainer without a 450 MB copy (see batch-prefetch.ts).
 */
export function sharedBytes(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

/**
 * Fewer faces than one default batch cannot train anything worth keeping, and an epoch of them
 * would be a step or two: a folder that small is almost always the wrong folder.
 */
export const MIN_FACES = 64;

export interface FaceDataset {
  /**
   * `mlds`: a folder with a tags file (the MLDS layout, or any two attributes); `folder`: a plain
   * folder of images without labels; `drawn`: faces the program draws itself.
   */
  source: 'mlds' | 'folder' | 'drawn';
  /** The data folder, null for drawn. */
  dir: string | null;
  count: number;
  /** [count, 64, 64, 3] RGB, row-major; shared memory when made by this program (sharedBytes). */
  pixels: Uint8Array;
  /** Index into hairVocab per face (the first attribute; all 0 for a folder without labels). */
  hair: Uint8Array;
  /** Index into eyesVocab per face (the second attribute). */
  eyes: Uint8Array;
  /** Values of the two attributes, sorted alphabetically, taken from the data; empty without labels. */
  hairVocab: string[];
  eyesVocab: string[];
  /** The attributes' names, from the tags file: ['hair', 'eyes'] for MLDS and drawn faces. */
  attributes: [string, string];
  /** Human one-liners: resized images, rare colours, skipped lines... */
  warnings: string[];
}

/** A problem with the data the user can fix. The message is one line: what is wrong and what to do. */
export class DatasetError extends AppError {}
