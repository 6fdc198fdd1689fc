import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { splitKeys } from '../../src/ui/train/split-keys.js';

const plain = { ctrl: false, meta: false, escape: false } as Key;
const flags = (k: Key) => Object.entries(k).filter(([, v]) => v).map(([name]) => name);

describe('splitKeys', () => {
  it('takes a chunk apart into the keys Ink reports alone', () => {
    const keys = splitKeys('\x03\t\rq\x7f', plain);
    expect(keys.map(([input, key]) => [input, flags(key)])).toEqual([
      ['c', ['ctrl']],
      ['', ['tab']],
      ['', ['return']],
      ['q', []],
      ['', ['backspace']],
    ]);
  });

  it('leaves one key, and escape sequences Ink parsed, as they are', () => {
    const right = { ...plain, rightArrow: true } as Key;
    expect(splitKeys('', right)).toEqual([['', right]]);
    expect(splitKeys('q', plain)).toEqual([['q', plain]]);
    expect(splitKeys('\x1b[C', plain)).toEqual([['\x1b[C', plain]]);
  });
});
