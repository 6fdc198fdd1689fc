/**
 * A terminal that goes away under a dashboard: an SSH connection dropped, a terminal window or
 * tmux pane closed. The kernel then sends SIGHUP, and writes to the terminal fail with EIO
 * (either may come first). Hours of training must not end because Wi-Fi blinked, so a dashboard
 * treats this as "go on in the background": the caller is told once, and from then on nothing
 * is written to the dead terminal (a write there would only fail again, or throw).
 */
import { whenStdoutCloses } from './stdout-closed.js';

/** The terminal's streams, replaceable in tests. */
export interface TerminalStreams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

const processStreams = (): TerminalStreams => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });

/**
 * Calls `onHangUp` once, on the first SIGHUP or failed terminal write, after the terminal has
 * been silenced. SIGHUP stays handled (and ignored) until the returned function is called: a
 * shell that dies resends it to its jobs, and an unhandled one would kill the process.
 */
export function onHangUp(onHangUp: () => void, streams: TerminalStreams = processStreams()): () => void {
  let hungUp = false;
  const handler = () => {
    if (hungUp) return;
    hungUp = true;
    silenceTerminal(streams);
    onHangUp();
  };
  process.on('SIGHUP', handler);
  const offClosed = whenStdoutCloses(handler);
  return () => {
    process.off('SIGHUP', handler);
    offClosed();
  };
}

/**
 * Turns the terminal's streams into sinks: writes are dropped (Ink's last frame, its cursor and
 * screen restore, anything printed later), and errors from the dead device (EIO on a read, or
 * from leaving raw mode) are ignored rather than thrown.
 */
export function silenceTerminal(streams: TerminalStreams = processStreams()): void {
  for (const out of [streams.stdout, streams.stderr]) {
    out.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    }) as typeof out.write;
    out.on('error', () => {});
  }
  streams.stdin.on('error', () => {});
}
