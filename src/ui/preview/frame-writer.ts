/**
 * Ink's frames, rewritten so that sixel and iTerm2 images survive them. Ink erases every line of
 * its last frame and writes the new one whole; an erased line takes any image on it along (in
 * xterm, and tmux drops an image whose cells are touched), so the images would have to be sent
 * again each frame, flickering, at hundreds of kilobytes each.
 *
 * Instead, each frame Ink writes is compared with the last, line by line, and only lines that
 * changed are written, at absolute positions (the app owns the alternate screen, from its top
 * left). An image's cells come through Ink as stand-ins (placeholders.ts); within a changed line
 * they are stepped over, not written, while the same drawing stays in the same place. An image
 * is sent when it is new or has moved, after blanking its cells; rows holding cells an image no
 * longer covers are erased (EL, ECH) before their text is written, so nothing is left behind.
 * Other changed lines are written over, never erased: tmux (3.4+, which draws sixel itself) drops
 * every image on a row that is erased, whatever the columns, so an erase beside a kept image
 * would take it away; where one must be, the images on that row are sent again. The cursor ends
 * where Ink's own write would leave it.
 *
 * `invalidate()` (resize, resume after Ctrl+Z) makes the next frame clear the screen and draw
 * everything again; `repaint()` does so with the last frame at once.
 */
import { stripVTControlCharacters } from 'node:util';
import { STAND_IN_ANY, STAND_IN_RUN, standInFor, substitute, type ChunkRewriter, type ImageRow, type StandIn } from './placeholders.js';

/** A piece of a line: text (its raw form, stand-ins for half-blocks included) or an image's row. */
interface Segment {
  col: number;
  width: number;
  text: string;
  /** For an image's row: its stand-in (one per row and drawing) and what it says of the image. */
  stand: StandIn | null;
  image: ImageRow | null;
}

interface Line {
  /** The line with stand-ins named by registration: equal signatures show the same cells. */
  signature: string;
  width: number;
  segments: Segment[];
}

/** Where a drawing of an image sits, in cells. */
interface Anchor {
  row: number;
  col: number;
  width: number;
  height: number;
}

const MARKS = /\p{M}/gu;
const NON_ASCII = /[^\x00-\x7f]/;

/** Cells a piece of text takes: control sequences and combining marks take none. */
export function textWidth(text: string): number {
  let plain = text.includes('\x1b') ? stripVTControlCharacters(text) : text;
  if (NON_ASCII.test(plain)) plain = plain.replace(MARKS, '');
  // Code points: UTF-16 units less the second half of each surrogate pair.
  let n = 0;
  for (let i = 0; i < plain.length; i++) {
    const c = plain.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

export function parseLine(line: string): Line {
  const segments: Segment[] = [];
  let signature = '';
  let col = 0;
  let last = 0;
  const text = (t: string) => {
    if (t === '') return;
    const width = textWidth(t);
    segments.push({ col, width, text: t, stand: null, image: null });
    col += width;
    signature += t;
  };
  for (const m of line.matchAll(STAND_IN_RUN)) {
    text(line.slice(last, m.index));
    last = m.index + m[0].length;
    const entry = standInFor(m[1]!);
    if (entry?.image && m[0].length === entry.width) {
      segments.push({ col, width: entry.width, text: m[0], stand: entry, image: entry.image });
      col += entry.width;
      signature += `\0${entry.serial}\0`;
    } else {
      // Half-blocks (or a run Ink cut short): text, named by its registration.
      segments.push({ col, width: m[0].length, text: m[0], stand: null, image: null });
      col += m[0].length;
      signature += `\0${entry?.serial ?? m[0]}:${m[0].length}\0`;
    }
  }
  text(line.slice(last));
  return { signature, width: col, segments };
}

const BEGIN_SYNC = '\x1b[?2026h';
const END_SYNC = '\x1b[?2026l';
/** What Ink's log-update writes before a frame: erase each line of the last one, going up. */
const ERASE_LINES = /^(?:\x1b\[2K\x1b\[1A)*\x1b\[2K\x1b\[G/;

const at = (row: number, col: number) => `\x1b[${row + 1};${col + 1}H`;

/** A rewriter that can draw its last frame again on a cleared screen (after Ctrl+Z and fg). */
export interface Repainter extends ChunkRewriter {
  repaint(): string;
  invalidate(): void;
}

/** Ink's frames as they are (half-blocks substituted), the last one kept for repaint(). */
export class PlainFrames implements Repainter {
  private last = '';

  rewrite(chunk: string): string | null {
    const out = substitute(chunk);
    // The erase prefix holds no stand-ins, so it is as long after substitution.
    const body = out.slice(ERASE_LINES.exec(chunk)?.[0].length ?? 0);
    if (body.endsWith('\n')) this.last = body;
    return out;
  }

  invalidate(): void {}

  repaint(): string {
    // Ink's next frame goes up from where this one ends, as it would from its own.
    return '\x1b[H\x1b[2J' + this.last;
  }
}

export class FrameWriter implements Repainter {
  private prev: Line[] = [];
  /** Lines without stand-ins as last parsed: most of a frame is the last one's lines again. */
  private parsed = new Map<string, Line>();
  private lastLines: string[] = [];
  private drawn = new Map<object, Anchor>();
  private dirty = true;
  private drawnSize = { columns: 0, rows: 0 };

  constructor(private readonly size: () => { columns: number; rows: number }) {}

  /** The screen is no longer what the last frame left: the next one starts from a clear screen. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Whether the next frame will clear and draw everything. */
  get invalid(): boolean {
    return this.dirty;
  }

  /** The last frame again, from a clear screen. */
  repaint(): string {
    this.dirty = true;
    return this.frame(this.lastLines);
  }

  rewrite(chunk: string): string | null {
    if (chunk === BEGIN_SYNC || chunk === END_SYNC) return null;
    const erase = ERASE_LINES.exec(chunk)?.[0] ?? '';
    const body = chunk.slice(erase.length);
    // log-update's clear(): Ink forgets its frame (a narrower terminal, console output), so do we.
    if (body === '' && erase !== '') {
      this.prev = [];
      this.drawn.clear();
      this.dirty = false;
      return '\x1b[H\x1b[2J';
    }
    if (body.endsWith('\n')) return this.frame(body.slice(0, -1).split('\n'));
    // Cursor shows and hides, kitty's transmissions: escapes that draw no cells.
    if (body.startsWith('\x1b') && !body.includes('\n') && textWidth(body) === 0) return null;
    this.dirty = true;
    return substitute(chunk);
  }

  private frame(lines: string[]): string {
    this.lastLines = lines;
    const { columns, rows } = this.size();
    // A frame for a new size starts from a clear screen, whichever comes first: the resize event
    // that invalidates, or Ink's frame for the new size (a terminal may have moved or dropped
    // text and images as it resized).
    if (columns !== this.drawnSize.columns || rows !== this.drawnSize.rows) this.dirty = true;
    this.drawnSize = { columns, rows };
    let out = '';
    if (this.dirty) {
      out += '\x1b[H\x1b[2J';
      this.prev = [];
      this.drawn.clear();
      this.dirty = false;
    }
    const parsed = new Map<string, Line>();
    const next = lines.map((raw) => {
      const known = this.parsed.get(raw);
      if (known) {
        parsed.set(raw, known);
        return known;
      }
      const line = parseLine(raw);
      // A line with stand-ins means what they stand for now: parsed afresh each frame.
      if (!STAND_IN_ANY.test(raw)) parsed.set(raw, line);
      return line;
    });
    this.parsed = parsed;
    const images = this.anchors(next, rows);
    const redraw = new Set<object>();
    for (const [image, a] of images) {
      const d = this.drawn.get(image);
      if (!d || d.row !== a.anchor.row || d.col !== a.anchor.col) redraw.add(image);
    }
    const erased = this.erasedRows(images, redraw, next.length);
    for (let i = 0; i < Math.max(next.length, this.prev.length); i++) {
      const line = next[i];
      const old = this.prev[i];
      const touched = line?.segments.some((s) => s.image && redraw.has(s.image.image)) ?? false;
      if (line && old && line.signature === old.signature && !touched) continue;
      out += at(i, 0);
      if (!line) {
        out += '\x1b[2K';
        continue;
      }
      const erase = erased.has(i);
      for (const s of line.segments) {
        if (s.image) {
          const kept = !redraw.has(s.image.image) && (old?.segments.some((o) => o.stand === s.stand && o.col === s.col) ?? false);
          if (kept) out += `\x1b[${s.width}C`;
          // Blank under the drawing to come: its gaps are transparent.
          else out += erase ? `\x1b[0m\x1b[${s.width}X\x1b[${s.width}C` : `\x1b[0m${' '.repeat(s.width)}`;
        } else if (s.width > 0) {
          // Erased first where an image was: text written over an image's cells does not take it away (xterm).
          out += erase ? `\x1b[${s.width}X${substitute(s.text)}` : substitute(s.text);
        } else {
          out += s.text;
        }
      }
      // Not at the right edge: the cursor sits on the last cell there, and EL would erase it.
      if (erase) {
        if (line.width < columns) out += '\x1b[0m\x1b[K';
      } else {
        const stale = Math.min(old?.width ?? 0, columns) - line.width;
        if (stale > 0) out += `\x1b[0m${' '.repeat(stale)}`;
      }
    }
    this.drawn.clear();
    for (const [image, a] of images) {
      if (redraw.has(image)) out += at(a.anchor.row, a.anchor.col) + a.escape;
      this.drawn.set(image, a.anchor);
    }
    this.prev = next;
    // A frame laid out for another size (Ink's last one, written after a resize) wraps or
    // scrolls: what is on screen is not what was written, so the next frame draws everything.
    if (next.length > rows || next.some((l) => l.width > columns)) this.dirty = true;
    return out + at(next.length, 0);
  }

  /**
   * Rows to erase before writing: those holding cells an image leaves (gone, moved or drawn anew)
   * and lines the frame no longer has. An image kept in place on such a row joins `redraw`: tmux
   * drops it with the erase.
   */
  private erasedRows(images: Map<object, { anchor: Anchor }>, redraw: Set<object>, lineCount: number): Set<number> {
    const erased = new Set<number>();
    for (const [image, d] of this.drawn) {
      if (images.has(image) && !redraw.has(image)) continue;
      for (let r = d.row; r < d.row + d.height; r++) erased.add(r);
    }
    for (let i = lineCount; i < this.prev.length; i++) erased.add(i);
    for (const [image, { anchor: a }] of images) {
      if (redraw.has(image)) continue;
      for (let r = a.row; r < a.row + a.height; r++) if (erased.has(r)) redraw.add(image);
    }
    return erased;
  }

  /**
   * Images whose every row is in the frame, each row at the same column, and above the last
   * screen row (an image reaching it would scroll the screen); keyed by drawing.
   */
  private anchors(lines: Line[], rows: number): Map<object, { anchor: Anchor; escape: string }> {
    const found = new Map<object, { anchor: Anchor; escape: string }>();
    lines.forEach((line, row) => {
      for (const s of line.segments) {
        const img = s.image;
        if (!img || img.line !== 0 || row + img.height > rows - 1) continue;
        const whole = Array.from({ length: img.height }, (_, j) => lines[row + j]?.segments.find((o) => o.image?.image === img.image)).every(
          (o, j) => o !== undefined && o.col === s.col && o.image!.line === j,
        );
        if (whole) found.set(img.image, { anchor: { row, col: s.col, width: s.width, height: img.height }, escape: img.escape });
      }
    });
    return found;
  }
}
