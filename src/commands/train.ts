/** `anime-gan-tui train`: flags → a training job → the dashboard (on a terminal) or lines (otherwise). */
import { BACKEND_CHOICES, DEFAULT_LR_D, DEFAULT_LR_G, LOSS_KINDS, MODEL_KINDS, defaultConfig, defaultLambda, type TrainConfig } from '../engine/config.js';
import { DIFF_AUGMENT_OPS, parseDiffAugment } from '../protocol/vocabulary.js';
import { resolveDataDir } from '../data/resolve-data.js';
import type { TrainJob } from '../run/train-job.js';
import { startJob, type StartedJob } from '../run/train-job.js';
import { PREVIEW_MODES, type PreviewMode } from '../settings/schema.js';
import type { LoadedSettings } from '../settings/store.js';
import { UsageError } from '../util/errors.js';
import { choice, inFlagRange, intIn, numberIn } from '../util/flag-values.js';
import { LAMBDA_RANGE, SEED_RANGE } from '../protocol/limits.js';
import { plainLines } from '../terminal/plain-lines.js';
import { onStopSignals } from '../terminal/stop-signals.js';
import { stdoutClosed, whenStdoutCloses } from '../terminal/stdout-closed.js';

export interface TrainFlags {
  data?: string;
  model?: string;
  width?: number;
  batch?: number;
  steps?: number;
  epochs?: number;
  lambda?: number;
  loss?: string;
  lr?: number;
  lrG?: number;
  lrD?: number;
  emaBeta?: number;
  diffAugment?: string;
  diffAugmentP?: string;
  reuseFake?: boolean;
  seed?: number;
  run?: string;
  resume?: boolean;
  json?: boolean;
  plain?: boolean;
  backend?: string;
  preview?: string;
  sampleEvery?: number;
  augment?: boolean;
  skipBad?: boolean;
  keep?: number;
  checkpointEvery?: number;
  quality?: boolean;
}

export type OutputMode = 'tui' | 'json' | 'plain';

/** Flags > saved settings > defaults, checked; throws UsageError on anything out of range. */
export function trainJobFromFlags(f: TrainFlags, loaded: LoadedSettings, env = process.env): TrainJob {
  const s = loaded.settings;
  const model = choice('model', f.model, MODEL_KINDS) ?? s.model;
  const loss = choice('loss', f.loss, LOSS_KINDS) ?? s.loss;
  const width = numberIn('width', f.width, 0, 4, true) ?? s.width;
  const batch = intIn('batch', f.batch, 1, 1024) ?? s.batch;
  const lambda = inFlagRange('lambda', f.lambda, LAMBDA_RANGE) ?? s.lambda ?? defaultLambda(model);
  const learningRate = numberIn('lr', f.lr, 0, 1, true) ?? 2e-4;
  // Two rates unless --lr sets one for both (docs/models.md: the 10-minute study).
  const learningRateG = numberIn('lrG', f.lrG, 0, 1, true) ?? (f.lr === undefined ? DEFAULT_LR_G : undefined);
  const learningRateD = numberIn('lrD', f.lrD, 0, 1, true) ?? (f.lr === undefined ? DEFAULT_LR_D : undefined);
  const emaBeta = f.emaBeta === undefined ? s.emaBeta : numberIn('emaBeta', f.emaBeta, 0, 1);
  if (emaBeta === 1) throw new UsageError('--ema-beta must be below 1 (1 would never take in G\'s weights; 0 turns the average off)');
  const diffAugment = parseDiffAugment(f.diffAugment ?? s.diffAugment ?? '');
  if (!diffAugment) throw new UsageError(`--diff-augment must be none or a list of ${DIFF_AUGMENT_OPS.join(', ')}, got '${f.diffAugment}'`);
  const diffAugmentP = augmentP(f.diffAugmentP) ?? s.diffAugmentP;
  const seed = inFlagRange('seed', f.seed, SEED_RANGE) ?? 1;
  const sampleEvery = intIn('sampleEvery', f.sampleEvery, 1, 1e9) ?? 50;
  const steps = intIn('steps', f.steps, 1, 1e9);
  const epochs = intIn('epochs', f.epochs, 1, 1e6);
  if (steps !== undefined && epochs !== undefined) throw new UsageError('give --steps or --epochs, not both');
  const backend = choice('backend', f.backend, BACKEND_CHOICES) ?? s.backend;
  const keepCheckpoints = intIn('keep', f.keep, 1, 1000) ?? 3;
  const checkpointEvery = intIn('checkpointEvery', f.checkpointEvery, 1, 1e9) ?? 0;
  if (f.resume && !f.run) throw new UsageError('--resume needs --run DIR (the run folder to continue)');
  // ADA reads overfitting off the sign of D's logits; a WGAN critic's sign says nothing.
  if (diffAugment.length && diffAugmentP === 'ada' && loss === 'wgan-gp') throw new UsageError('--diff-augment-p ada goes with the gan loss, not wgan-gp: give a fixed probability');
  if (model === 'projection' && diffAugment.includes('colour')) {
    throw new UsageError('the projection model takes no colour augmentation: its D judges each face with its colours; leave colour out of --diff-augment');
  }
  if (model === 'projection' && loss !== 'gan') {
    throw new UsageError(`the projection model trains with its own hinge loss, not ${loss}: leave --loss out${f.loss === undefined ? ` (the saved loss is ${loss}: anime-gan-tui config set loss gan)` : ''}`);
  }
  const config: TrainConfig = {
    ...defaultConfig(model),
    model,
    loss,
    width,
    batch,
    lambda,
    learningRate,
    seed,
    sampleEvery,
    augment: f.augment ?? true,
    ...(learningRateG !== undefined ? { learningRateG } : {}),
    ...(learningRateD !== undefined ? { learningRateD } : {}),
    emaBeta: emaBeta!,
    diffAugment,
    diffAugmentP,
    reuseFake: f.reuseFake ?? s.reuseFake,
  };
  const data = resolveDataDir({ flag: f.data, env: env.ANIME_GAN_DATA, saved: s.dataDir });
  return {
    config,
    explicit: {
      ...(f.model !== undefined ? { model } : {}),
      ...(f.width !== undefined ? { width } : {}),
      ...(f.loss !== undefined ? { loss } : {}),
      // --lr sets both networks' rate, so on a resume it replaces their own ones too.
      ...(f.lr !== undefined ? { learningRate, learningRateG: undefined, learningRateD: undefined } : {}),
      ...(f.lrG !== undefined ? { learningRateG } : {}),
      ...(f.lrD !== undefined ? { learningRateD } : {}),
    },
    dataDir: data.dir,
    dataFrom: data.from,
    skipBad: f.skipBad ?? false,
    backend,
    runDir: f.run ?? null,
    resume: f.resume ?? false,
    until: { ...(steps !== undefined ? { steps } : {}), ...(epochs !== undefined ? { epochs } : {}) },
    keepCheckpoints,
    checkpointEvery,
    quality: f.quality ?? true,
  };
}

/** --diff-augment-p: a probability from 0 to 1, or 'ada'. */
function augmentP(v: string | undefined): number | 'ada' | undefined {
  if (v === undefined || v === 'ada') return v;
  const p = Number(v);
  if (v.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) throw new UsageError(`--diff-augment-p must be a number from 0 to 1, or ada, got '${v}'`);
  return p;
}

export function outputMode(f: TrainFlags, isTTY: boolean): OutputMode {
  if (f.json && f.plain) throw new UsageError('give --json or --plain, not both');
  if (f.json) return 'json';
  // A dumb terminal cannot redraw in place: lines instead of a dashboard.
  if (f.plain || !isTTY || process.env.TERM === 'dumb') return 'plain';
  return 'tui';
}

export function previewMode(f: { preview?: string }, loaded: LoadedSettings): PreviewMode {
  return choice('preview', f.preview, PREVIEW_MODES) ?? loaded.settings.preview;
}

/** Trains in this process, printing events; Ctrl+C or SIGTERM stop after a final checkpoint. */
export async function trainHeadless(job: TrainJob, mode: 'json' | 'plain', loaded: LoadedSettings): Promise<number> {
  // Once the reader of our output has gone (`| head`), lines go nowhere and training stops.
  const print = (line: string) => {
    if (!stdoutClosed()) process.stdout.write(line + '\n');
  };
  for (const w of loaded.warnings) (mode === 'json' ? print(JSON.stringify({ type: 'warning', time: Date.now(), message: w })) : print(`warning: ${w}`));
  // Listen from the start: a stop that comes during the data load, before there is a trainer to
  // stop, would otherwise be lost, and `kill` of a starting background trainer do nothing.
  let trainer: StartedJob['trainer'] | null = null;
  let stopAsked = false;
  const stop = () => {
    stopAsked = true;
    trainer?.stop();
  };
  const offSignals = onStopSignals(stop, () => process.exit(130));
  const offClosed = whenStdoutCloses(stop);
  let started: StartedJob;
  const lineOf = plainLines();
  try {
    started = await startJob(job, {
      onEvent: (e) => {
        if (mode === 'json') print(JSON.stringify(e));
        else {
          const line = lineOf(e);
          if (line) print(line);
        }
      },
    });
  } catch (err) {
    offSignals();
    offClosed();
    throw err;
  }
  trainer = started.trainer;
  if (stopAsked) trainer.stop();
  try {
    const done = await started.trainer.run();
    return done.reason === 'diverged' ? 1 : 0;
  } finally {
    offSignals();
    offClosed();
    started.trainer.dispose();
    started.release();
  }
}
