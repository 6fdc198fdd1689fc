/**
 * Runs the standalone generate view full-screen on the alternate screen until the user quits;
 * the terminal is restored however this ends. The caller owns the client and closes it.
 */
import { render } from 'ink';
import type { TrainerClient } from '../protocol/client.js';
import { GenerateApp } from './generate-app.js';
import type { GenerateOptions } from './generate-commands.js';
import type { PreviewMode } from './preview/mode.js';
import { PlaceholderContext, substitutingStream } from './preview/placeholders.js';
import type { ThemeName } from './theme.js';

export interface GenerateUiOptions {
  preview: PreviewMode;
  theme?: ThemeName;
  generate?: GenerateOptions;
}

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l';
const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';

export async function runGenerateUi(client: TrainerClient, opts: GenerateUiOptions): Promise<void> {
  const stdout = process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN);
  };
  process.once('exit', restore);
  stdout.write(ENTER_ALT_SCREEN);
  try {
    // As in the dashboard: faces reach Ink as plain stand-ins that the stream turns into colours.
    const instance = render(
      <PlaceholderContext.Provider value={true}>
        <GenerateApp
          client={client}
          preview={opts.preview}
          {...(opts.theme ? { theme: opts.theme } : {})}
          {...(opts.generate ? { options: opts.generate } : {})}
        />
      </PlaceholderContext.Provider>,
      {
        stdout: substitutingStream(stdout),
        exitOnCtrlC: false,
        // Frames here follow key presses, not a stream of training events: up to 30 a second
        // keeps a new grid from waiting on the throttle (the dashboard draws at 10).
        maxFps: 30,
        incrementalRendering: false,
      },
    );
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
