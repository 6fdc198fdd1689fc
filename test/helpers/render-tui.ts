/**
 * Renders an Ink tree into fake streams of a chosen size. ink-testing-library's stdout is
 * fixed at 100 columns and has no rows; Ink lays out to stdout's width, so layout tests need
 * streams whose size they set (and can change, emitting 'resize' as a terminal would).
 */
import { stripVTControlCharacters } from 'node:util';
import type { ReactElement } from 'react';
import { render as inkRender, type Instance } from 'ink';
import { FakeTerminalIn, FakeTerminalOut } from '../../src/dev/fake-terminal.js';

export interface Tui {
  stdout: FakeTerminalOut;
  stdin: FakeTerminalIn;
  instance: Instance;
  /** The last frame as written (with ANSI). */
  lastFrame(): string;
  /** The last frame without ANSI escapes. */
  text(): string;
  /** Types keys and waits for Ink to handle them. */
  press(keys: string): Promise<void>;
  resize(columns: number, rows: number): Promise<void>;
  unmount(): void;
}

export const tick = (ms = 20) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `condition` holds (frames can take tens of milliseconds on a busy machine, so
 * fixed sleeps make flaky tests). Throws with `what` after `timeoutMs`.
 */
export async function waitFor(condition: () => boolean, what = 'condition', timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick(10);
  }
}

const live = new Set<FakeTerminalOut>();

/** Waits until no live test terminal has drawn a frame for 30 ms: the UI has caught up. */
export async function settle(): Promise<void> {
  for (;;) {
    const before = [...live].reduce((n, out) => n + out.chunks.length, 0);
    await tick(30);
    const after = [...live].reduce((n, out) => n + out.chunks.length, 0);
    if (after === before) return;
  }
}

export function renderTui(tree: ReactElement, size: { columns: number; rows: number }): Tui {
  // Not a TTY: Ink then writes each frame whole, which is what tests inspect.
  const stdout = new FakeTerminalOut(size.columns, size.rows, { record: true, isTTY: false });
  const stdin = new FakeTerminalIn();
  const instance = inkRender(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new FakeTerminalOut(size.columns, size.rows, { isTTY: false }) as unknown as NodeJS.WriteStream,
    // Every render written as a whole frame, synchronously: what tests want to inspect.
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  live.add(stdout);
  const lastFrame = () => stdout.chunks.at(-1) ?? '';
  return {
    stdout,
    stdin,
    instance,
    lastFrame,
    text: () => stripVTControlCharacters(lastFrame()),
    async press(keys: string) {
      stdin.write(keys);
      await settle();
    },
    async resize(columns: number, rows: number) {
      stdout.resize(columns, rows);
      await settle();
    },
    unmount() {
      live.delete(stdout);
      instance.unmount();
      instance.cleanup();
    },
  };
}

/** Width in cells of each line of a plain-text frame (our text is single-width). */
export function lineWidths(text: string): number[] {
  return text.split('\n').map((line) => [...line].length);
}
