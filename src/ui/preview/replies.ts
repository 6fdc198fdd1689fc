/**
 * The terminal's answers to the queries detection sends, read out of whatever stdin delivered,
 * and taken out of it again: an answer that comes after detection gave up (a slow SSH link) must
 * not reach the views as key presses ('?' would open the help, 'c' checkpoint).
 */

export interface Replies {
  /** Device attributes (DA1): the numbers after "CSI ?", e.g. [63, 1, 2, 4] (4: sixel). */
  da1: number[] | null;
  /** CSI 16 t: one cell in pixels. */
  cell: { width: number; height: number } | null;
  /** CSI 14 t: the text area in pixels. */
  window: { width: number; height: number } | null;
  /** iTerm2's ReportCellSize: a cell in points, and the points-to-pixels scale. */
  itermCell: { width: number; height: number; scale: number } | null;
  /** Cursor position reports (CSI 6 n), 1-based, in order. */
  cursor: Array<{ row: number; col: number }>;
}

const DA1 = /\x1b\[\?([\d;]*)c/;
const CELL = /\x1b\[6;(\d+);(\d+);?t/;
const WINDOW = /\x1b\[4;(\d+);(\d+);?t/;
const ITERM_CELL = /\x1b\]1337;ReportCellSize=([\d.]+);([\d.]+)(?:;([\d.]+))?(?:\x07|\x1b\\)/;
const CURSOR = /\x1b\[(\d+);(\d+)R/g;

/** Everything detection asks about, as answered; also XTVERSION, DA2 and XTSMGRAPHICS answers. */
const ANY_REPLY =
  /\x1b\[\?[\d;]*c|\x1b\[>[\d;]*c|\x1b\[[46];\d+;\d+;?t|\x1b\]1337;ReportCellSize=[\d.;]+(?:\x07|\x1b\\)|\x1b\[\d+;\d+R|\x1b\[\?[\d;]*S|\x1bP>\|[^\x1b]*\x1b\\|\x1b_G[^\x1b]*\x1b\\/g;

export function parseReplies(text: string): Replies {
  const da1 = DA1.exec(text);
  const cell = CELL.exec(text);
  const window = WINDOW.exec(text);
  const iterm = ITERM_CELL.exec(text);
  return {
    da1: da1 ? da1[1]!.split(';').filter((s) => s !== '').map(Number) : null,
    cell: cell ? { height: Number(cell[1]), width: Number(cell[2]) } : null,
    window: window ? { height: Number(window[1]), width: Number(window[2]) } : null,
    itermCell: iterm ? { height: Number(iterm[1]), width: Number(iterm[2]), scale: Number(iterm[3] ?? 1) } : null,
    cursor: [...text.matchAll(CURSOR)].map((m) => ({ row: Number(m[1]), col: Number(m[2]) })),
  };
}

/** `text` without any answer to a query detection makes. */
export function stripReplies(text: string): string {
  return text.replace(ANY_REPLY, '');
}

/** Whether `text` holds an answer to DA1, which every terminal answers last (the sentinel). */
export function hasDa1(text: string): boolean {
  return DA1.test(text);
}
