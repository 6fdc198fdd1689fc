/** Training with the dashboard: the trainer in a worker thread, the Ink UI in this one. */
import { runHistory } from '../run/run-history.js';
import { preflightJob, type TrainJob } from '../run/train-job.js';
import type { PreviewMode } from '../settings/schema.js';
import { saveSettings, type LoadedSettings } from '../settings/store.js';
import { WorkerTrainerClient } from '../worker/worker-client.js';
import { GENERATOR_WORKER, shippedJob } from '../worker/generator-job.js';
import { withShippedGenerator } from '../worker/with-shipped-generator.js';
import { shippedGenerator } from '../engine/shipped-model.js';
import { onStopSignals } from '../cli/stop-signals.js';
import { whenStdoutCloses } from '../cli/stdout-closed.js';
import { tapOutcome, trainerSummary } from './dashboard-summary.js';

export async function trainWithDashboard(job: TrainJob, preview: PreviewMode, loaded: LoadedSettings): Promise<number> {
  await preflightJob(job);
  // React's development build costs several times the CPU per frame; set before React loads.
  process.env.NODE_ENV ??= 'production';
  const { runTrainUi } = await import('../ui/run-train-ui.js');
  // sharp's native library must be loaded by the main thread before a worker uses it, or its
  // unloading at worker exit can crash the process (lovell/sharp#2263).
  await import('sharp');
  // The run folder is the source of truth: a resumed run's charts and preview start from what
  // it recorded, not empty. Read before the worker starts, so nothing live can come first.
  const history = job.resume && job.runDir ? await runHistory(job.runDir) : [];
  const client = new WorkerTrainerClient(job);
  for (const message of history) client.inject(message);
  for (const message of loaded.warnings) client.inject({ type: 'event', event: { type: 'warning', time: Date.now(), message } });
  // The dashboard unmounts on SIGTERM/SIGHUP; these handlers make the trainer stop cleanly too.
  const offSignals = onStopSignals(
    () => client.send({ type: 'stop' }),
    () => void client.terminate().then(() => process.exit(130)),
  );
  // The terminal itself gone (pane closed, SSH dropped) before its SIGHUP: stop just the same.
  const offClosed = whenStdoutCloses(() => client.send({ type: 'stop' }));
  const tap = tapOutcome(client);
  // The generate view can also draw from the model that ships with the package (m; the first
  // visit while the run has no checkpoint yet), in a generator thread of its own.
  const shippedDir = shippedGenerator();
  const routed = shippedDir
    ? withShippedGenerator(tap.client, () => new WorkerTrainerClient(shippedJob(job.backend, shippedDir), GENERATOR_WORKER))
    : null;
  await runTrainUi(routed?.client ?? tap.client, {
    preview,
    shipped: routed !== null,
    theme: loaded.settings.theme,
    generate: { hair: loaded.settings.hair, eyes: loaded.settings.eyes, onChoice: (hair, eyes) => saveSettings(loaded, { hair, eyes }) },
  });
  const code = await client.close();
  await routed?.closeShipped();
  offSignals();
  offClosed();
  // The dashboard is gone: repeat a fatal error where the user can still read it.
  if (client.fatal) {
    process.stderr.write(`anime-gan-tui: ${client.fatal}\n`);
    return code === 0 ? 1 : code;
  }
  // Whatever came after the dashboard let go (the final events) is noted too.
  tap.client.subscribe(() => {})();
  for (const line of trainerSummary(tap.outcome)) process.stdout.write(line + '\n');
  return code;
}
