/**
 * How big to draw a grid of faces in a box of cells: the face size that puts the most pixels
 * on screen, showing a crop of the grid (first rows, first columns) when all of it won't fit.
 */
import type { CellSize } from './detect.js';
import { MAX_KITTY_CELLS } from './kitty.js';

export interface PreviewFit {
  /** Cells per face, across and down (half-blocks: faceCols/2 rows). */
  faceCols: number;
  faceRows: number;
  /** Images: screen pixels per face pixel (whole numbers, or ½); 0 for half-blocks. */
  scale: number;
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
  /** The face sizes to choose from, largest first; half-blocks' when absent. */
  boxes?: readonly FaceBox[];
}

/** A size a face can be drawn at. */
export interface FaceBox {
  faceCols: number;
  faceRows: number;
  /**
   * What one face this size is worth: the chosen fit shows the most worth² in all. Beyond a
   * size a face gains nothing over showing more of them, so worth stops growing there.
   */
  worth: number;
  /** Images: the scale that makes this box (PreviewFit.scale). */
  scale: number;
  /** Most faces one image row may hold across (sixel's size limit); no limit when absent. */
  maxAcross?: number;
}

const SIZES = [16, 14, 12, 10, 8, 6, 4];
const MAX_LABEL = 14;

/** Half-block faces: faceCols cells by faceCols/2 rows, worth nothing more beyond 12 cells. */
export const BLOCK_BOXES: readonly FaceBox[] = SIZES.map((s) => ({ faceCols: s, faceRows: s / 2, worth: Math.min(s, 12), scale: 0 }));

/** Image scales tried, largest first: whole pixels, or every other pixel when even 1× has no room. */
export const IMAGE_SCALES = [4, 3, 2, 1, 0.5];

/**
 * The largest sixel image, in pixels either way, that xterm draws (its maxGraphicSize default,
 * 1000×1000): it drops a larger one whole, leaving nothing. Other terminals allow more.
 */
export const SIXEL_MAX_PIXELS = 1000;

/** The largest image, in pixels either way, that a preview of this kind may send. */
export function maxImagePixels(kind: string): number {
  return kind === 'sixel' ? SIXEL_MAX_PIXELS : Infinity;
}

/**
 * Image faces of `side` pixels at each scale: as many cells as the scaled face needs at this
 * cell size. Worth stops growing at `worthUpTo`× (1: the face's own size, where 2× shows no more
 * of it; the generate view, with fewer faces to show, would rather have them larger), and grows
 * slower than the face beyond 1×: a face twice as large is worth about three (2^1.5), not four,
 * so 80×24 shows twelve faces at 1× rather than three at 2×, while 160×48 shows 21 at 2×.
 */
export function imageBoxes(
  cell: CellSize,
  side: number,
  scales: readonly number[] = IMAGE_SCALES,
  worthUpTo = 1,
  maxPixels = Infinity,
  gap = 1,
): FaceBox[] {
  const boxes: FaceBox[] = [];
  for (const scale of scales) {
    const growth = Math.min(scale, worthUpTo);
    const box: FaceBox = {
      faceCols: Math.ceil((side * scale) / cell.width),
      faceRows: Math.ceil((side * scale) / cell.height),
      worth: side * (growth > 1 ? growth ** 0.75 : growth),
      scale,
    };
    if (Number.isFinite(maxPixels)) {
      // An image row spans its faces and the gaps between them, in whole cells.
      box.maxAcross = Math.floor((Math.floor(maxPixels / cell.width) + gap) / (box.faceCols + gap));
      if (box.maxAcross < 1 || box.faceRows * cell.height > maxPixels) continue;
    }
    boxes.push(box);
  }
  return boxes;
}

export function fitPreview(req: FitRequest): PreviewFit | null {
  const longest = req.rowLabels.reduce((m, l) => Math.max(m, l.length), 0);
  const labelWidth = longest > 0 ? Math.min(MAX_LABEL, longest) + 1 : 0;
  const extra = req.linesPerRow ?? 0;
  const maxCells = req.maxCells ?? MAX_KITTY_CELLS * 4;
  let best: PreviewFit | null = null;
  let bestScore = 0;
  for (const { faceCols, faceRows, worth, scale, maxAcross } of req.boxes ?? BLOCK_BOXES) {
    const cols = Math.min(req.gridCols, maxAcross ?? Infinity, Math.floor((req.width - labelWidth + req.gap) / (faceCols + req.gap)));
    const rows = Math.min(req.gridRows, Math.floor(req.height / (faceRows + extra)));
    if (cols < 1 || rows < 1) continue;
    if (cols * faceCols > maxCells || rows * faceRows > maxCells) continue;
    // Among equals, the larger face (seen first) wins.
    const score = rows * cols * worth ** 2;
    if (score > bestScore) {
      bestScore = score;
      best = {
        faceCols,
        faceRows,
        scale,
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
