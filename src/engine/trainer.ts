/**
 * The training loop: batches in, steps, metrics, samples and checkpoints out, as events. It can be
 * paused, resumed, checkpointed, re-weighted (λ) and stopped while it runs; those calls take effect
 * between steps. Runs the same in the main thread (headless) and in the worker (TUI). Where its
 * outputs go is the Recorder's business (run/run-recorder.ts for a run folder).
 */
import { Z_DIM, isConditional, type TrainConfig } from './config.js';
import { openBatches, type BatchSource } from '../data/batch-source.js';
import type { FaceDataset } from '../data/dataset.js';
import { Rng, mixSeed } from '../util/rng.js';
import { firstLine } from '../util/errors.js';
import type { CheckpointReason, DoneEvent, StepEvent, TrainerEvent } from '../protocol/events.js';
import type { Generator } from './models/index.js';
import { buildTraining, type TrainStep } from './train-steps.js';
import type { Vocab } from './sampler.js';
import { nextAugmentP, startEvent, startingAugmentP, stepEvent, stepInput, type BackendInfo } from './step-inputs.js';
import { drawFixedSamples, fixedSampleGrid, rowLabels, type FixedSamples, type SampleGrid } from './fixed-samples.js';
import { checkpointState, restoreTraining, trainingTensors, weightsFinite } from './trainer-checkpoint.js';
import { makeFaces, type FaceRequest } from './face-request.js';
import { checkpointName, snapshotTensors } from './checkpoint.js';
import type { QualityJudge, Recorder, SavedTraining } from './recorder.js';
import { CollapseWatch } from './collapse-watch.js';
import { TrainerControls } from './trainer-controls.js';
import { TrainerError, divergedMessage, findResumePoint } from './trainer-resume.js';
import { epochOfStep } from './epochs.js';

export { TrainerError } from './trainer-resume.js';

export interface TrainerOptions {
  config: TrainConfig;
  dataset: FaceDataset;
  /** Keeps the run's record: events, sample grids, checkpoints. */
  recorder: Recorder;
  backend: BackendInfo;
  /** Where this invocation stops, counted from the run's start. Neither: 100 epochs. */
  until: { steps?: number; epochs?: number };
  /** Continue from the run's newest good checkpoint. */
  resume?: boolean;
  /** Settings a resume may change (lower learning rates after a blow-up). */
  overrides?: Partial<Pick<TrainConfig, 'learningRate' | 'learningRateG' | 'learningRateD'>>;
  /** Checkpoints kept besides the every-10th-epoch ones. */
  keepCheckpoints?: number;
  /** Also checkpoint every N steps (besides each epoch end); 0 or absent: epochs only. */
  checkpointEvery?: number;
  onEvent?: (event: TrainerEvent) => void;
  onSampleGrid?: (grid: SampleGrid, step: number, epoch: number) => void;
  /** Judges the faces at epoch ends and on requested checkpoints; none: no quality events. */
  quality?: QualityJudge | null;
}

const DEFAULT_EPOCHS = 100;

export class Trainer {
  /** Completed steps in the run. */
  step = 0;
  lambda: number;
  private readonly controls = new TrainerControls();
  private readonly collapse = new CollapseWatch((message) => this.emit({ type: 'warning', time: Date.now(), message }));
  private lastCheckpoint: string | null = null;
  private diverged = false;
  /** Wall time spent in training steps this session (what the judge's budget is a share of). */
  private trainingMs = 0;
  private qualityFailed = false;
  private readonly ganStep: TrainStep;
  /** G as it trains, and the G that draws every picture: its average where the run keeps one. */
  private readonly g: Generator;
  private get drawing(): Generator {
    return this.ganStep.averaged?.ready() ?? this.g;
  }
  private readonly rng: Rng;
  /** The augmentation probability of the next step (ADA moves it). */
  private augmentP: number;
  private readonly fixed: FixedSamples;
  readonly totalSteps: number;
  readonly startStep: number;

  private constructor(
    private readonly opts: TrainerOptions,
    readonly config: TrainConfig,
    private readonly batches: BatchSource,
    saved: SavedTraining | null,
  ) {
    const ds = opts.dataset;
    const { models, step } = buildTraining(config, { nHair: ds.hairVocab.length, nEyes: ds.eyesVocab.length });
    this.g = models.g;
    this.ganStep = step;
    this.lambda = config.lambda;
    this.augmentP = saved?.meta.extra.augmentP ?? startingAugmentP(config);
    if (saved) {
      const state = saved.meta.extra;
      restoreTraining(this.ganStep, saved.values, state.adam);
      this.step = saved.meta.step;
      this.lambda = state.lambda;
      this.rng = Rng.fromState(state.rng);
      this.fixed = { z: saved.values.get('fixed/z')!.values.slice(), rows: state.sampleRows };
      this.lastCheckpoint = saved.dir;
      this.batches.setState(state.batcher as never);
    } else {
      this.rng = new Rng(mixSeed(config.seed, 2));
      this.fixed = drawFixedSamples(new Rng(mixSeed(config.seed, 3)), isConditional(config.model), ds.hairVocab.length, ds.eyesVocab.length);
    }
    this.startStep = this.step;
    this.totalSteps = opts.until.steps ?? (opts.until.epochs ?? DEFAULT_EPOCHS) * batches.stepsPerEpoch;
  }

  static async create(opts: TrainerOptions): Promise<Trainer> {
    const { config, saved } = opts.resume
      ? await findResumePoint(opts.recorder, opts.dataset, opts.config, opts.overrides ?? {}, (e) => opts.onEvent?.(e))
      : { config: opts.config, saved: null };
    const batches = openBatches(opts.dataset, { batch: config.batch, seed: config.seed, augment: config.augment });
    try {
      return new Trainer(opts, config, batches, saved);
    } catch (err) {
      // A checkpoint that cannot be restored: no helper thread left behind.
      batches.close();
      throw err;
    }
  }

  get stepsPerEpoch(): number {
    return this.batches.stepsPerEpoch;
  }

  /** The epoch of the last completed step (1 before any). */
  get epoch(): number {
    return epochOfStep(this.step, this.stepsPerEpoch);
  }

  get vocab(): Vocab | null {
    const ds = this.opts.dataset;
    return isConditional(this.config.model) ? { hairVocab: ds.hairVocab, eyesVocab: ds.eyesVocab, attributes: ds.attributes } : null;
  }

  pause(): void {
    if (this.controls.pause()) this.emit({ type: 'pause', time: Date.now(), step: this.step });
  }

  resume(): void {
    if (this.controls.resume()) this.emit({ type: 'resume', time: Date.now(), step: this.step });
  }

  requestCheckpoint(): void {
    this.controls.requestCheckpoint();
  }

  setLambda(lambda: number): void {
    if (!Number.isFinite(lambda) || lambda < 0) return;
    this.lambda = lambda;
    this.emit({ type: 'lambda', time: Date.now(), step: this.step, lambda });
  }

  stop(): void {
    this.controls.stop();
  }

  /** Faces from the generator as it is now (training may be running or paused). */
  generate(req: FaceRequest) {
    return makeFaces(this.drawing, this.vocab, req);
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
    this.emit(
      startEvent(opts, config, {
        lambda: this.lambda,
        stepsPerEpoch: this.stepsPerEpoch,
        totalSteps: this.totalSteps,
        startStep: this.startStep,
        sampleRows: rowLabels(this.fixed, opts.dataset),
      }),
    );
    for (const w of opts.dataset.warnings) this.emit({ type: 'warning', time: Date.now(), message: w });

    let reason: DoneEvent['reason'] = 'completed';
    while (this.step < this.totalSteps) {
      await this.serviceRequests();
      if (this.controls.stopRequested) {
        reason = 'stopped';
        break;
      }
      const ev = await this.trainOneStep();
      if (!Number.isFinite(ev.dLoss) || !Number.isFinite(ev.gLoss)) {
        this.emit({ type: 'error', time: Date.now(), message: this.divergedMessage(`the losses became ${ev.dLoss}/${ev.gLoss} at step ${ev.step}`) });
        return this.finish('diverged', false);
      }
      if (ev.stepInEpoch === ev.stepsPerEpoch) {
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
    return divergedMessage(what, this.lastCheckpoint, this.opts.recorder.dir, this.config);
  }

  private async finish(reason: DoneEvent['reason'], save: boolean): Promise<DoneEvent> {
    if (save && this.step > 0 && !this.lastCheckpoint?.endsWith(checkpointName(this.step))) {
      await this.checkpoint('stop', false);
    }
    const done: DoneEvent = { type: 'done', time: Date.now(), step: this.step, epoch: this.epoch, reason, lastCheckpoint: this.lastCheckpoint };
    this.emit(done);
    return done;
  }

  /** Handles pause and checkpoint requests; returns when training may go on (or must stop). */
  private async serviceRequests(): Promise<void> {
    for (;;) {
      if (this.controls.takeCheckpointRequest()) await this.judgeQuality(true, await this.checkpoint('request', false));
      if (!this.controls.paused || this.controls.stopRequested) return;
      await this.controls.nextRequest();
    }
  }

  private async trainOneStep(): Promise<StepEvent> {
    const started = performance.now();
    const real = await this.batches.next();
    const { hairVocab, eyesVocab } = this.opts.dataset;
    const augmentP = this.augmentP;
    const input = stepInput(this.rng, real, this.config, hairVocab.length, eyesVocab.length, augmentP);
    const t0 = performance.now();
    const values = this.ganStep.run(input, this.lambda);
    const ms = performance.now() - t0;
    this.trainingMs += performance.now() - started;
    this.step += 1;
    this.augmentP = nextAugmentP(this.config, augmentP, values);
    const ev = stepEvent(values, { step: this.step, real, stepsPerEpoch: this.stepsPerEpoch, lambda: this.lambda, ms, augmentP }, this.config);
    this.emit(ev);
    return ev;
  }

  /** The fixed-noise grid as the generator draws it now. */
  sampleGrid(): SampleGrid {
    return fixedSampleGrid(this.drawing, this.fixed, this.opts.dataset);
  }

  /** Records the fixed-noise grid: per epoch (kept) or between epochs (the latest only). */
  private async writeSample(kind: 'epoch' | 'step', n: number): Promise<string> {
    const grid = this.sampleGrid();
    this.opts.onSampleGrid?.(grid, this.step, this.epoch);
    // With a judge, collapse is told by its diversity figure instead (judgeQuality).
    if (!this.opts.quality) this.collapse.checkGrid(grid, this.step);
    const rel = await this.opts.recorder.saveSample(grid, kind, n);
    this.emit({ type: 'sample', time: Date.now(), step: this.step, epoch: this.epoch, path: rel, rows: grid.rows, cols: grid.cols, rowLabels: grid.rowLabels });
    return rel;
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
      ev = q.judge(this.drawing, this.vocab, this.step, this.epoch);
    } catch (err) {
      // The judge is an observer: its failure costs the quality panel, never the run.
      this.qualityFailed = true;
      this.emit({ type: 'warning', time: Date.now(), message: `quality judgements stopped: ${firstLine(err)}` });
      return;
    }
    this.emit(ev);
    if (ev.best && checkpoint) {
      try {
        await this.opts.recorder.keepBest(checkpoint);
      } catch (err) {
        this.emit({ type: 'warning', time: Date.now(), message: `could not keep the best checkpoint (${firstLine(err)}); training goes on` });
      }
    }
    this.collapse.checkQuality(q, ev);
  }

  /** Saves a checkpoint; on failure (disk full, say) reports it and keeps the previous one. */
  async checkpoint(reason: CheckpointReason, keep: boolean): Promise<string | null> {
    if (!weightsFinite(this.ganStep)) {
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
        message: `could not write a checkpoint at step ${this.step} (${firstLine(err)}); the previous one, ${this.lastCheckpoint ?? 'none'}, is intact; training goes on`,
      });
      return null;
    }
  }

  private async writeCheckpointNow(reason: CheckpointReason, keep: boolean): Promise<string> {
    const { ganStep, opts } = this;
    const tensors = await snapshotTensors(trainingTensors(ganStep));
    tensors.push({ name: 'fixed/z', shape: [this.fixed.z.length / Z_DIM, Z_DIM], values: this.fixed.z });
    const extra = checkpointState({
      run: opts.recorder.name,
      config: this.config,
      lambda: this.lambda,
      dataset: opts.dataset,
      batcher: this.batches.getState(),
      rng: this.rng.state,
      step: ganStep,
      sampleRows: this.fixed.rows,
      augmentP: this.augmentP,
    });
    const meta = { step: this.step, epoch: this.epoch, time: Date.now(), keep, extra };
    const dir = await opts.recorder.saveCheckpoint({ meta, tensors }, opts.keepCheckpoints ?? 3);
    this.lastCheckpoint = dir;
    this.emit({ type: 'checkpoint', time: Date.now(), step: this.step, epoch: this.epoch, path: opts.recorder.displayPath(dir), reason });
    return dir;
  }

  private emit(event: TrainerEvent): void {
    try {
      this.opts.recorder.appendEvent(event);
    } catch (err) {
      throw new TrainerError(`cannot write to the run folder ${this.opts.recorder.dir} (${firstLine(err)}); the last checkpoint is ${this.lastCheckpoint ?? 'none'}`);
    }
    this.opts.onEvent?.(event);
  }

  dispose(): void {
    this.ganStep.dispose();
    for (const n of this.ganStep.nets) n.params.dispose();
  }
}
