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
 *
 * Sixel and iTerm2 images take stand-ins too, one per text row they cover: the stream then
 * leaves those cells alone and draws the image there (frame-writer.ts).
 */
import { createContext } from 'react';

/** Private-use code points handed out in turn; a frame holds far fewer than this. */
const FIRST = 0xe000;
const COUNT = 1024;
const RUN = /([\ue000-\ue3ff])\1*/g;
const ANY = /[\ue000-\ue3ff]/;

/** One row of cells an image covers: which image, which of its rows, and how to draw it. */
export interface ImageRow {
  /** The same object for every row of one drawing of one image. */
  image: object;
  line: number;
  /** Text rows the image covers. */
  height: number;
  /** The escape that draws the whole image at the cursor (row 0's cell). */
  escape: string;
}

/** What a stand-in stands for: its line (or blanks, for an image), and a serial unique to this registration. */
export interface StandIn {
  text: string;
  width: number;
  serial: number;
  image?: ImageRow;
}

const registered = new Map<number, StandIn>();
let next = 0;
let serial = 0;

function register(entry: Omit<StandIn, 'serial'>): string {
  const cp = FIRST + next;
  next = (next + 1) % COUNT;
  registered.set(cp, { ...entry, serial: ++serial });
  return String.fromCharCode(cp).repeat(entry.width);
}

/** Runs of one stand-in character (global: use with matchAll or replace); any one stand-in. */
export const STAND_IN_RUN = RUN;
export const STAND_IN_ANY = ANY;

/** What the stand-in character `ch` stands for now. */
export function standInFor(ch: string): StandIn | undefined {
  return registered.get(ch.charCodeAt(0));
}

/** Whether the stream this tree renders into swaps placeholders (see substitutingStream). */
export const PlaceholderContext = createContext(false);

/** Stand-ins for `lines`, each `width` cells of plain text that substitute() turns back into the line. */
export function placeholderLines(lines: readonly string[], width: number): string[] {
  return lines.map((text) => register({ text, width }));
}

/**
 * Stand-ins for an image `width` cells by `height` rows that `escape` draws. Where the stream
 * does not draw images, they come out as blanks.
 */
export function imagePlaceholderLines(escape: string, width: number, height: number): string[] {
  const image = {};
  return Array.from({ length: height }, (_, line) => register({ text: ' '.repeat(width), width, image: { image, line, height, escape } }));
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

/** Rewrites what Ink writes, a chunk at a time (frame-writer.ts's FrameWriter); null: as it is. */
export interface ChunkRewriter {
  rewrite(chunk: string): string | null;
}

/**
 * `stream` as Ink should see it: the same stream, except that what is written is substituted,
 * or, with `rewriter`, rewritten by it (which draws images too).
 */
export function substitutingStream(stream: NodeJS.WriteStream, rewriter?: ChunkRewriter): NodeJS.WriteStream {
  const swap = (chunk: string) => (rewriter ? (rewriter.rewrite(chunk) ?? chunk) : substitute(chunk));
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (stream.write as (c: unknown, ...r: unknown[]) => boolean)(typeof chunk === 'string' ? swap(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'write') return write;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
