/**
 * Ranges a value must fall in wherever it enters the program: a command-line flag, a saved
 * setting, a line on the control socket. One table, so a watcher cannot ask a trainer for what
 * the command line would refuse.
 */
export interface Range {
  min: number;
  max: number;
  /** true: min itself is not allowed. */
  minOpen?: boolean;
  integer?: boolean;
}

/** λ, the class-loss weight. Far above 1000 the class loss swamps the GAN loss and the run diverges. */
export const LAMBDA_RANGE: Range = { min: 0, max: 1000 };
/** Faces in one generate request. */
export const COUNT_RANGE: Range = { min: 1, max: 4096, integer: true };
export const SEED_RANGE: Range = { min: 0, max: 2 ** 31 - 1, integer: true };
/** Multiplier of z's spread; 0 would draw one face for every seed. */
export const TRUNCATION_RANGE: Range = { min: 0, max: 4, minOpen: true };
/** Columns of a generated grid. */
export const COLS_RANGE: Range = { min: 1, max: 4096, integer: true };
/** A request id is echoed back; any safe integer will do. */
export const REQUEST_ID_RANGE: Range = { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true };

/**
 * The longest line the control socket reads. A real command is under 300 bytes; a longer line is
 * discarded as it arrives (never buffered whole) and answered with one error line.
 */
export const MAX_COMMAND_BYTES = 16 * 1024;

export function inRange(v: unknown, r: Range): v is number {
  return (
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (r.minOpen ? v > r.min : v >= r.min) &&
    v <= r.max &&
    (!r.integer || Number.isInteger(v))
  );
}

/** "a whole number from 1 to 4096", "a number above 0 and at most 4": what a value must be. */
export function describeRange(r: Range): string {
  const what = r.integer ? 'a whole number' : 'a number';
  return r.minOpen ? `${what} above ${r.min} and at most ${r.max}` : `${what} from ${r.min} to ${r.max}`;
}

/** Faces per pair an eval judges: at least 2 (diversity compares pairs of faces). */
export const EVAL_COUNT_RANGE: Range = { min: 2, max: 1000, integer: true };
