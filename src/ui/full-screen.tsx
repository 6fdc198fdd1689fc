/**
 * Runs an Ink app full-screen on the alternate screen until it exits, and puts the terminal
 * back however that happens: normal exit, exception, SIGTERM/SIGHUP or process exit. Shared by
 * the training dashboard and the standalone generate view.
 *
 * Before the app starts it asks the terminal what images it shows (preview/detect.ts), where the
 * preview mode depends on it; where images are drawn from bytes (sixel, iTerm2), Ink's frames go
 * through the frame writer, which draws them. Ctrl+Z leaves the alternate screen (and the images
 * on it) before the process stops, and `fg` draws everything again.
 */
import { readFileSync } from 'node:fs';
import type { ReactElement } from 'react';
import { render } from 'ink';
import { detectTerminal, type DetectOptions } from './preview/detect.js';
import { FrameWriter, PlainFrames, type Repainter } from './preview/frame-writer.js';
import { isImageKind, needsDetection, resolvePreview, TerminalContext, type PreviewMode } from './preview/mode.js';
import { PlaceholderContext, substitutingStream } from './preview/placeholders.js';
import { stripReplies } from './preview/replies.js';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l';
// Cleared and homed first: tmux 3.3 otherwise carried part of the last frame onto the normal
// screen when the window had been resized while the app ran (seen going 80×24 → 160×48).
const LEAVE_ALT_SCREEN = '\x1b[2J\x1b[H\x1b[?25h\x1b[?1049l';
const CTRL_Z = '\x1a';

export interface FullScreenOptions {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Frames a second at most: the dashboard follows training at 10, key-driven views want more. */
  maxFps: number;
  patchConsole?: boolean;
  /** Ends the app when aborted, as SIGTERM does (a dashboard whose terminal has gone). */
  until?: AbortSignal;
  /** The app's preview mode: whether to ask the terminal, and whether to draw images. */
  preview?: PreviewMode;
  /** Where TERM and friends are read; process.env when absent. */
  env?: NodeJS.ProcessEnv;
  /** Detection's time-out and tmux answer (tests). */
  detect?: DetectOptions;
}

/**
 * `stdin` as Ink should read it: without the terminal's late answers to detection (they would
 * be keys), and with Ctrl+Z taken out and handed to `onSuspend` (raw mode keeps it from being
 * a signal).
 */
export function guardedInput(stdin: NodeJS.ReadStream, onSuspend: () => void): NodeJS.ReadStream {
  const read = (...args: unknown[]): unknown => {
    for (;;) {
      const chunk: unknown = (stdin.read as (...a: unknown[]) => unknown)(...args);
      if (chunk === null || chunk === undefined) return chunk;
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : null;
      if (text === null) return chunk;
      let kept = stripReplies(text);
      if (kept.includes(CTRL_Z)) {
        kept = kept.replaceAll(CTRL_Z, '');
        setImmediate(onSuspend);
      }
      if (kept === text) return chunk;
      if (kept !== '') return typeof chunk === 'string' ? kept : Buffer.from(kept, 'utf8');
    }
  };
  return new Proxy(stdin, {
    get(target, key) {
      if (key === 'read') return read;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Whether a shell is there to resume this process after Ctrl+Z. A process whose group is its
 * session's (started by ssh or tmux with no shell between) has none, and Linux ignores a stop
 * signal there. Read from /proc where there is one; assumed elsewhere.
 */
function hasJobControl(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const [, , group, session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return group !== session;
  } catch {
    return true;
  }
}

export async function runFullScreen(app: ReactElement, opts: FullScreenOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const env = opts.env ?? process.env;
  const tty = stdout.isTTY === true;
  let restored = !tty;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN);
  };
  // Last resort when the process ends under us (an uncaught error elsewhere, process.exit):
  // TTY writes are synchronous, so this still reaches the terminal.
  process.once('exit', restore);
  if (tty) stdout.write(ENTER_ALT_SCREEN);
  const cleanups: Array<() => void> = [];
  try {
    const ask = tty && stdin.isTTY === true && opts.preview !== undefined && needsDetection(opts.preview);
    const caps = ask ? await detectTerminal(env, { stdin, stdout }, opts.detect) : null;
    const images = tty && opts.preview !== undefined && isImageKind(resolvePreview(opts.preview, env, caps).kind);
    const size = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    const frames: Repainter = images ? new FrameWriter(size) : new PlainFrames();
    if (images) {
      // A resized terminal may have moved or dropped images: the next frame draws everything,
      // and if Ink has no new frame to write (the same layout), the last one is drawn again.
      const onResize = () => {
        frames.invalidate();
        const timer = setTimeout(() => {
          if (frames instanceof FrameWriter && frames.invalid) stdout.write(frames.repaint());
        }, 100);
        timer.unref();
      };
      stdout.on('resize', onResize);
      cleanups.push(() => stdout.off('resize', onResize));
    }
    const suspend = () => {
      // Only this process's own terminal: a test's fake one has no shell to stop into.
      if (!tty || stdin !== process.stdin || process.platform === 'win32' || restored || !hasJobControl()) return;
      stdout.write(LEAVE_ALT_SCREEN);
      if (stdin.isTTY) stdin.setRawMode(false);
      let back = false;
      const resume = () => {
        if (back) return;
        back = true;
        process.off('SIGCONT', resume);
        if (stdin.isTTY) stdin.setRawMode(true);
        stdout.write(ENTER_ALT_SCREEN + frames.repaint());
      };
      process.once('SIGCONT', resume);
      process.kill(process.pid, 'SIGTSTP');
      // A stop that did not happen (no shell to return to) comes back at once; after a real
      // one this fires on fg, beside SIGCONT, and whichever is first draws.
      setTimeout(resume, 200).unref();
    };
    // Previews reach Ink as plain stand-ins that this stream turns into colours or images.
    const tree = (
      <TerminalContext.Provider value={caps}>
        <PlaceholderContext.Provider value={true}>{app}</PlaceholderContext.Provider>
      </TerminalContext.Provider>
    );
    const instance = render(tree, {
      stdout: substitutingStream(stdout, frames),
      stdin: tty ? guardedInput(stdin, suspend) : stdin,
      // Ctrl+C goes through the app's own quit command (for a trainer: stop + final checkpoint).
      exitOnCtrlC: false,
      patchConsole: opts.patchConsole ?? true,
      maxFps: opts.maxFps,
      // Ink 6's incremental mode left stale lines behind when a frame's shape changed (seen in
      // tmux at 80×24); whole-frame rewrites stay clean (the frame writer, for images, writes
      // only changed lines, but at absolute positions).
      incrementalRendering: false,
    });
    // SIGTERM / SIGHUP end the app like a forced quit: the terminal is restored and this
    // resolves; the caller still owns (and closes) whatever the app was showing.
    const onSignal = () => instance.unmount();
    process.once('SIGTERM', onSignal);
    process.once('SIGHUP', onSignal);
    if (opts.until?.aborted) onSignal();
    opts.until?.addEventListener('abort', onSignal);
    try {
      await instance.waitUntilExit();
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      opts.until?.removeEventListener('abort', onSignal);
      instance.cleanup();
    }
  } finally {
    for (const c of cleanups) c();
    restore();
    process.off('exit', restore);
  }
}
