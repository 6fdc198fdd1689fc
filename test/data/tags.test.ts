import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/data/dataset.js';
import { parseTags } from '../../src/data/tags.js';

describe('parseTags', () => {
  it('reads id, hair and eyes from each line', () => {
    const { entries, warnings, attributes } = parseTags('0,aqua hair aqua eyes\n1,white hair red eyes\n');
    expect(attributes).toEqual(['hair', 'eyes']);
    expect(entries).toEqual([
      { id: '0', hair: 'aqua', eyes: 'aqua', line: 1 },
      { id: '1', hair: 'white', eyes: 'red', line: 2 },
    ]);
    expect(warnings).toEqual([]);
  });

  it('accepts CRLF, a missing final newline and blank lines', () => {
    const { entries } = parseTags('0,blue hair red eyes\r\n\r\n\n1,Pink hair green eyes');
    expect(entries.map((e) => [e.id, e.hair, e.eyes, e.line])).toEqual([
      ['0', 'blue', 'red', 1],
      ['1', 'pink', 'green', 4],
    ]);
  });

  it('names the file and line of a malformed line and suggests --skip-bad', () => {
    const text = '0,blue hair red eyes\n1,blue hair\n2,red hair red eyes\n';
    expect(() => parseTags(text)).toThrow(DatasetError);
    expect(() => parseTags(text)).toThrow(
      "tags.csv:2: expected '<id>,<value> <attribute> <value> <attribute>' (like '12,blue hair red eyes'), got '1,blue hair' (fix or delete the line, or use --skip-bad to skip such lines)",
    );
  });

  it('keeps the message on one line', () => {
    try {
      parseTags('0,blue hair red eyes\r\nnonsense\r\n');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toMatch(/[\r\n]/);
      expect((err as Error).message).toContain("got 'nonsense'");
    }
  });

  it('skips malformed lines and repeated ids with skipBad, counted into one warning', () => {
    const text = '0,blue hair red eyes\nbroken\n0,red hair red eyes\n1,red hair blue eyes\nalso,broken\n';
    const { entries, skippedLines, warnings } = parseTags(text, { skipBad: true });
    expect(entries.map((e) => e.id)).toEqual(['0', '1']);
    expect(skippedLines).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^skipped 3 bad lines in tags\.csv \(2 malformed, 1 with a repeated id\)/);
    expect(warnings[0]).toContain('tags.csv:2');
  });

  it('rejects a repeated id without skipBad', () => {
    expect(() => parseTags('5,blue hair red eyes\n5,red hair red eyes\n')).toThrow(
      "tags.csv:2: id '5' already appears on line 1",
    );
  });

  it('rejects an empty file, and one with no usable line', () => {
    expect(() => parseTags('')).toThrow('tags.csv is empty');
    expect(() => parseTags('\n\r\n  \n')).toThrow('tags.csv is empty');
    expect(() => parseTags('junk\n', { skipBad: true })).toThrow('tags.csv has no usable lines');
  });

  it('takes any two attributes, named by the lines themselves', () => {
    const { entries, attributes } = parseTags('12,long hair smile mouth\n13,Short Hair open Mouth\n14,bob-cut hair o_o mouth\n');
    expect(attributes).toEqual(['hair', 'mouth']);
    expect(entries.map((e) => [e.id, e.hair, e.eyes])).toEqual([
      ['12', 'long', 'smile'],
      ['13', 'short', 'open'],
      ['14', 'bob-cut', 'o_o'],
    ]);
  });

  it('refuses a line naming other attributes than the first, or one attribute twice, naming file and line', () => {
    expect(() => parseTags('1,long hair smile mouth\n2,blue hair red eyes\n', { file: 'tags.csv' })).toThrow(
      "tags.csv:2: names 'hair' and 'eyes', but line 1 named 'hair' and 'mouth' (every line gives the same two attributes, in the same order) (fix or delete the line, or use --skip-bad to skip such lines)",
    );
    expect(() => parseTags('1,blue hair red hair\n')).toThrow("tags.csv:1: names 'hair' twice");
    const skipped = parseTags('1,long hair smile mouth\n2,blue hair red eyes\n3,short hair open mouth\n', { skipBad: true });
    expect(skipped.entries.map((e) => e.id)).toEqual(['1', '3']);
    expect(skipped.warnings[0]).toMatch(/^skipped 1 bad line in tags\.csv \(1 naming other attributes\); first: tags\.csv:2/);
  });
});
