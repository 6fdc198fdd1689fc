/**
 * Keys typed faster than the terminal is read arrive as one chunk ("qq", two Ctrl+C, two Tabs),
 * and Ink then passes the chunk through as text with no key flags. Taken apart here, each key
 * is what Ink would have reported had it come alone, so a double Ctrl+C still forces the exit.
 */
import type { Key } from 'ink';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** One key from a single character of a chunk. */
function oneKey(ch: string): [string, Key] {
  const code = ch.charCodeAt(0);
  if (ch === '\t') return ['', { ...NO_KEY, tab: true }];
  if (ch === '\r' || ch === '\n') return ['', { ...NO_KEY, return: true }];
  if (ch === '\x7f' || ch === '\b') return ['', { ...NO_KEY, backspace: true }];
  if (ch === '\x1b') return ['', { ...NO_KEY, escape: true }];
  // Ctrl+A … Ctrl+Z arrive as 1 … 26.
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }];
  return [ch, NO_KEY];
}

/** The keys in what Ink reported: itself when it is one key (or an escape sequence Ink parsed). */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  if (input.length <= 1 || key.ctrl || key.meta || key.escape || input.includes('\x1b')) return [[input, key]];
  return [...input].map(oneKey);
}
