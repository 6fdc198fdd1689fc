/**
 * Half-block previews drawn by terminal-image. Each face is cut from the grid, scaled by sharp
 * to faceCols×faceCols pixels, encoded as PNG and handed to terminal-image, which turns every
 * two pixels stacked vertically into one '▄' cell (upper pixel as background, lower as
 * foreground). A face of faceCols cells is therefore faceCols/2 text rows tall and looks
 * square on terminals whose cells are twice as tall as wide. Faces are drawn one by one so the
 * gaps between them stay plain blank cells.
 *
 * Scaling happens in sharp rather than in terminal-image (Jimp, bilinear): going from 64 to 8
 * pixels bilinearly samples a few source pixels and aliases; sharp's reducing resize averages.
 *
 * It is async (sharp runs off-thread, terminal-image awaits its decoder), so results are cached
 * per grid and size: a grid is drawn once when it arrives or the box changes size, never per
 * frame.
 */
import chalk from 'chalk';
import sharp from 'sharp';
import type { FaceGrid } from '../../protocol/messages.js';
import type { ColorDepth } from './mode.js';

export interface BlockSpec {
  /** How many face rows and columns of the grid to draw (the first ones). */
  rows: number;
  cols: number;
  /** Width of one face in cells; even, so a face is a whole number of text rows. */
  faceCols: number;
  /** Blank cells between faces. */
  gap: number;
  depth: ColorDepth;
}

type Entry = { lines: string[] } | { error: string };

const pending = new WeakMap<FaceGrid, Map<string, Promise<Entry>>>();
const finished = new WeakMap<FaceGrid, Map<string, Entry>>();

export function blockKey(spec: BlockSpec): string {
  return `${spec.rows}x${spec.cols}@${spec.faceCols}+${spec.gap}:${spec.depth}`;
}

/** The drawn lines (or why drawing failed) if this grid was already drawn at this size. */
export function peekBlockFaces(grid: FaceGrid, spec: BlockSpec): Entry | undefined {
  return finished.get(grid)?.get(blockKey(spec));
}

/**
 * Draws the first spec.rows × spec.cols faces; resolves to one string per text row, each
 * exactly cols·faceCols + (cols−1)·gap cells wide. Concurrent calls for the same grid and
 * size share one drawing.
 */
export function drawBlockFaces(grid: FaceGrid, spec: BlockSpec): Promise<Entry> {
  const key = blockKey(spec);
  let forGrid = pending.get(grid);
  if (!forGrid) pending.set(grid, (forGrid = new Map()));
  let job = forGrid.get(key);
  if (!job) {
    job = render(grid, spec).then(
      (lines): Entry => ({ lines }),
      (err: Error): Entry => ({ error: err.message.split('\n')[0]! }),
    );
    job.then((entry) => {
      let done = finished.get(grid);
      if (!done) finished.set(grid, (done = new Map()));
      done.set(key, entry);
    });
    forGrid.set(key, job);
  }
  return job;
}

// Loaded apart from the dashboard's own modules: terminal-image pulls in Jimp, ~0.3 s of
// loading that the first frame need not wait for.
let terminalImage: Promise<typeof import('terminal-image').default> | null = null;

/** Starts loading terminal-image, so that it is ready when the first grid arrives. */
export function preloadBlockFaces(): Promise<unknown> {
  terminalImage ??= import('terminal-image').then((m) => m.default);
  return terminalImage;
}

async function render(grid: FaceGrid, spec: BlockSpec): Promise<string[]> {
  await preloadBlockFaces();
  const ti = (await terminalImage)!;
  // terminal-image colours through chalk, which sized its colour level from process.stdout
  // (none at all when that is not a terminal, 16 colours for TERM=screen). Faces need at least
  // 256 colours to be recognisable; the depth resolved for the terminal says what it shows.
  chalk.level = spec.depth === 'truecolor' ? 3 : 2;
  const faces: Array<Promise<string[]>> = [];
  for (let r = 0; r < spec.rows; r++) {
    for (let c = 0; c < spec.cols; c++) {
      faces.push(
        facePng(grid, r, c, spec.faceCols)
          .then((png) => ti.buffer(png, { width: spec.faceCols, height: spec.faceCols / 2, preserveAspectRatio: false, preferNativeRender: false }))
          .then((text) => text.split('\n').map(compactSgr)),
      );
    }
  }
  const drawn = await Promise.all(faces);
  const gap = ' '.repeat(spec.gap);
  const lines: string[] = [];
  for (let r = 0; r < spec.rows; r++) {
    for (let y = 0; y < spec.faceCols / 2; y++) {
      lines.push(drawn.slice(r * spec.cols, (r + 1) * spec.cols).map((face) => face[y] ?? '').join(gap));
    }
  }
  return lines;
}

/** Face (r, c) of the grid, scaled to size×size, as PNG. */
function facePng(grid: FaceGrid, r: number, c: number, size: number): Promise<Buffer> {
  const faceW = Math.floor(grid.width / grid.cols);
  const faceH = Math.floor(grid.height / grid.rows);
  // [faceH, faceW, 3]
  const face = new Uint8Array(faceW * faceH * 3);
  for (let y = 0; y < faceH; y++) {
    const src = ((r * faceH + y) * grid.width + c * faceW) * 3;
    face.set(grid.pixels.subarray(src, src + faceW * 3), y * faceW * 3);
  }
  return sharp(face, { raw: { width: faceW, height: faceH, channels: 3 } })
    .resize(size, size, { fit: 'fill', kernel: 'lanczos3' })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

const TOKEN = /\x1b\[([0-9;]*)m|[^\x1b]+|\x1b/g;

/**
 * chalk opens and closes both colours around every cell ("bg fg ▄ close close"); Ink
 * re-tokenises every escape of every line on every frame, so a line is rewritten to set a
 * colour only where it changes, and to close both at its end.
 */
export function compactSgr(line: string): string {
  const colours: Colours = { fg: null, bg: null };
  let shownFg: string | null = null;
  let shownBg: string | null = null;
  let out = '';
  for (const m of line.matchAll(TOKEN)) {
    const params = m[1];
    if (params !== undefined) {
      applySgr(colours, params);
      continue;
    }
    if (colours.fg !== shownFg) out += colours.fg === null ? '\x1b[39m' : `\x1b[${colours.fg}m`;
    if (colours.bg !== shownBg) out += colours.bg === null ? '\x1b[49m' : `\x1b[${colours.bg}m`;
    shownFg = colours.fg;
    shownBg = colours.bg;
    out += m[0];
  }
  if (shownFg !== null) out += '\x1b[39m';
  if (shownBg !== null) out += '\x1b[49m';
  return out;
}

interface Colours {
  fg: string | null;
  bg: string | null;
}

/** Applies one SGR's parameters to the current colours; chalk sends one attribute per SGR. */
function applySgr(c: Colours, params: string): void {
  if (isOneExtendedColour(params)) c[params[0] === '3' ? 'fg' : 'bg'] = params;
  else if (!params.includes(';')) applyCode(c, params === '' ? 0 : Number(params), params);
  else {
    // A compound SGR ("0;31"): take its codes one by one, keeping extended colours whole.
    const parts = params.split(';');
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k]!;
      const width = p === '38' || p === '48' ? (parts[k + 1] === '2' ? 5 : parts[k + 1] === '5' ? 3 : 1) : 1;
      const code = parts.slice(k, k + width).join(';');
      if (width > 1) c[p === '38' ? 'fg' : 'bg'] = code;
      else applyCode(c, Number(p), p);
      k += width - 1;
    }
  }
}

/** "38;2;r;g;b" or "48;5;n" and nothing more. */
function isOneExtendedColour(params: string): boolean {
  if (!(params.startsWith('38;') || params.startsWith('48;'))) return false;
  const semicolons = params.split(';').length - 1;
  return semicolons === (params[3] === '2' ? 4 : 2);
}

function applyCode(c: Colours, n: number, text: string): void {
  if (n === 0) c.fg = c.bg = null;
  else if (n === 39) c.fg = null;
  else if (n === 49) c.bg = null;
  else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) c.fg = text;
  else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) c.bg = text;
}
