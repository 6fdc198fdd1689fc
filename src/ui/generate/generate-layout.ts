/**
 * How many faces the generate view asks for, from the room it has. The grid is chosen here,
 * before asking, so the generator draws exactly what fits (no wasted faces, no crop); the face
 * preview then sizes the faces inside the same box.
 */
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { imageBoxes, IMAGE_SCALES, maxImagePixels, type FaceBox } from '../preview/fit.js';
import { isImageKind, type ResolvedPreview } from '../preview/mode.js';
import { FACE_SIDE } from '../../util/face.js';
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
/** Half-block faces: worth no more beyond 12 cells (see fit.ts). */
const BLOCK_BOXES: readonly FaceBox[] = SIZES.map((s) => ({ faceCols: s, faceRows: s / 2, worth: Math.min(s, 12), scale: 0 }));
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
  /** The box of the closer look at one face (z): all the room the grid has. */
  zoom: { width: number; height: number };
  shape: GenerateShape;
}

/**
 * Images here may be twice their pixels before a larger face counts for less than more faces:
 * the view shows at most 4×8, and a 64-pixel face is small on a screen of fine pixels.
 */
export const GENERATE_IMAGE_WORTH = 2;

/**
 * The face sizes the view's preview chooses from: image scales at the terminal's cell size
 * where the stream draws images (`drawsImages`), else half-block widths.
 */
export function generateBoxes(preview: ResolvedPreview, drawsImages: boolean): readonly FaceBox[] {
  if (!isImageKind(preview.kind) || !drawsImages) return BLOCK_BOXES;
  return imageBoxes(preview.cell, FACE_SIDE, IMAGE_SCALES, GENERATE_IMAGE_WORTH, maxImagePixels(preview.kind), GAP);
}

/**
 * `statusRows`: lines the status takes (a long error wraps). They come out of the faces' box but
 * not out of the grid's shape: a message appearing must not ask the generator for other faces.
 * `boxes`: the face sizes the preview chooses from (images: by the terminal's cell size).
 */
export function generateLayout(size: TerminalSize, interpolate: boolean, statusRows = 1, boxes: readonly FaceBox[] = BLOCK_BOXES): GenerateLayout {
  const width = size.columns;
  const height = usableRows(size.rows);
  const room = { width, height: Math.max(1, height - generateChromeRows(interpolate)) };
  const shown = { width, height: Math.max(1, room.height - Math.max(0, statusRows - 1)) };
  let best = { rows: 1, cols: 1, score: 0 };
  for (const { faceCols, faceRows, worth, maxAcross } of boxes) {
    const cols = Math.min(MAX_COLS, maxAcross ?? Infinity, Math.floor((room.width + GAP) / (faceCols + GAP)));
    const rows = Math.min(MAX_ROWS, Math.floor(room.height / (faceRows + LABEL_LINES)));
    if (rows < 1 || cols < 1) continue;
    // The same measure as the preview's fit; among equals the larger face (seen first) wins.
    const score = rows * cols * worth ** 2;
    if (score > best.score) best = { rows, cols, score };
  }
  // A strip reads best with enough steps to see the change: the largest face giving 8 of them.
  const across = (b: FaceBox) => Math.min(b.maxAcross ?? Infinity, Math.floor((room.width + GAP) / (b.faceCols + GAP)));
  const stripFace = boxes.find((b) => across(b) >= 8) ?? boxes.at(-1)!;
  const strip = Math.max(2, Math.min(MAX_STRIP, across(stripFace)));
  const stripBox = { width, height: Math.min(shown.height, stripFace.faceRows + LABEL_LINES) };
  return { width, height, faces: interpolate ? stripBox : shown, zoom: shown, shape: { rows: best.rows, cols: best.cols, strip } };
}
