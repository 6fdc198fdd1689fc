/**
 * Entry point for the CLI: full-screen dashboard on the alternate screen until the user quits.
 * The terminal is restored however this ends: normal exit, exception, or process exit.
 */
import { render } from 'ink';
import type { TrainerClient } from '../protocol/client.js';
import { App } from './app.js';
import type { GenerateOptions } from './generate-commands.js';
import type { Role } from './keymap.js';
import type { PreviewMode } from './preview/mode.js';
import { PlaceholderContext, substitutingStream } from './preview/placeholders.js';
import type { ThemeName } from './theme.js';

export type { PreviewMode } from './preview/mode.js';

export interface TrainUiOptions {
  preview: PreviewMode;
  /** The saved colour theme (dark when not given). */
  theme?: ThemeName;
  /** Defaults to process.stdout / process.stdin. */
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Route console output above the dashboard (Ink's default); tests turn it off. */
  patchConsole?: boolean;
  /** Environment the preview renderer and NO_COLOR are read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The generate view's saved choices, and where its picks are remembered. */
  generate?: GenerateOptions;
  /** 'watcher' when the trainer was started elsewhere: quitting then leaves it running. Default 'owner'. */
  role?: Role;
}

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l';
// Cleared and homed first: tmux 3.3 otherwise carried part of the last frame onto the normal
// screen when the window had been resized while the dashboard ran (seen going 80×24 → 160×48).
const LEAVE_ALT_SCREEN = '\x1b[2J\x1b[H\x1b[?25h\x1b[?1049l';

/**
 * Renders the training monitor for `client` and resolves when the app exits: after a
 * requested stop finished, on a forced second quit, or on SIGTERM/SIGHUP. It does not close
 * the client: the caller owns it and should `await client.close()` afterwards (which is what
 * still checkpoints and stops the trainer when the user forced the exit).
 */
export async function runTrainUi(client: TrainerClient, opts: TrainUiOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
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
    const app = (
      <PlaceholderContext.Provider value={true}>
        <App
          client={client}
          preview={opts.preview}
          {...(opts.theme ? { theme: opts.theme } : {})}
          {...(opts.env ? { env: opts.env } : {})}
          {...(opts.generate ? { generate: opts.generate } : {})}
          {...(opts.role ? { role: opts.role } : {})}
        />
      </PlaceholderContext.Provider>
    );
    const instance = render(app, {
      stdout: substitutingStream(stdout),
      stdin,
      // Ctrl+C must go through the quit command (stop + final checkpoint), not kill the app.
      exitOnCtrlC: false,
      patchConsole: opts.patchConsole ?? true,
      // The view changes at most ~10 times a second (use-trainer batches); Ink need not try more.
      maxFps: 10,
      // Ink 6's incremental mode left stale lines behind when a frame's shape changed (seen in
      // tmux at 80×24); whole-frame rewrites at ≤10 fps stay clean.
      incrementalRendering: false,
    });
    // SIGTERM / SIGHUP end the dashboard like a forced quit: the terminal is restored and this
    // resolves, and the caller's client.close() still stops the trainer after a checkpoint.
    // `once`, so a second signal gets the default action.
    const onSignal = () => instance.unmount();
    process.once('SIGTERM', onSignal);
    process.once('SIGHUP', onSignal);
    try {
      await instance.waitUntilExit();
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      instance.cleanup();
    }
  } finally {
    restore();
    process.off('exit', restore);
  }
}
