/**
 * Runs an Ink app full-screen on the alternate screen until it exits, and puts the terminal
 * back however that happens: normal exit, exception, SIGTERM/SIGHUP or process exit. Shared by
 * the training dashboard and the standalone generate view.
 */
import type { ReactElement } from 'react';
import { render } from 'ink';
import { PlaceholderContext, substitutingStream } from './preview/placeholders.js';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l';
// Cleared and homed first: tmux 3.3 otherwise carried part of the last frame onto the normal
// screen when the window had been resized while the app ran (seen going 80×24 → 160×48).
const LEAVE_ALT_SCREEN = '\x1b[2J\x1b[H\x1b[?25h\x1b[?1049l';

export interface FullScreenOptions {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Frames a second at most: the dashboard follows training at 10, key-driven views want more. */
  maxFps: number;
  patchConsole?: boolean;
  /** Ends the app when aborted, as SIGTERM does (a dashboard whose terminal has gone). */
  until?: AbortSignal;
}

export async function runFullScreen(app: ReactElement, opts: FullScreenOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
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
  try {
    // Previews reach Ink as plain stand-ins that this stream turns into colours (placeholders.ts).
    const instance = render(<PlaceholderContext.Provider value={true}>{app}</PlaceholderContext.Provider>, {
      stdout: substitutingStream(stdout),
      stdin: opts.stdin ?? process.stdin,
      // Ctrl+C goes through the app's own quit command (for a trainer: stop + final checkpoint).
      exitOnCtrlC: false,
      patchConsole: opts.patchConsole ?? true,
      maxFps: opts.maxFps,
      // Ink 6's incremental mode left stale lines behind when a frame's shape changed (seen in
      // tmux at 80×24); whole-frame rewrites stay clean.
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
    restore();
    process.off('exit', restore);
  }
}
