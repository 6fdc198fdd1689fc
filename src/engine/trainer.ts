/**
 * The training loop: batches in, steps, metrics, samples and checkpoints out, as events. It can be
 * paused, resumed, checkpointed, re-weighted (λ) and stopped while it runs; those calls take effect
 * between steps. Runs the same in the main thread (headless) and in the worker (TUI).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Z_DIM, hasClassifier, isConditional, type BackendChoice, type TrainConfig } from './config.js';
import { openBatches, type BatchSource } from '../data/batch-source.js';
import type { FaceDataset } from '../data/dataset.js';
import { Rng, mixSeed } from '../util/rng.js';
import { AppError, type ExitCode } from '../util/errors.js';
import type { CheckpointReason, DatasetInfo, DoneEvent, StepEvent, TrainerEvent } from '../protocol/events.js';
import { buildModels, type Generator, type Models } from './models/index.js';

export { faceSpread, type SampleGrid } from './fixed-samples.js';
import { STEP_METRICS, type StepBatch } from './train-step.js';
import { createStep, type TrainStep } from './train-steps.js';
import { drawNoise, type Vocab } from './sampler.js';
import { encodePng } from './image.js';
import { COLLAPSE_SPREAD, SAMPLE_COLS, drawFixedSamples, faceSpread, fixedSampleGrid, rowLabels, type FixedSamples, type SampleGrid } from './fixed-samples.js';
import { adamCounts, restoreTraining, trainingTensors } from './trainer-checkpoint.js';
import { makeFaces, type FaceRequest } from './face-request.js';
import { checkpointName, latestCheckpoint, pruneCheckpoints, snapshotTensors, writeCheckpoint, type NamedValues } from './checkpoint.js';
import { incompatibility, type TrainerCheckpointState } from './trainer-state.js';
import type { RunFolder } from '../run/run-folder.js';
import { collapseMessage, type QualityMonitor } from '../judge/quality-monitor.js';
import { keepBestCheckpoint } from '../run/best-checkpoint.js';

export interface BackendInfo {
  name: string;
  device: string;
  reason: string;
  requested: BackendChoice;
}

export interface TrainerOptions {
  config: TrainConfig;
  dataset: FaceDataset;
  run: RunFolder;
  backend: BackendInfo;
  /** Where this invocation stops, counted from the run's start. Neither: 100 epochs. */
  until: { steps?: number; epochs?: number };
  /** Continue from the run's newest good checkpoint. */
  resume?: boolean;
  /** Settings a resume may change (a lower learning rate after a blow-up). */
  overrides?: Partial<Pick<TrainConfig, 'learningRate'>>;
  /** Checkpoints kept besides the every-10th-epoch ones. */
  keepCheckpoints?: number;
  /** Also checkpoint every N steps (besides each epoch end); 0 or absent: epochs only. */
  checkpointEvery?: number;
  onEvent?: (event: TrainerEvent) => void;
  onSampleGrid?: (grid: SampleGrid, step: number, epoch: number) => void;
  /** Judges the faces at epoch ends and on requested checkpoints; none: no quality events. */
  quality?: QualityMonitor | null;
}

/** Training itself failed (exit 1); a run that cannot be resumed as asked is bad input (exit 2). */
export class TrainerError extends AppError {
  constructor(message: string, exitCode: ExitCode = 1) {
    super(message, exitCode);
  }
}

const DEFAULT_EPOCHS = 100;

/** A checkpoint being resumed from. */
interface Restored {
  state: TrainerCheckpointState;
  values: Map<string, NamedValues>;
  step: number;
  dir: string;
}

export class Trainer {
  /** Completed steps in the run. */
  step = 0;
  lambda: number;
  private paused = false;
  private stopRequested = false;
  private checkpointRequested = false;
  private wake: (() => void) | null = null;
  private lastCheckpoint: string | null = null;
  private diverged = false;
  private collapseWarned = false;
  /** Wall time spent in training steps this session (what the judge's budget is a share of). */
  private trainingMs = 0;
  private qualityFailed = false;
  private readonly ganStep: TrainStep;
  private readonly g: Generator;
  private readonly rng: Rng;
  private readonly fixed: FixedSamples;
  readonly totalSteps: number;
  readonly startStep: number;

  private constructor(
    private readonly opts: TrainerOptions,
    readonly config: TrainConfig,
    models: Models,
    private readonly batches: BatchSource,
    restored: Restored | null,
  ) {
    const ds = opts.dataset;
    this.g = models.g;
    this.ganStep = createStep(config.model, models, {
      loss: config.loss,
      learningRate: config.learningRate,
      beta1: config.beta1,
      nHair: ds.hairVocab.length,
      nEyes: ds.eyesVocab.length,
      conditional: isConditional(config.model),
    });
    this.lambda = config.lambda;
    if (restored) {
      const { state, values } = restored;
      restoreTraining(this.ganStep, values, state.adam);
      this.step = restored.step;
      this.lambda = state.lambda;
      this.rng = Rng.fromState(state.rng);
      this.fixed = { z: values.get('fixed/z')!.values.slice(), rows: state.sampleRows };
      this.lastCheckpoint = restored.dir;
      this.batches.setState(state.batcher as never);
    } else {
      this.rng = new Rng(mixSeed(config.seed, 2));
      this.fixed = drawFixedSamples(new Rng(mixSeed(config.seed, 3)), isConditional(config.model), ds.hairVocab.length, ds.eyesVocab.length);
    }
    this.startStep = this.step;
    const spe = batches.stepsPerEpoch;
    this.totalSteps = opts.until.steps ?? (opts.until.epochs ?? DEFAULT_EPOCHS) * spe;
  }

  static async create(opts: TrainerOptions): Promise<Trainer> {
    const ds = opts.dataset;
    let config = opts.config;
    let restored: Restored | null = null;
    const found = opts.resume
      ? await latestCheckpoint<TrainerCheckpointState>(opts.run.checkpointsDir, (msg) => opts.onEvent?.({ type: 'warning', time: Date.now(), message: `skipped ${msg}` }))
      : null;
    // Killed before its first checkpoint: the run starts over from step 0 with its own settings.
    if (opts.resume && !found) opts.onEvent?.({ type: 'warning', time: Date.now(), message: `${opts.run.dir} has no checkpoint yet: starting it again from step 0` });
    if (found) {
      const state = found.meta.extra;
      const diff = incompatibility(state.config, config);
      if (diff) throw new TrainerError(`cannot resume ${opts.run.dir}: ${diff}`, 2);
      if (state.hairVocab.join() !== ds.hairVocab.join() || state.eyesVocab.join() !== ds.eyesVocab.join()) {
        const [nameA, nameB] = state.dataset?.attributes ?? ds.attributes;
        throw new TrainerError(`cannot resume ${opts.run.dir}: its classes (${state.hairVocab.length} ${nameA}, ${state.eyesVocab.length} ${nameB}) differ from this dataset's; use the data it was trained on`, 2);
      }
      // The saved settings win: a resume continues the same run.
      config = { ...state.config, ...opts.overrides };
      restored = { state, values: found.values, step: found.meta.step, dir: found.dir };
    }
    const models = buildModels(config.model, {
      width: config.width,
      nHair: ds.hairVocab.length,
      nEyes: ds.eyesVocab.length,
      discriminatorNorm: config.loss === 'gan',
      seed: config.seed,
    });
    const batches = openBatches(ds, { batch: config.batch, seed: config.seed, augment: config.augment });
    try {
      return new Trainer(opts, config, models, batches, restored);
    } catch (err) {
      // A checkpoint that cannot be restored: no helper thread left behind.
      batches.close();
      throw err;
    }
  }

  get stepsPerEpoch(): number {
    return this.batches.stepsPerEpoch;
  }

  get epoch(): number {
    return Math.floor(this.step / this.stepsPerEpoch) + 1;
  }

  get vocab(): Vocab | null {
    const ds = this.opts.dataset;
    return isConditional(this.config.model) ? { hairVocab: ds.hairVocab, eyesVocab: ds.eyesVocab, attributes: ds.attributes } : null;
  }

  pause(): void {
    if (this.paused || this.stopRequested) return;
    this.paused = true;
    this.emit({ type: 'pause', time: Date.now(), step: this.step });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.emit({ type: 'resume', time: Date.now(), step: this.step });
    this.poke();
  }

  requestCheckpoint(): void {
    this.checkpointRequested = true;
    this.poke();
  }

  setLambda(lambda: number): void {
    if (!Number.isFinite(lambda) || lambda < 0) return;
    this.lambda = lambda;
    this.emit({ type: 'lambda', time: Date.now(), step: this.step, lambda });
  }

  stop(): void {
    this.stopRequested = true;
    this.poke();
  }

  /** Faces from the generator as it is now (training may be running or paused). */
  generate(req: FaceRequest) {
    return makeFaces(this.g, this.vocab, req);
  }

  /** Trains until done, stopped or diverged. A trainer runs once. */
  async run(): Promise<DoneEvent> {
    try {
      return await this.runSteps();
    } finally {
      this.batches.close();
    }
  }

  private async runSteps(): Promise<DoneEvent> {
    const { opts, config } = this;
    mkdirSync(opts.run.samplesDir, { recursive: true });
    this.emit({
      type: 'start',
      time: Date.now(),
      run: opts.run.name,
      runDir: opts.run.dir,
      model: config.model,
      width: config.width,
      loss: config.loss,
      batch: config.batch,
      lambda: this.lambda,
      learningRate: config.learningRate,
      backend: opts.backend.name,
      backendRequested: opts.backend.requested,
      backendReason: opts.backend.reason,
      device: opts.backend.device,
      dataset: datasetInfo(opts.dataset),
      stepsPerEpoch: this.stepsPerEpoch,
      totalSteps: this.totalSteps,
      startStep: this.startStep,
      resumed: this.startStep > 0,
      sampleRows: rowLabels(this.fixed, this.opts.dataset),
      quality: Boolean(opts.quality),
    });
    for (const w of opts.dataset.warnings) this.emit({ type: 'warning', time: Date.now(), message: w });

    let reason: DoneEvent['reason'] = 'completed';
    while (this.step < this.totalSteps) {
      await this.serviceRequests();
      if (this.stopRequested) {
        reason = 'stopped';
        break;
      }
      const ev = await this.trainOneStep();
      if (!Number.isFinite(ev.dLoss) || !Number.isFinite(ev.gLoss)) {
        this.emit({ type: 'error', time: Date.now(), message: this.divergedMessage(`the losses became ${ev.dLoss}/${ev.gLoss} at step ${ev.step}`) });
        return this.finish('diverged', false);
      }
      const epochEnd = ev.stepInEpoch === ev.stepsPerEpoch;
      if (epochEnd) {
        const sample = await this.writeSample('epoch', ev.epoch);
        this.emit({ type: 'epoch', time: Date.now(), epoch: ev.epoch, step: ev.step, sample });
        const saved = await this.checkpoint('epoch', ev.epoch % 10 === 0);
        await this.judgeQuality(false, saved);
      } else {
        if (this.step % config.sampleEvery === 0) await this.writeSample('step', this.step);
        const every = this.opts.checkpointEvery ?? 0;
        if (every > 0 && this.step % every === 0) await this.checkpoint('periodic', false);
      }
      if (this.diverged) return this.finish('diverged', false);
      // Let commands from the UI or signals in before the next step.
      await new Promise<void>((r) => setImmediate(r));
    }
    return this.finish(reason, true);
  }

  /** What to say when training blew up: where the last good state is and how to go on from it. */
  private divergedMessage(what: string): string {
    const lr = this.config.learningRate / 2;
    return this.lastCheckpoint
      ? `${what}: training stopped and nothing was saved after ${this.lastCheckpoint}; continue from it with a lower learning rate: anime-gan-tui train --run ${this.opts.run.dir} --resume --lr ${lr}`
      : `${what} before any checkpoint: start again with a lower learning rate (--lr ${lr})`;
  }

  private async finish(reason: DoneEvent['reason'], save: boolean): Promise<DoneEvent> {
    if (save && this.step > 0 && !this.lastCheckpoint?.endsWith(checkpointName(this.step))) {
      await this.checkpoint('stop', false);
    }
    const done: DoneEvent = {
      type: 'done',
      time: Date.now(),
      step: this.step,
      epoch: Math.max(1, Math.ceil(this.step / this.stepsPerEpoch)),
      reason,
      lastCheckpoint: this.lastCheckpoint,
    };
    this.emit(done);
    return done;
  }

  /** Handles pause and checkpoint requests; returns when training may go on (or must stop). */
  private async serviceRequests(): Promise<void> {
    for (;;) {
      if (this.checkpointRequested) {
        this.checkpointRequested = false;
        await this.judgeQuality(true, await this.checkpoint('request', false));
      }
      if (!this.paused || this.stopRequested) return;
      // A paused trainer waits on nothing but this promise. In a background trainer every other
      // handle is unref'd (the control socket, so that watchers cannot keep a finished run
      // alive): once the last watcher hung up, Node would find nothing left to do and exit
      // mid-run, with no final checkpoint and the lock left behind. The timer holds the process
      // until a resume, a stop or a signal.
      const hold = setInterval(() => {}, 1 << 30);
      await new Promise<void>((r) => (this.wake = r));
      clearInterval(hold);
      this.wake = null;
    }
  }

  private poke(): void {
    this.wake?.();
  }

  private async trainOneStep(): Promise<StepEvent> {
    const { config } = this;
    const started = performance.now();
    const batch = await this.batches.next();
    const b = config.batch;
    const nHair = this.opts.dataset.hairVocab.length;
    const nEyes = this.opts.dataset.eyesVocab.length;
    const fakeHair = new Int32Array(b);
    const fakeEyes = new Int32Array(b);
    for (let i = 0; i < b; i++) {
      fakeHair[i] = this.rng.int(nHair);
      fakeEyes[i] = this.rng.int(nEyes);
    }
    const z = drawNoise(this.rng, b);
    const gpEps = config.loss === 'wgan-gp' ? Float32Array.from({ length: b }, () => this.rng.next()) : null;
    const input: StepBatch = { real: batch.pixels, realHair: batch.hair, realEyes: batch.eyes, z, fakeHair, fakeEyes, gpEps };

    const t0 = performance.now();
    const values = this.ganStep.run(input, this.lambda);
    const ms = performance.now() - t0;
    this.trainingMs += performance.now() - started;
    this.step += 1;

    const m = Object.fromEntries(STEP_METRICS.map((k, i) => [k, values[i]!])) as Record<(typeof STEP_METRICS)[number], number>;
    const ev: StepEvent = {
      type: 'step',
      time: Date.now(),
      step: this.step,
      epoch: batch.epoch,
      stepInEpoch: batch.stepInEpoch,
      stepsPerEpoch: this.stepsPerEpoch,
      lambda: this.lambda,
      dLoss: m.dLoss,
      gLoss: m.gLoss,
      dReal: m.dReal,
      dFake: m.dFake,
      imgPerSec: (b * 1000) / ms,
      ...(hasClassifier(config.model)
        ? { hairAccReal: m.hairAccReal, eyesAccReal: m.eyesAccReal, hairAccFake: m.hairAccFake, eyesAccFake: m.eyesAccFake }
        : {}),
    };
    this.emit(ev);
    return ev;
  }

  /** The fixed-noise grid as the generator draws it now. */
  sampleGrid(): SampleGrid {
    return fixedSampleGrid(this.g, this.fixed, this.opts.dataset);
  }

  /** Writes the sample grid: per epoch to its own PNG, between epochs to samples/latest.png. */
  private async writeSample(kind: 'epoch' | 'step', n: number): Promise<string> {
    const grid = this.sampleGrid();
    this.opts.onSampleGrid?.(grid, this.step, this.epoch);
    // With a judge, collapse is told by its diversity figure instead (judgeQuality).
    if (!this.opts.quality) this.checkCollapse(grid);
    const png = await encodePng(grid.pixels, grid.width, grid.height);
    const rel = kind === 'epoch' ? this.opts.run.samplePath('epoch', n).rel : 'samples/latest.png';
    const abs = path.join(this.opts.run.dir, rel);
    const tmp = `${abs}.tmp-${process.pid}`;
    writeFileSync(tmp, png);
    renameSync(tmp, abs);
    this.emit({ type: 'sample', time: Date.now(), step: this.step, epoch: Math.max(1, Math.ceil(this.step / this.stepsPerEpoch)), path: rel, rows: grid.rows, cols: grid.cols, rowLabels: grid.rowLabels });
    return rel;
  }

  /**
   * Mode collapse: the first row's faces share their conditions but not their noise, so they
   * should differ. Warned once, and only after the generator has had time to move away from its
   * near-uniform start.
   */
  private checkCollapse(grid: SampleGrid): void {
    if (this.collapseWarned || this.step < 500) return;
    const spread = faceSpread(grid);
    if (spread < COLLAPSE_SPREAD) {
      this.collapseWarned = true;
      this.emit({
        type: 'warning',
        time: Date.now(),
        message: `the sample faces are nearly identical at step ${this.step} (mean difference ${spread.toFixed(1)}/255): the generator may have collapsed; try a lower λ, the wgan-gp loss, or resuming an earlier checkpoint`,
      });
    }
  }

  /**
   * A quality judgement of the generator as it is now: at an epoch end when the budget allows, on
   * a requested checkpoint always. The checkpoint just saved becomes `best` when it is the best yet.
   */
  private async judgeQuality(requested: boolean, checkpoint: string | null): Promise<void> {
    const q = this.opts.quality;
    if (!q || this.qualityFailed || this.diverged) return;
    if (!requested && !q.affordable(this.trainingMs)) return;
    let ev;
    try {
      ev = q.judge(this.g, this.vocab, this.step, Math.max(1, Math.ceil(this.step / this.stepsPerEpoch)));
    } catch (err) {
      // The judge is an observer: its failure costs the quality panel, never the run.
      this.qualityFailed = true;
      this.emit({ type: 'warning', time: Date.now(), message: `quality judgements stopped: ${(err as Error).message.split('\n')[0]}` });
      return;
    }
    this.emit(ev);
    if (ev.best && checkpoint) {
      try {
        await keepBestCheckpoint(checkpoint, this.opts.run.bestDir);
      } catch (err) {
        this.emit({ type: 'warning', time: Date.now(), message: `could not keep the best checkpoint (${(err as Error).message.split('\n')[0]}); training goes on` });
      }
    }
    const collapse = this.collapseWarned ? null : collapseMessage(ev);
    if (collapse) {
      this.collapseWarned = true;
      this.emit({ type: 'warning', time: Date.now(), message: collapse });
    }
  }

  /** Saves a checkpoint; on failure (disk full, say) reports it and keeps the previous one. */
  async checkpoint(reason: CheckpointReason, keep: boolean): Promise<string | null> {
    if (!this.weightsFinite()) {
      this.diverged = true;
      this.emit({ type: 'error', time: Date.now(), message: this.divergedMessage(`the weights became NaN or infinite by step ${this.step}`) });
      return null;
    }
    try {
      return await this.writeCheckpointNow(reason, keep);
    } catch (err) {
      this.emit({
        type: 'error',
        time: Date.now(),
        message: `could not write a checkpoint at step ${this.step} (${(err as Error).message.split('\n')[0]}); the previous one, ${this.lastCheckpoint ?? 'none'}, is intact; training goes on`,
      });
      return null;
    }
  }

  /** One reduction over every weight: cheap next to a step, and only done when saving. */
  private weightsFinite(): boolean {
    const total = tf.tidy(() => tf.addN(this.ganStep.nets.flatMap((n) => n.params.all()).map((v) => tf.sum(v))));
    const ok = Number.isFinite(total.dataSync()[0]);
    total.dispose();
    return ok;
  }

  private async writeCheckpointNow(reason: CheckpointReason, keep: boolean): Promise<string> {
    const { ganStep, opts } = this;
    const tensors = await snapshotTensors(trainingTensors(ganStep));
    tensors.push({ name: 'fixed/z', shape: [this.fixed.z.length / Z_DIM, Z_DIM], values: this.fixed.z });
    const state: TrainerCheckpointState = {
      run: opts.run.name,
      config: { ...this.config, lambda: this.lambda },
      lambda: this.lambda,
      hairVocab: opts.dataset.hairVocab,
      eyesVocab: opts.dataset.eyesVocab,
      dataset: datasetInfo(opts.dataset),
      batcher: this.batches.getState(),
      rng: this.rng.state,
      adam: adamCounts(ganStep),
      sampleRows: this.fixed.rows,
      sampleCols: SAMPLE_COLS,
    };
    const epoch = Math.max(1, Math.ceil(this.step / this.stepsPerEpoch));
    const dir = await writeCheckpoint(opts.run.checkpointsDir, { step: this.step, epoch, time: Date.now(), keep, extra: state }, tensors);
    this.lastCheckpoint = dir;
    await pruneCheckpoints(opts.run.checkpointsDir, opts.keepCheckpoints ?? 3);
    this.emit({ type: 'checkpoint', time: Date.now(), step: this.step, epoch, path: path.relative(opts.run.dir, dir), reason });
    return dir;
  }

  private emit(event: TrainerEvent): void {
    try {
      this.opts.run.appendEvent(event);
    } catch (err) {
      throw new TrainerError(`cannot write to the run folder ${this.opts.run.dir} (${(err as Error).message.split('\n')[0]}); the last checkpoint is ${this.lastCheckpoint ?? 'none'}`);
    }
    this.opts.onEvent?.(event);
  }

  dispose(): void {
    this.ganStep.dispose();
    for (const n of this.ganStep.nets) n.params.dispose();
  }
}

export function datasetInfo(ds: FaceDataset): DatasetInfo {
  return { source: ds.source, dir: ds.dir, count: ds.count, hairVocab: ds.hairVocab, eyesVocab: ds.eyesVocab, attributes: ds.attributes };
}

