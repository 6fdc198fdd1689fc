/**
 * A training job as plain data (it crosses into the worker thread), and how it becomes a running
 * trainer: backend, data, run folder, lock. Shared by the headless command and the worker, so both
 * start training the same way.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isConditional, type BackendChoice, type TrainConfig } from '../engine/config.js';
import { selectBackend } from '../backend/choose-backend.js';
import { loadFaces } from '../data/resolve-data.js';
import { checkDataFolder, labelRefusal } from '../data/load-folder.js';
import { DatasetError } from '../data/dataset.js';
import { Trainer } from '../engine/trainer.js';
import { datasetInfo } from '../engine/trainer-checkpoint.js';
import type { SampleGrid } from '../engine/fixed-samples.js';
import type { TrainerEvent } from '../protocol/events.js';
import { incompatibility } from '../engine/trainer-state.js';
import { RUNS_DIR, RunFolder, newRunName, openRunFolder } from './run-folder.js';
import { acquireLock, assertLockFree } from './lock.js';
import { startControlServer } from './control-socket.js';
import { rememberRun } from './run-registry.js';
import { applyCommand } from './apply-command.js';
import { RunRecorder } from './run-recorder.js';
import { openQuality } from './open-quality.js';
import { AppError } from '../util/errors.js';

export interface TrainJob {
  config: TrainConfig;
  /** Settings the user gave explicitly: on resume they must match the run's. */
  explicit: Partial<Pick<TrainConfig, 'model' | 'width' | 'loss' | 'learningRate' | 'learningRateG' | 'learningRateD'>>;
  dataDir: string | null;
  /** Where dataDir came from: on resume, only a folder named by flag or env replaces the run's own. */
  dataFrom: 'flag' | 'env' | 'saved' | 'default' | 'none';
  skipBad: boolean;
  backend: BackendChoice;
  /** A run folder; null: a new one under checkpoints/. */
  runDir: string | null;
  resume: boolean;
  until: { steps?: number; epochs?: number };
  keepCheckpoints: number;
  /** Checkpoint every N steps as well as at epoch ends (0: epochs only). */
  checkpointEvery: number;
  /** Judge the faces at epoch ends (quality events, the best checkpoint); absent: no. */
  quality?: boolean;
}

export interface JobHooks {
  onEvent?: (event: TrainerEvent) => void;
  onSampleGrid?: (grid: SampleGrid, step: number, epoch: number) => void;
  /** Data loading progress, before the trainer exists. */
  onStatus?: (message: string) => void;
}

export interface StartedJob {
  trainer: Trainer;
  run: RunFolder;
  release: () => void;
}

export class JobError extends AppError {}

/** The learning rates a resume changes: those given (the way out of a blow-up). */
function learningRateOverrides(e: TrainJob['explicit']): Partial<TrainConfig> {
  return Object.fromEntries(Object.entries(e).filter(([k]) => k.startsWith('learningRate')));
}

/** The run folder, settings and data a job will use, checked without changing anything on disk. */
function resolveJob(job: TrainJob): { runDir: string; config: TrainConfig; dataDir: string | null } {
  if (!job.resume) {
    const runDir = job.runDir ?? path.join(RUNS_DIR, newRunName(job.config.model));
    if (existsSync(path.join(runDir, 'run.json'))) {
      throw new JobError(`${runDir} already holds a run: add --resume to continue it, or pick another --run`);
    }
    return { runDir, config: job.config, dataDir: job.dataDir };
  }
  if (!job.runDir) throw new JobError('--resume needs --run DIR (the run folder to continue)');
  if (!existsSync(path.join(job.runDir, 'run.json'))) {
    throw new JobError(`${job.runDir} holds no run to resume (no run.json): leave out --resume to start a new run there, or pick one that \`anime-gan-tui runs\` lists`);
  }
  const info = openRunFolder(job.runDir).readInfo();
  const diff = incompatibility(info.config, { ...info.config, ...job.explicit });
  // The learning rate may change on resume (the way out of a blow-up); shape-defining settings may not.
  if (diff) throw new JobError(`cannot resume ${job.runDir}: ${diff}; leave those flags out to continue it`);
  const ownData = info.dataset.source === 'drawn' ? null : info.dataset.dir;
  const dataDir = job.dataFrom === 'flag' || job.dataFrom === 'env' ? job.dataDir : ownData;
  return { runDir: job.runDir, config: info.config, dataDir };
}

/**
 * The checks that can fail on bad input, run before a dashboard opens: so a wrong folder is a
 * one-line error in the shell, not a message inside a screen that must then be closed.
 */
export async function preflightJob(job: TrainJob): Promise<void> {
  const { runDir, config, dataDir } = resolveJob(job);
  assertLockFree(path.join(runDir, 'lock'));
  if (dataDir) {
    const check = { skipBad: job.skipBad, model: config.model, conditional: isConditional(config.model) };
    await checkDataFolder(dataDir, check).catch((err: unknown) => Promise.reject(fromSettings(job, err)));
  }
}

/** A data error about a folder that came from saved settings says so, and how to change it. */
function fromSettings(job: TrainJob, err: unknown): unknown {
  if (job.dataFrom !== 'saved' || !(err instanceof DatasetError)) return err;
  return new DatasetError(`${err.message}; it is the saved dataDir: change it with 'anime-gan-tui config set dataDir DIR', or forget it with 'config set dataDir none'`);
}

export async function startJob(job: TrainJob, hooks: JobHooks = {}): Promise<StartedJob> {
  const { runDir, config, dataDir } = resolveJob(job);
  // A new run's folder is removed again if the run cannot start: no empty folders left behind.
  const fresh = !existsSync(runDir);
  mkdirSync(runDir, { recursive: true });
  const run = new RunFolder(runDir);
  const lock = acquireLock(run.lockFile);
  // Before run.json exists: `train --detach` reports the run as soon as that file appears.
  rememberRun(run.dir);
  try {
    hooks.onStatus?.('choosing a compute backend…');
    const backend = await selectBackend(job.backend);
    hooks.onStatus?.(dataDir ? `loading faces from ${dataDir}…` : 'drawing built-in faces…');
    let lastReport = 0;
    const dataset = await loadFaces(dataDir, {
      skipBad: job.skipBad,
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - lastReport > 250 || done === total) {
          lastReport = now;
          hooks.onStatus?.(`loading faces ${done}/${total}`);
        }
      },
    });
    // Checked before the dashboard too; again here for what only the decode tells (skipped images).
    const refusal = isConditional(config.model) ? labelRefusal(dataset, config.model) : null;
    if (refusal) throw new DatasetError(refusal);
    if (!job.resume) {
      await run.writeInfo({
        format: 1,
        name: run.name,
        created: Date.now(),
        config,
        dataset: datasetInfo(dataset),
      });
    }
    const quality = job.quality ? await openQuality(dataset, config, run, job.resume, hooks.onStatus) : null;
    const trainer = await Trainer.create({
      config,
      dataset,
      recorder: new RunRecorder(run),
      backend: { ...backend, requested: job.backend },
      until: job.until,
      resume: job.resume,
      overrides: learningRateOverrides(job.explicit),
      keepCheckpoints: job.keepCheckpoints,
      checkpointEvery: job.checkpointEvery,
      onEvent: hooks.onEvent,
      onSampleGrid: hooks.onSampleGrid,
      quality,
    });
    if (lock.staleNote) hooks.onEvent?.({ type: 'warning', time: Date.now(), message: lock.staleNote });
    const control = await startControlServer(run.dir, (cmd, reply) => {
      try {
        const g = applyCommand(trainer, cmd);
        if (g) reply({ type: 'generated', requestId: g.requestId, grid: { ...g.grid, pixels: Buffer.from(g.grid.pixels).toString('base64') }, labels: g.labels });
      } catch (err) {
        reply({ type: 'error', message: (err as Error).message });
      }
    }).catch((err: Error) => {
      hooks.onEvent?.({ type: 'warning', time: Date.now(), message: `watchers cannot control this run: ${err.message}` });
      return null;
    });
    return {
      trainer,
      run,
      release: () => {
        void control?.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    if (fresh) rmSync(runDir, { recursive: true, force: true });
    throw fromSettings(job, err);
  }
}
