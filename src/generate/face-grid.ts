/**
 * Faces laid out as the grid a view shows: the same layout whether the trainer's generator or
 * the standalone generator thread drew them, so a view cannot tell the two apart.
 */
import { tileFaces } from '../engine/image.js';
import type { FaceGrid } from '../protocol/messages.js';

/** The view's column count when it gave one; else a strip for A→B, or about twice as wide as tall. */
export function gridCols(req: { cols?: number; interpolate?: unknown }, n: number): number {
  if (req.cols !== undefined && Number.isInteger(req.cols) && req.cols >= 1) return Math.min(n, req.cols);
  return req.interpolate ? n : Math.min(n, Math.ceil(Math.sqrt(n * 2)));
}

/** n packed RGB faces as a grid of `cols` columns, with no row labels (the view draws its own). */
export function gridOf(faces: Uint8Array, n: number, cols: number): FaceGrid {
  const t = tileFaces(faces, n, cols);
  return { rows: t.rows, cols, width: t.width, height: t.height, pixels: t.pixels, rowLabels: [] };
}
