/**
 * What a trainer reports, as one runtime schema with the types drawn from it. Every event is plain
 * JSON: the same objects go to the worker protocol, to `--json` output, and (one per line) to the
 * run's events.jsonl, from which a viewer can rebuild everything it shows. Whatever reads events
 * from outside this process (a file another version wrote, a hand-edited one) checks them here.
 */
import { z } from 'zod/v4';
import { BACKEND_CHOICES, DIFF_AUGMENT_OPS, LOSS_KINDS, MODEL_KINDS } from './vocabulary.js';

/**
 * A measured value. NaN and ∞ are real outcomes (a diverged step reports them), and JSON writes
 * them as null, so null reads back as NaN.
 */
const metric = z.union([z.custom<number>((v) => typeof v === 'number'), z.null().transform(() => Number.NaN)]);
const count = z.number().int().nonnegative();
const time = z.number();

/** What the two class attributes are called when the data does not say (MLDS, drawn faces, older runs). */
export const DEFAULT_ATTRIBUTES: readonly [string, string] = ['hair', 'eyes'];

export const DatasetInfoSchema = z.object({
  /**
   * `mlds`: a folder with a tags file (MLDS or any two attributes); `folder`: a plain folder of
   * images without labels; `drawn`: faces the program draws itself.
   */
  source: z.enum(['mlds', 'folder', 'drawn']),
  dir: z.string().nullable(),
  count,
  /** Values of the first and second attribute; the names stay those of MLDS for older readers. */
  hairVocab: z.array(z.string()),
  eyesVocab: z.array(z.string()),
  /** Names of the two attributes, from the tags file ("hair", "eyes" for MLDS); absent before they were. */
  attributes: z.tuple([z.string(), z.string()]).default(['hair', 'eyes']),
});
export type DatasetInfo = z.infer<typeof DatasetInfoSchema>;

export const StartEventSchema = z.object({
  type: z.literal('start'),
  time,
  run: z.string(),
  runDir: z.string(),
  model: z.enum(MODEL_KINDS),
  width: z.number(),
  loss: z.enum(LOSS_KINDS),
  batch: count,
  lambda: z.number(),
  /** Both networks' learning rate, unless one has its own below. */
  learningRate: z.number(),
  /** G's and D's own learning rates, where given (--lr-g, --lr-d). */
  learningRateG: z.number().optional(),
  learningRateD: z.number().optional(),
  /** β of the averaged generator that draws the samples; 0: the raw G draws. Absent in runs from before it existed: 0. */
  emaBeta: z.number().optional(),
  /** Augmentations of every image D sees, and their probability ('ada': adapted; the step events carry it). Absent: none. */
  diffAugment: z.array(z.enum(DIFF_AUGMENT_OPS)).optional(),
  diffAugmentP: z.union([z.number(), z.literal('ada')]).optional(),
  /** The G phase reuses the D phase's generated batch. */
  reuseFake: z.boolean().optional(),
  backend: z.string(),
  backendRequested: z.enum(BACKEND_CHOICES),
  backendReason: z.string(),
  device: z.string(),
  dataset: DatasetInfoSchema,
  stepsPerEpoch: count,
  /** Last step of this invocation (from --steps or --epochs), counted from the run's start. */
  totalSteps: count,
  /** First step this invocation runs: 0 for a new run, the checkpoint's step on resume. */
  startStep: count,
  resumed: z.boolean(),
  /** Labels of the fixed sample grid's rows ("blue/red"); empty for DCGAN. */
  sampleRows: z.array(z.string()),
  /** Whether the judge grades the faces at epoch ends (absent in runs from before it existed). */
  quality: z.boolean().optional(),
});
export type StartEvent = z.infer<typeof StartEventSchema>;

export const StepMetricsSchema = z.object({
  dLoss: metric,
  gLoss: metric,
  /** Mean D(x) on real images, as a probability (sigmoid of the logit; WGAN: the raw critic). */
  dReal: metric,
  dFake: metric,
  imgPerSec: metric,
  hairAccReal: metric.optional(),
  eyesAccReal: metric.optional(),
  hairAccFake: metric.optional(),
  eyesAccFake: metric.optional(),
  /** The augmentation probability of this step (runs with augmentation only). */
  augmentP: metric.optional(),
});
export type StepMetrics = z.infer<typeof StepMetricsSchema>;

export const StepEventSchema = StepMetricsSchema.extend({
  type: z.literal('step'),
  time,
  /** 1-based count of steps done in the run. */
  step: count,
  /** 1-based epoch the step belongs to. */
  epoch: count,
  stepInEpoch: count,
  stepsPerEpoch: count,
  lambda: z.number(),
});
export type StepEvent = z.infer<typeof StepEventSchema>;

export const EpochEventSchema = z.object({
  type: z.literal('epoch'),
  time,
  epoch: count,
  step: count,
  /** Sample grid written for this epoch, relative to the run folder. */
  sample: z.string().nullable(),
});
export type EpochEvent = z.infer<typeof EpochEventSchema>;

export const SampleEventSchema = z.object({
  type: z.literal('sample'),
  time,
  step: count,
  epoch: count,
  /** The PNG written, relative to the run folder. */
  path: z.string(),
  rows: z.number().int().positive(),
  cols: z.number().int().positive(),
  rowLabels: z.array(z.string()),
});
export type SampleEvent = z.infer<typeof SampleEventSchema>;

export const CHECKPOINT_REASONS = ['epoch', 'request', 'stop', 'periodic'] as const;
export type CheckpointReason = (typeof CHECKPOINT_REASONS)[number];

export const CheckpointEventSchema = z.object({
  type: z.literal('checkpoint'),
  time,
  step: count,
  epoch: count,
  path: z.string(),
  reason: z.enum(CHECKPOINT_REASONS),
});
export type CheckpointEvent = z.infer<typeof CheckpointEventSchema>;

/**
 * How good the generator's faces are, by the project's judge network (a hair/eye classifier trained
 * on the real data alone, never by a GAN): written at each epoch end and on a requested checkpoint.
 */
export const QualityEventSchema = z.object({
  type: z.literal('quality'),
  time,
  step: count,
  epoch: count,
  /** Generated faces judged. */
  faces: count,
  /** Fréchet distance between judge features of generated and held-out real faces (lower is better). */
  frechet: metric,
  /** The same distance between two samples of real faces of that size: the best a generator can do. */
  frechetFloor: metric,
  /** Mean pairwise judge-feature distance within a pair, generated ÷ real: 1 = as varied as real, 0 = one face. */
  diversity: metric,
  /** Share of faces the judge gives the asked hair / eyes / both colours (conditional models only). */
  hairAcc: metric.optional(),
  eyesAcc: metric.optional(),
  bothAcc: metric.optional(),
  /** The lowest Fréchet distance of the run so far (its checkpoint is kept as `best`). */
  best: z.boolean(),
  /** Wall time the judgement took. */
  ms: z.number(),
});
export type QualityEvent = z.infer<typeof QualityEventSchema>;

export const LambdaEventSchema = z.object({ type: z.literal('lambda'), time, step: count, lambda: z.number() });
export type LambdaEvent = z.infer<typeof LambdaEventSchema>;

export const PauseEventSchema = z.object({ type: z.literal('pause'), time, step: count });
export type PauseEvent = z.infer<typeof PauseEventSchema>;

export const ResumeEventSchema = z.object({ type: z.literal('resume'), time, step: count });
export type ResumeEvent = z.infer<typeof ResumeEventSchema>;

export const WarningEventSchema = z.object({ type: z.literal('warning'), time, message: z.string() });
export type WarningEvent = z.infer<typeof WarningEventSchema>;

export const ErrorEventSchema = z.object({
  type: z.literal('error'),
  time,
  message: z.string(),
  /**
   * Set by a watcher that found the run's trainer dead (crashed or killed, no 'done'): nothing
   * will step, pause or checkpoint any more. Other errors leave the trainer running.
   */
  trainerGone: z.literal(true).optional(),
});
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;

export const DoneEventSchema = z.object({
  type: z.literal('done'),
  time,
  step: count,
  epoch: count,
  /** diverged: a loss went NaN or infinite; nothing was saved after the last good checkpoint. */
  reason: z.enum(['completed', 'stopped', 'diverged']),
  lastCheckpoint: z.string().nullable(),
});
export type DoneEvent = z.infer<typeof DoneEventSchema>;

export const TrainerEventSchema = z.discriminatedUnion('type', [
  StartEventSchema,
  StepEventSchema,
  EpochEventSchema,
  SampleEventSchema,
  CheckpointEventSchema,
  QualityEventSchema,
  LambdaEventSchema,
  PauseEventSchema,
  ResumeEventSchema,
  WarningEventSchema,
  ErrorEventSchema,
  DoneEventSchema,
]);
export type TrainerEvent = z.infer<typeof TrainerEventSchema>;
export type TrainerEventType = TrainerEvent['type'];

/**
 * One line of events.jsonl as an event, or null for a line that is not one: torn by a kill
 * mid-write, written by another version, or edited by hand. Readers skip such lines.
 */
export function parseEventLine(line: string): TrainerEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const r = TrainerEventSchema.safeParse(value);
  return r.success ? r.data : null;
}
