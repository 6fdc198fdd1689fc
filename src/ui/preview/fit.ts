/**
 * How big to draw a grid of faces in a box of cells: the face size that puts the most pixels
 * on screen, showing a crop of the grid (first rows, first columns) when all of it won't fit.
 */
import { MAX_KITTY_CELLS } from './kitty.js';

export interface PreviewFit {
  /** Cells per face, across; a face is faceCols/2 text rows tall. */
  faceCols: number;
  faceRows: number;
  rows: number;
  cols: number;
  /** Cells left of the faces for row labels (0 when none). */
  labelWidth: number;
  gap: number;
  width: number;
  height: number;
}

export interface FitRequest {
  gridRows: number;
  gridCols: number;
  /** Row labels shown left of each face row (ACGAN's hair/eye pairs). */
  rowLabels: readonly string[];
  width: number;
  height: number;
  gap: number;
  /** Lines under each face row (the generate view labels each face). */
  linesPerRow?: number;
  /** Kitty placements are limited to what the diacritics table addresses. */
  maxCells?: number;
}

const SIZES = [16, 14, 12, 10, 8, 6, 4];
const MAX_LABEL = 14;

export function fitPreview(req: FitRequest): PreviewFit | null {
  const longest = req.rowLabels.reduce((m, l) => Math.max(m, l.length), 0);
  const labelWidth = longest > 0 ? Math.min(MAX_LABEL, longest) + 1 : 0;
  const extra = req.linesPerRow ?? 0;
  const maxCells = req.maxCells ?? MAX_KITTY_CELLS * 4;
  let best: PreviewFit | null = null;
  let bestScore = 0;
  for (const faceCols of SIZES) {
    const faceRows = faceCols / 2;
    const cols = Math.min(req.gridCols, Math.floor((req.width - labelWidth + req.gap) / (faceCols + req.gap)));
    const rows = Math.min(req.gridRows, Math.floor(req.height / (faceRows + extra)));
    if (cols < 1 || rows < 1) continue;
    if (cols * faceCols > maxCells || rows * faceRows > maxCells) continue;
    // Pixels on screen, except that faces beyond 12 cells gain nothing over showing more of
    // them; among equals, the larger face (seen first) wins.
    const score = rows * cols * Math.min(faceCols, 12) ** 2;
    if (score > bestScore) {
      bestScore = score;
      best = {
        faceCols,
        faceRows,
        rows,
        cols,
        labelWidth,
        gap: req.gap,
        width: labelWidth + cols * faceCols + (cols - 1) * req.gap,
        height: rows * (faceRows + extra),
      };
    }
  }
  return best;
}
