import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stdoutClosed, watchStdout, whenStdoutCloses } from '../../src/terminal/stdout-closed.js';

describe('output that goes away', () => {
  it('a terminal gone (EIO) asks the command to stop, once; other errors are still errors', () => {
    const stream = new EventEmitter() as unknown as NodeJS.WriteStream;
    const exits: number[] = [];
    watchStdout(stream, (code) => exits.push(code));
    let stops = 0;
    const off = whenStdoutCloses(() => stops++);
    expect(() => stream.emit('error', Object.assign(new Error('write EACCES'), { code: 'EACCES' }))).toThrow(/EACCES/);
    stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    expect(stops).toBe(1);
    expect(exits).toEqual([]);
    expect(stdoutClosed()).toBe(true);
    off();
  });
});
