/**
 * Half-block previews without Ink paying for their colours. Ink re-tokenises every escape of
 * every line on every frame (about 50 µs per colour code, measured on a 2-core machine), and a
 * preview is thousands of colour codes: through Ink, at 160×48, they took four fifths of the
 * dashboard's CPU.
 *
 * So where the dashboard owns the terminal, each preview line goes through Ink as a run of one
 * private-use character, and the stream Ink writes to swaps each run for the line's real cells,
 * as kitty does with its image placeholders. Ink lays out, clips and compares plain text; the
 * colours never pass through it. Each new drawing takes fresh characters, so a frame whose
 * only change is the faces still differs from the last one (Ink skips identical frames).
 */
import { createContext } from 'react';

/** Private-use code points handed out in turn; a frame holds far fewer than this. */
const FIRST = 0xe000;
const COUNT = 1024;
const RUN = /([\ue000-\ue3ff])\1*/g;
const ANY = /[\ue000-\ue3ff]/;

const registered = new Map<number, { text: string; width: number }>();
let next = 0;

/** Whether the stream this tree renders into swaps placeholders (see substitutingStream). */
export const PlaceholderContext = createContext(false);

/** Stand-ins for `lines`, each `width` cells of plain text that substitute() turns back into the line. */
export function placeholderLines(lines: readonly string[], width: number): string[] {
  return lines.map((text) => {
    const cp = FIRST + next;
    next = (next + 1) % COUNT;
    registered.set(cp, { text, width });
    return String.fromCharCode(cp).repeat(width);
  });
}

/** Puts the real lines where their stand-ins are; a run cut short (never expected) becomes blanks. */
export function substitute(chunk: string): string {
  if (!ANY.test(chunk)) return chunk;
  return chunk.replace(RUN, (run: string, ch: string) => {
    const line = registered.get(ch.charCodeAt(0));
    if (line === undefined) return run;
    return run.length === line.width ? line.text : ' '.repeat(run.length);
  });
}

/** `stream` as Ink should see it: the same stream, except that what is written is substituted. */
export function substitutingStream(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (stream.write as (c: unknown, ...r: unknown[]) => boolean)(typeof chunk === 'string' ? substitute(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'write') return write;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
