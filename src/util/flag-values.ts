/** Checks of flag values: each returns the value, or throws a UsageError naming the flag and what it takes. */
import { describeRange, inRange, type Range } from '../protocol/limits.js';
import { UsageError } from './errors.js';

export function intIn(name: string, v: number | undefined, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < lo || v > hi) throw new UsageError(`--${kebab(name)} must be a whole number from ${lo} to ${hi}, got ${fmt(v)}`);
  return v;
}

export function numberIn(name: string, v: number | undefined, lo: number, hi: number, loOpen = false): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isFinite(v) || v > hi || v < lo || (loOpen && v === lo)) {
    throw new UsageError(`--${kebab(name)} must be a number ${loOpen ? 'above' : 'from'} ${lo}${loOpen ? ' and at most' : ' to'} ${hi}, got ${fmt(v)}`);
  }
  return v;
}

/** A flag whose range the protocol shares (the control socket checks the same one). */
export function inFlagRange(name: string, v: number | undefined, range: Range): number | undefined {
  if (v === undefined) return undefined;
  if (!inRange(v, range)) throw new UsageError(`--${kebab(name)} must be ${describeRange(range)}, got ${fmt(v)}`);
  return v;
}

export function choice<T extends string>(name: string, v: string | undefined, list: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!(list as readonly string[]).includes(v)) throw new UsageError(`--${kebab(name)} must be one of ${list.join(', ')}, got '${v}'`);
  return v as T;
}

export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function fmt(v: number): string {
  return Number.isNaN(v) ? 'something that is not a number' : String(v);
}
