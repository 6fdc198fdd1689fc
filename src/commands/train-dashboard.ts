/**
 * Training with the dashboard: the trainer in a worker thread, the Ink UI in this one. q, Ctrl+C
 * and SIGTERM stop it after a final checkpoint; a terminal that hangs up does not (hung-up.ts).
 */
import { runHistory } from '../run/run-history.js';
import { preflightJob, type TrainJob } from '../run/train-job.js';
import type { PreviewMode } from '../settings/schema.js';
import { saveSettings, type LoadedSettings } from '../settings/store.js';
import { WorkerTrainerClient } from '../worker/worker-client.js';
import { GENERATOR_WORKER, shippedJob } from '../worker/generator-job.js';
import { withShippedGenerator } from '../worker/with-shipped-generator.js';
import { shippedGenerator } from '../generate/shipped-model.js';
import { onStopSignals } from '../terminal/stop-signals.js';
import { onHangUp } from '../terminal/hang-up.js';
import { logAfterHangUp, type HungUpTrainer } from '../terminal/trainer-log.js';
import { tapOutcome, trainerSummary } from '../terminal/dashboard-summary.js';

export async function trainWithDashboard(job: TrainJob, preview: PreviewMode, loaded: LoadedSettings): Promise<number> {
  await preflightJob(job);
  // React's development build costs several times the CPU per frame; set before React loads.
  process.env.NODE_ENV ??= 'production';
  const { runTrainUi } = await import('../ui/train/run-train-ui.js');
  // sharp's native library must be loaded by the main thread before a worker uses it, or its
  // unloading at worker exit can crash the process (lovell/sharp#2263).
  await import('sharp');
  // The run folder is the source of truth: a resumed run's charts and preview start from what
  // it recorded, not empty. Read before the worker starts, so nothing live can come first.
  const history = job.resume && job.runDir ? await runHistory(job.runDir) : [];
  const client = new WorkerTrainerClient(job);
  for (const message of history) client.inject(message);
  for (const message of loaded.warnings) client.inject({ type: 'event', event: { type: 'warning', time: Date.now(), message } });
  // The dashboard unmounts on SIGTERM; this handler makes the trainer stop cleanly too.
  const offSignals = onStopSignals(
    () => client.send({ type: 'stop' }),
    () => void client.terminate().then(() => process.exit(130)),
    ['SIGINT', 'SIGTERM'],
  );
  const tap = tapOutcome(client);
  // The terminal gone (SSH dropped, pane closed): SIGHUP, or EIO on a write, whichever comes
  // first. The dashboard closes and the trainer carries on in the background (hung-up.ts).
  const hangUp = new AbortController();
  const hung: { trainer: HungUpTrainer | null } = { trainer: null };
  const offHangUp = onHangUp(() => {
    hung.trainer = logAfterHangUp(tap.client, tap.outcome.runDir ?? job.runDir, tap.outcome.lastStep?.step ?? null, tap.outcome.attributes);
    hangUp.abort();
  });
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
    until: hangUp.signal,
  });
  // The shipped model's generator served only the view, which has closed either way.
  await routed?.closeShipped();
  // After a hang-up nobody asked to stop: wait for the trainer to end by itself or by a signal.
  const background = hung.trainer;
  const code = background ? await client.whenExited() : await client.close();
  offSignals();
  // Still listening: a second SIGHUP (a dying shell resends it to its jobs) must not kill us.
  if (!background) offHangUp();
  const say = (line: string) => (background ? background.log.write(line) : process.stdout.write(line + '\n'));
  // The dashboard is gone: repeat a fatal error where the user can still read it.
  if (client.fatal) {
    if (!background) process.stderr.write(`anime-gan-tui: ${client.fatal}\n`);
    return code === 0 ? 1 : code;
  }
  // Whatever came after the dashboard let go (the final events) is noted too.
  tap.client.subscribe(() => {})();
  const summary = trainerSummary(tap.outcome);
  // The log has the done line already; the way to continue is new.
  for (const line of background ? summary.slice(1) : summary) say(line);
  return code;
}
