/**
 * What a UI or a watcher asks a trainer to do, as one runtime schema with the types drawn from it.
 * Commands arrive from the worker port and from the control socket, where anyone with access to
 * the socket can write anything: every field is checked against the same ranges as the command
 * line, and a refusal says in one line what was wrong and what a good command looks like.
 */
import { z } from 'zod/v4';
import { COLS_RANGE, COUNT_RANGE, LAMBDA_RANGE, REQUEST_ID_RANGE, SEED_RANGE, TRUNCATION_RANGE, describeRange, inRange, type Range } from './limits.js';

const ranged = (r: Range) => z.custom<number>((v) => inRange(v, r), `must be ${describeRange(r)}`);
/** Colour names come from a dataset's tags.csv; the trainer refuses one not in its vocabulary. */
const colour = z.custom<string | null>(
  (v) => v === null || (typeof v === 'string' && v.length > 0 && v.length <= 64),
  'must be a colour name (a string of at most 64 characters) or null for a random colour',
);

export const GenerateRequestSchema = z.object({
  /** Echoed back so the UI can drop answers to requests it has superseded. */
  requestId: ranged(REQUEST_ID_RANGE),
  /** A colour from the run's vocabulary, or null for a random colour per face. */
  hair: colour,
  eyes: colour,
  count: ranged(COUNT_RANGE),
  seed: ranged(SEED_RANGE),
  /** Multiplies z's spread (1 = as trained; smaller = safer, plainer faces). */
  truncation: ranged(TRUNCATION_RANGE),
  /** When set, faces run from noise A (seed) to noise B (seedB) and from conditions A to B. */
  interpolate: z
    .object({ seedB: ranged(SEED_RANGE), hairB: colour, eyesB: colour }, 'must be an object {seedB, hairB, eyesB}')
    .optional(),
  /** Columns of the answer's grid (the view's layout); default: about twice as wide as tall. */
  cols: ranged(COLS_RANGE).optional(),
  /**
   * 'shipped': drawn by the model that ships with the package rather than the run's generator
   * (the dashboard's generate view, m). The dashboard's client routes it to a thread of its own.
   */
  model: z.literal('shipped').optional(),
});
export type GenerateRequest = z.infer<typeof GenerateRequestSchema>;

export const TrainerCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('checkpoint') }),
  z.object({ type: z.literal('set-lambda'), lambda: ranged(LAMBDA_RANGE) }),
  z.object({ type: z.literal('stop') }),
  GenerateRequestSchema.extend({ type: z.literal('generate') }),
]);
export type TrainerCommand = z.infer<typeof TrainerCommandSchema>;
export type TrainerCommandType = TrainerCommand['type'];

/** A good line for each command, shown with a refusal so the fix is one copy away. */
const EXAMPLES: Record<TrainerCommandType, TrainerCommand> = {
  pause: { type: 'pause' },
  resume: { type: 'resume' },
  checkpoint: { type: 'checkpoint' },
  'set-lambda': { type: 'set-lambda', lambda: 2.5 },
  stop: { type: 'stop' },
  generate: { type: 'generate', requestId: 1, hair: null, eyes: null, count: 16, seed: 7, truncation: 1 },
};
export const COMMAND_TYPES = Object.keys(EXAMPLES) as TrainerCommandType[];

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** A value as a refusal quotes it: short, and 'nothing' for a missing field. */
export function quote(v: unknown): string {
  if (v === undefined) return 'nothing';
  let text: string;
  try {
    text = typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    text = String(v);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function at(value: unknown, keys: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Checks a decoded command; a refusal names the field, what it must be, what came, and an example. */
export function checkCommand(value: unknown): Checked<TrainerCommand> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: `a command is a JSON object with a "type", got ${quote(value)}; e.g. ${JSON.stringify(EXAMPLES.pause)}` };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !(COMMAND_TYPES as string[]).includes(type)) {
    return { ok: false, message: `unknown command type ${quote(type)}: use one of ${COMMAND_TYPES.join(', ')}` };
  }
  const r = TrainerCommandSchema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.');
  const example = JSON.stringify(EXAMPLES[type as TrainerCommandType]);
  return { ok: false, message: `'${type}' command: ${field} ${issue.message}, got ${quote(at(value, issue.path))}; e.g. ${example}` };
}

/** Decodes and checks one line of the control socket. */
export function checkCommandLine(line: string): Checked<TrainerCommand> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, message: `not a JSON command (${quote(line)}): send one JSON object per line, e.g. ${JSON.stringify(EXAMPLES.pause)}` };
  }
  return checkCommand(value);
}
