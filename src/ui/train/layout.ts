/**
 * Where things go for a terminal size: compact (80×24: stacked, small charts, a few faces) or
 * wide (charts left, faces right). Every height here is in text rows and every width in cells;
 * the views draw exactly inside them, so no line can overflow the terminal.
 */
import type { TerminalSize } from '../hooks/use-terminal-size.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 18;
/** Wide layout from here on: enough room for charts and faces side by side. */
export const WIDE_COLUMNS = 120;
export const WIDE_ROWS = 30;

/** The wide layout's quality panel: Fréchet, accuracy and diversity over epochs. */
const WIDE_QUALITY_ROWS = 3;

/** Header, info line, progress line and footer; the status lines come on top. */
const FIXED_ROWS = 4;

export interface TrainLayout {
  kind: 'compact' | 'wide';
  width: number;
  /** Rows the view may use: one less than the terminal, see `usableRows`. */
  height: number;
  /** Width and height of one loss chart (D and G each get one). */
  chart: { width: number; height: number };
  /** Charts next to each other (compact) or one above the other (wide). */
  chartsSideBySide: boolean;
  /** A title line above the accuracy and settings lines (left out when rows are short). */
  statsTitle: boolean;
  /** Width of the column holding charts and stats. */
  leftWidth: number;
  /**
   * Lines of the quality panel (the judge's figures over epochs): under its own title in the wide
   * layout, one line under the stats in the compact one.
   */
  quality: { rows: number; title: boolean };
  /** Box for the face grid, excluding its title line; null when previews are off. */
  preview: { width: number; height: number } | null;
}

/**
 * Ink redraws in place only while its output is shorter than the terminal; at full height it
 * clears the screen on every frame, which flickers. So the views leave the last row empty.
 */
export function usableRows(rows: number): number {
  return rows - 1;
}

export function isTooSmall(size: TerminalSize): boolean {
  return size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
}

/** The least body a train view needs: the losses title, 3-row charts, the stats and the quality line. */
const MIN_BODY_ROWS = 1 + 3 + 3 + 1;

/** The most lines a status (a long error) may wrap onto before the rest of the view would not fit. */
export function maxStatusRows(size: TerminalSize): number {
  return Math.max(1, usableRows(size.rows) - FIXED_ROWS - MIN_BODY_ROWS);
}

/** `statusRows`: lines the status takes (a long error wraps onto several); the body gives them up. */
export function trainLayout(size: TerminalSize, previewOn: boolean, statusRows = 1): TrainLayout {
  const width = size.columns;
  const height = usableRows(size.rows);
  const body = height - FIXED_ROWS - statusRows;
  // Stats: a title line and two lines of numbers.
  const stats = 3;
  if (previewOn && width >= WIDE_COLUMNS && size.rows >= WIDE_ROWS) {
    const leftWidth = Math.floor((width - 2) / 2);
    // Left: losses title, D chart, G chart, stats, the quality panel and a line on the backend.
    const chartHeight = Math.floor((body - 1 - stats - WIDE_QUALITY_ROWS - 1 - 1) / 2);
    return {
      kind: 'wide',
      width,
      height,
      chart: { width: leftWidth, height: chartHeight },
      chartsSideBySide: false,
      statsTitle: true,
      leftWidth,
      quality: { rows: WIDE_QUALITY_ROWS, title: true },
      preview: { width: width - leftWidth - 2, height: body - 1 },
    };
  }
  const chartWidth = Math.floor((width - 1) / 2);
  const withoutPreview = (): TrainLayout => ({
    kind: width >= WIDE_COLUMNS ? 'wide' : 'compact',
    width,
    height,
    chart: { width: chartWidth, height: Math.max(3, body - 1 - stats - 1) },
    chartsSideBySide: true,
    statsTitle: true,
    leftWidth: width,
    quality: { rows: 1, title: false },
    preview: null,
  });
  if (!previewOn) return withoutPreview();
  // Compact: losses title + charts, stats, samples title + faces. On short terminals the stats
  // go without their title and the charts get 30%: at 80×24 that makes room for two rows of
  // 10-cell faces instead of 8-cell ones, which is the difference between blobs and faces.
  const statsTitle = size.rows >= WIDE_ROWS;
  const avail = body - 1 - (statsTitle ? stats : stats - 1) - 1;
  // The quality line comes out of the charts, not the faces (down to the charts' 3-row minimum).
  const chartHeight = Math.max(3, Math.min(10, Math.round(avail * (statsTitle ? 0.4 : 0.3))) - 1);
  const facesHeight = avail - chartHeight - 1;
  // A long error on a small terminal leaves no row for faces: the charts keep what there is.
  if (facesHeight < 1) return withoutPreview();
  return {
    kind: 'compact',
    width,
    height,
    chart: { width: chartWidth, height: chartHeight },
    chartsSideBySide: true,
    statsTitle,
    leftWidth: width,
    quality: { rows: 1, title: false },
    preview: { width, height: facesHeight },
  };
}
