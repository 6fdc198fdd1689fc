/**
 * `anime-gan-tui generate` on a terminal without --out/--out-dir: the generate view on a run's
 * checkpoint (its newest, or --checkpoint), drawn by a generator thread. Choices start from the
 * flags, then the saved preferences; colours picked are saved for next time.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_CHOICES } from '../engine/config.js';
import { PREVIEW_MODES } from '../settings/schema.js';
import { saveSettings, type LoadedSettings } from '../settings/store.js';
import { UsageError } from '../util/errors.js';
import { choice, inFlagRange } from '../util/flag-values.js';
import { SEED_RANGE, TRUNCATION_RANGE } from '../protocol/limits.js';
import type { GeneratorJob } from '../worker/generator-job.js';
import { WorkerTrainerClient } from '../worker/worker-client.js';
import { resolveSource, type GenerateFlags } from './generate.js';

export interface GenerateTuiFlags extends GenerateFlags {
  preview?: string;
}

/**
 * One generator thread: the native kernels already spread a request over every core, and a
 * second thread only competed with them (npm run bench -- --generate: 103–217 ms median on one
 * thread against 181–272 ms with a second joining). Helpers remain for the bench's comparison.
 */
export const GENERATOR_THREADS = 1;

/** The job for the generator thread, checked here so a run without checkpoints fails in one line, before the screen changes. */
export function generatorJob(f: GenerateTuiFlags, loaded: LoadedSettings): GeneratorJob {
  const backend = choice('backend', f.backend, BACKEND_CHOICES) ?? loaded.settings.backend;
  const from = resolveSource(f.run, f.checkpoint);
  const { run, checkpoint } = from;
  if (checkpoint) {
    if (!existsSync(path.join(checkpoint, 'meta.json'))) throw new UsageError(`${checkpoint} is not a checkpoint folder (no meta.json)`);
  } else if (run) {
    const has = existsSync(run.checkpointsDir) && readdirSync(run.checkpointsDir).some((d) => d.startsWith('step-'));
    if (!has) throw new UsageError(`no checkpoint in ${run.checkpointsDir} yet (train a while first, or press c in the dashboard; --checkpoint shipped uses the model that comes with anime-gan-tui)`);
  }
  // Faces saved from the shipped model go where the user stands; a checkpoint folder lives in
  // <run>/ckpt/, so its run is two levels up.
  const runDir = from.shipped ? process.cwd() : (run?.dir ?? path.dirname(path.dirname(path.resolve(checkpoint!))));
  return { backend, checkpointsDir: run?.checkpointsDir ?? '', checkpoint, runDir, shipped: from.shipped, threads: GENERATOR_THREADS, raw: f.raw ?? false };
}

export async function generateOnTerminal(f: GenerateTuiFlags, loaded: LoadedSettings): Promise<number> {
  if (f.count !== undefined) throw new UsageError('--count goes with --out or --out-dir; on a terminal the grid follows its size');
  if (f.json) throw new UsageError('--json goes with --out or --out-dir');
  const seed = inFlagRange('seed', f.seed, SEED_RANGE);
  const truncation = inFlagRange('truncation', f.truncation, TRUNCATION_RANGE);
  const preview = choice('preview', f.preview, PREVIEW_MODES) ?? loaded.settings.preview;
  const job = generatorJob(f, loaded);

  // React's development build costs several times the CPU per frame; set before React loads.
  process.env.NODE_ENV ??= 'production';
  const { runGenerateUi } = await import('../ui/generate/generate-run.js');
  // sharp (saving PNGs here, previews) must be loaded by the main thread before any worker ends (lovell/sharp#2263).
  await import('sharp');
  const client = new WorkerTrainerClient(job, new URL('../worker/generator-worker.js', import.meta.url));
  for (const message of loaded.warnings) client.inject({ type: 'event', event: { type: 'warning', time: Date.now(), message } });
  await runGenerateUi(client, {
    preview,
    theme: loaded.settings.theme,
    generate: {
      // Flags > saved > random.
      hair: f.hair ?? loaded.settings.hair,
      eyes: f.eyes ?? loaded.settings.eyes,
      ...(seed !== undefined ? { seed } : {}),
      ...(truncation !== undefined ? { truncation } : {}),
      onChoice: (hair, eyes) => saveSettings(loaded, { hair, eyes }),
    },
  });
  const code = await client.close();
  if (client.fatal) {
    process.stderr.write(`anime-gan-tui: ${client.fatal}\n`);
    return code === 0 ? 1 : code;
  }
  return 0;
}
