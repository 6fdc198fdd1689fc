/**
 * What the control socket sends back on the asking connection: the faces of a generate request,
 * or a refusal (exactly one line for each bad command). Watchers check each reply line here.
 */
import { z } from 'zod/v4';
import { FaceLabelsSchema } from './messages.js';

const size = z.number().int().nonnegative();

export const ControlReplySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('generated'),
    requestId: size,
    /** The grid with its pixels as base64, since the socket carries JSON lines. */
    grid: z.object({ rows: size, cols: size, width: size, height: size, pixels: z.string(), rowLabels: z.array(z.string()) }),
    labels: FaceLabelsSchema,
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ControlReply = z.infer<typeof ControlReplySchema>;

/** One reply line, or null when it is not one (a trainer of another version, say). */
export function parseReplyLine(line: string): ControlReply | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const r = ControlReplySchema.safeParse(value);
  return r.success ? r.data : null;
}
