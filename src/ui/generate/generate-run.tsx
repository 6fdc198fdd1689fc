/**
 * Runs the standalone generate view full-screen on the alternate screen until the user quits;
 * the terminal is restored however this ends. The caller owns the client and closes it.
 */
import type { TrainerClient } from '../../protocol/client.js';
import { GenerateApp } from './generate-app.js';
import type { GenerateOptions } from './generate-commands.js';
import type { PreviewMode } from '../preview/mode.js';
import { runFullScreen } from '../full-screen.js';
import type { ThemeName } from '../theme.js';

export interface GenerateUiOptions {
  preview: PreviewMode;
  theme?: ThemeName;
  generate?: GenerateOptions;
}

export async function runGenerateUi(client: TrainerClient, opts: GenerateUiOptions): Promise<void> {
  await runFullScreen(
    <GenerateApp
      client={client}
      preview={opts.preview}
      {...(opts.theme ? { theme: opts.theme } : {})}
      {...(opts.generate ? { options: opts.generate } : {})}
    />,
    // Frames here follow key presses, not a stream of training events: up to 30 a second keeps a
    // new grid from waiting on the throttle (the dashboard draws at 10).
    { maxFps: 30, preview: opts.preview },
  );
}
