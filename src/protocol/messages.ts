/**
 * The protocol between the UI thread and the trainer worker, as one runtime schema with the types
 * drawn from it. Plain data only: tensors never cross the thread boundary; pixels travel as
 * transferable buffers.
 */
import { z } from 'zod/v4';
import { TrainerEventSchema } from './events.js';
import { MODEL_KINDS } from './vocabulary.js';

export { checkCommand, checkCommandLine, type GenerateRequest, type TrainerCommand, type TrainerCommandType } from './commands.js';

const size = z.number().int().nonnegative();

/** An RGB grid of 64×64 faces, row-major, 3 bytes a pixel: what previews and sample PNGs show. */
export const FaceGridSchema = z.object({
  rows: size,
  cols: size,
  /** Pixel size of the whole grid (cols·64 × rows·64, no gaps). */
  width: size,
  height: size,
  /** RGB bytes, width·height·3 long. */
  pixels: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be a Uint8Array'),
  /** A label per row (ACGAN: "hair/eyes"); empty when rows carry no conditions. */
  rowLabels: z.array(z.string()),
});
export type FaceGrid = z.infer<typeof FaceGridSchema>;

/** The colours each generated face was drawn with; nulls for DCGAN. */
export const FaceLabelsSchema = z.array(z.tuple([z.string().nullable(), z.string().nullable()]));

/** What a generator without a trainer (the standalone generate view) draws from. */
export const GeneratorInfoSchema = z.object({
  model: z.enum(MODEL_KINDS),
  width: z.number(),
  /** Empty for DCGAN. */
  hairVocab: z.array(z.string()),
  eyesVocab: z.array(z.string()),
  /** Names of the two attributes the vocabularies are values of. */
  attributes: z.tuple([z.string(), z.string()]).default(['hair', 'eyes']),
  /** Run folder (saved PNGs go under it) and its name. */
  runDir: z.string(),
  run: z.string(),
  checkpoint: z.string(),
  step: size,
  epoch: size,
  backend: z.string(),
  device: z.string(),
  /** How the model that ships with the package was made, when it is the one drawing; else null. */
  shipped: z.string().nullable(),
  /** Which weights draw: the run's average of G, or G's own (generate --raw, or a run without one). */
  weights: z.enum(['averaged', 'raw']).optional(),
});
export type GeneratorInfo = z.infer<typeof GeneratorInfoSchema>;

/** What the worker sends: every trainer event, plus pixel payloads that never go to disk as JSON. */
export const WorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: TrainerEventSchema }),
  z.object({ type: z.literal('sample-grid'), step: size, epoch: size, grid: FaceGridSchema }),
  z.object({ type: z.literal('generated'), requestId: size, grid: FaceGridSchema, labels: FaceLabelsSchema }),
  /** A standalone generator has loaded its checkpoint (the trainer's 'start' event says the same). */
  z.object({ type: z.literal('generator'), info: GeneratorInfoSchema }),
  /** Progress before training starts (backend, data loading). */
  z.object({ type: z.literal('status'), message: z.string() }),
  z.object({ type: z.literal('fatal'), message: z.string() }),
  z.object({ type: z.literal('exited'), code: z.number().int() }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;
export type WorkerMessageType = WorkerMessage['type'];

/**
 * A message from a worker thread, checked. Our own threads send them, so a failure is a bug; it
 * becomes a warning the dashboard shows rather than a crash in a reducer far from its cause.
 */
export function checkWorkerMessage(value: unknown): WorkerMessage {
  const r = WorkerMessageSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const type = value !== null && typeof value === 'object' ? String((value as { type?: unknown }).type) : typeof value;
  return {
    type: 'event',
    event: { type: 'warning', time: Date.now(), message: `ignored a malformed '${type}' message from the trainer thread (${issue.path.join('.') || 'message'}: ${issue.message})` },
  };
}

/** Exhaustiveness guard for switches over the unions above. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
