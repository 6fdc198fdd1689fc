/**
 * A terminal without a terminal, for measuring Ink apps: an output that records what is written
 * (and when) with a size, and an input keys can be typed into. Shaped like the TTY streams Ink
 * reads: isTTY, columns/rows, and the raw-mode calls.
 */
import { EventEmitter } from 'node:events';

export class FakeTerminalOut extends EventEmitter {
  isTTY = true;
  bytes = 0;
  /** Every write with its time, when `keepFrames` is on. */
  readonly frames: Array<{ t: number; text: string }> = [];
  constructor(
    readonly columns: number,
    readonly rows: number,
    private readonly keepFrames = false,
  ) {
    super();
  }
  write = (chunk: string): boolean => {
    this.bytes += chunk.length;
    if (this.keepFrames) this.frames.push({ t: performance.now(), text: chunk });
    return true;
  };
}

export class FakeTerminalIn extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  type(keys: string): void {
    this.data = keys;
    this.emit('readable');
  }
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
