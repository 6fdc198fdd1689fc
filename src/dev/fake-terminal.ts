/**
 * A terminal without a terminal, for running Ink apps in benches and tests: an output with a
 * size (changeable, emitting 'resize' as a terminal would) that can record what is written and
 * when, and an input keys can be typed into. Shaped like the TTY streams Ink reads: isTTY,
 * columns/rows, and the raw-mode calls.
 */
import { EventEmitter } from 'node:events';

export class FakeTerminalOut extends EventEmitter {
  isTTY: boolean;
  bytes = 0;
  /** Every write, in order, when recording. */
  readonly chunks: string[] = [];
  /** performance.now() of each recorded write. */
  readonly times: number[] = [];
  private readonly record: boolean;

  constructor(
    public columns: number,
    public rows: number,
    opts: { record?: boolean; isTTY?: boolean } = {},
  ) {
    super();
    this.record = opts.record ?? false;
    this.isTTY = opts.isTTY ?? true;
  }

  write = (chunk: string): boolean => {
    this.bytes += chunk.length;
    if (this.record) {
      this.chunks.push(chunk);
      this.times.push(performance.now());
    }
    return true;
  };

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export class FakeTerminalIn extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  /** Types keys: Ink reads them on 'readable'; 'data' is for listeners of the plain stream. */
  type = (keys: string): void => {
    this.data = keys;
    this.emit('readable');
    this.emit('data', keys);
  };
  write = this.type;
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** A fake terminal of a size, with its two ends typed as the Node streams Ink takes. */
export function fakeTerminal(columns: number, rows: number, opts: { record?: boolean } = {}) {
  const out = new FakeTerminalOut(columns, rows, opts);
  const input = new FakeTerminalIn();
  return {
    out,
    input,
    streams: { stdout: out as unknown as NodeJS.WriteStream, stdin: input as unknown as NodeJS.ReadStream },
  };
}
