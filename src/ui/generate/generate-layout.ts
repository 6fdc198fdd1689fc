/**
 * How many faces the generate view asks for, from the room it has. The grid is chosen here,
 * before asking, so the generator draws exactly what fits (no wasted faces, no crop); the face
 * preview then sizes the faces inside the same box.
 */
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { usableRows } from '../train/layout.js';
import type { GenerateShape } from './generate-state.js';

/** Lines besides the faces: header, selectors, choices, title, status, footer (+ B's line in A→B). */
export function generateChromeRows(interpolate: boolean): number {
  return interpolate ? 7 : 6;
}

/** At most 4×8: beyond that a request at width 1 takes too long to feel like a key press. */
const MAX_ROWS = 4;
const MAX_COLS = 8;
const MAX_STRIP = 10;
const SIZES = [16, 14, 12, 10, 8, 6];
/** Blank cells between faces (half-blocks), and the label line under each face row. */
const GAP = 1;
const LABEL_LINES = 1;

export interface GenerateLayout {
  width: number;
  height: number;
  /**
   * The box the faces are drawn in. For a strip it is only as tall as one row of the chosen
   * face size, so the preview cannot pick larger faces and cut the strip short.
   */
  faces: { width: number; height: number };
  shape: GenerateShape;
}

/**
 * `statusRows`: lines the status takes (a long error wraps). They come out of the faces' box but
 * not out of the grid's shape: a message appearing must not ask the generator for other faces.
 */
export function generateLayout(size: TerminalSize, interpolate: boolean, statusRows = 1): GenerateLayout {
  const width = size.columns;
  const height = usableRows(size.rows);
  const room = { width, height: Math.max(1, height - generateChromeRows(interpolate)) };
  const shown = { width, height: Math.max(1, room.height - Math.max(0, statusRows - 1)) };
  let best = { rows: 1, cols: 1, score: 0 };
  for (const faceCols of SIZES) {
    const cols = Math.min(MAX_COLS, Math.floor((room.width + GAP) / (faceCols + GAP)));
    const rows = Math.min(MAX_ROWS, Math.floor(room.height / (faceCols / 2 + LABEL_LINES)));
    if (rows < 1 || cols < 1) continue;
    // The same measure as the preview's fit: pixels on screen, faces beyond 12 cells gaining
    // nothing over showing more of them; among equals the larger face (seen first) wins.
    const score = rows * cols * Math.min(faceCols, 12) ** 2;
    if (score > best.score) best = { rows, cols, score };
  }
  // A strip reads best with enough steps to see the change: the largest face giving 8 of them.
  const across = (faceCols: number) => Math.floor((room.width + GAP) / (faceCols + GAP));
  const stripFace = SIZES.find((f) => across(f) >= 8) ?? SIZES.at(-1)!;
  const strip = Math.max(2, Math.min(MAX_STRIP, across(stripFace)));
  const stripBox = { width, height: Math.min(shown.height, stripFace / 2 + LABEL_LINES) };
  return { width, height, faces: interpolate ? stripBox : shown, shape: { rows: best.rows, cols: best.cols, strip } };
}
