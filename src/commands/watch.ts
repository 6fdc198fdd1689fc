/** `anime-gan-tui watch [RUN]`: the dashboard (or plain lines) for a run this terminal did not start. */
import { newestRun, openRunFolder, RUNS_DIR } from '../run/run-folder.js';
import { WatchClient } from '../run/watch-client.js';
import { UsageError } from '../util/errors.js';
import { plainLines } from '../terminal/plain-lines.js';
import { tapOutcome, watcherSummary } from '../terminal/dashboard-summary.js';
import type { PreviewMode } from '../settings/schema.js';
import { saveSettings, type LoadedSettings } from '../settings/store.js';

export async function watchCommand(
  runArg: string | undefined,
  opts: { tty: boolean; json: boolean; preview: PreviewMode; loaded: LoadedSettings },
): Promise<number> {
  const run = runArg ? openRunFolder(runArg) : newestRun();
  if (!run) throw new UsageError(`no runs in ${RUNS_DIR}/ to watch: start one with 'anime-gan-tui train --detach'`);
  const client = new WatchClient(run.dir);
  if (opts.tty && !opts.json) {
    process.env.NODE_ENV ??= 'production';
    const { runTrainUi } = await import('../ui/train/run-train-ui.js');
    const { loaded } = opts;
    // The same saved theme and generate-view choices as the dashboard of a run started here.
    const tap = tapOutcome(client);
    await runTrainUi(tap.client, {
      preview: opts.preview,
      role: 'watcher',
      theme: loaded.settings.theme,
      generate: { hair: loaded.settings.hair, eyes: loaded.settings.eyes, onChoice: (hair, eyes) => saveSettings(loaded, { hair, eyes }) },
    });
    const code = await client.close();
    tap.client.subscribe(() => {})();
    for (const line of watcherSummary(tap.outcome, run.dir)) process.stdout.write(line + '\n');
    return code;
  }
  // Off a terminal: the run's lines so far, then new ones until it ends.
  const lineOf = plainLines();
  await new Promise<void>((resolve) => {
    client.subscribe((m) => {
      if (m.type !== 'event') return;
      const e = m.event;
      const line = opts.json ? JSON.stringify(e) : lineOf(e);
      if (line) process.stdout.write(line + '\n');
      if (e.type === 'done' || (e.type === 'error' && e.trainerGone)) resolve();
    });
  });
  return client.close();
}
