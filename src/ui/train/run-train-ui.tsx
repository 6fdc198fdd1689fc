/**
 * Entry point for the CLI: full-screen dashboard on the alternate screen until the user quits.
 * The terminal is restored however this ends: normal exit, exception, or process exit.
 */
import type { TrainerClient } from '../../protocol/client.js';
import { App } from './app.js';
import type { GenerateOptions } from '../generate/generate-commands.js';
import type { ClientRole } from '../keymap.js';
import type { PreviewMode } from '../preview/mode.js';
import { runFullScreen } from '../full-screen.js';
import type { ThemeName } from '../theme.js';

export type { PreviewMode } from '../preview/mode.js';

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
  role?: ClientRole;
  /** The client also draws from the model that ships with the package (see withShippedGenerator). */
  shipped?: boolean;
  /** Ends the dashboard when aborted, leaving the trainer alone (its terminal has gone). */
  until?: AbortSignal;
}

/**
 * Renders the training monitor for `client` and resolves when the app exits: after a
 * requested stop finished, on a forced second quit, or on SIGTERM/SIGHUP. It does not close
 * the client: the caller owns it and should `await client.close()` afterwards (which is what
 * still checkpoints and stops the trainer when the user forced the exit).
 */
export async function runTrainUi(client: TrainerClient, opts: TrainUiOptions): Promise<void> {
  await runFullScreen(
    <App
      client={client}
      preview={opts.preview}
      {...(opts.theme ? { theme: opts.theme } : {})}
      {...(opts.env ? { env: opts.env } : {})}
      {...(opts.generate ? { generate: opts.generate } : {})}
      {...(opts.role ? { role: opts.role } : {})}
      {...(opts.shipped ? { shipped: true } : {})}
    />,
    {
      ...(opts.stdout ? { stdout: opts.stdout } : {}),
      ...(opts.stdin ? { stdin: opts.stdin } : {}),
      ...(opts.patchConsole !== undefined ? { patchConsole: opts.patchConsole } : {}),
      ...(opts.until ? { until: opts.until } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      preview: opts.preview,
      // The view changes at most ~10 times a second (use-trainer batches); Ink need not try more.
      maxFps: 10,
    },
  );
}
