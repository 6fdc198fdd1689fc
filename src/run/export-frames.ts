/**
 * Epoch grids with their labels drawn on, for the GIF and the contact sheet. Text is an SVG that
 * sharp renders (librsvg, with the system's fonts: DejaVu Sans where present, any sans otherwise),
 * so no font or drawing code of our own is needed.
 */
import sharp from 'sharp';
import type { EpochGrid } from './export-grids.js';

const BACKGROUND = '#111111';
const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';

export interface Size {
  width: number;
  height: number;
}

/** Text as SVG wants it: the labels come from tags.csv, which may hold anything. */
function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(v)));
}

/** "epoch 3", and "step 1,722" when the events say when it was drawn. */
export function gridCaption(grid: EpochGrid): { title: string; detail: string } {
  return { title: `epoch ${grid.epoch}`, detail: grid.step === null ? '' : `step ${grid.step.toLocaleString('en-US')}` };
}

/** The grid's pixels at `size` (grids of one run share a size; one that differs is fitted, not stretched). */
export async function gridPixels(grid: EpochGrid, size: Size): Promise<Buffer> {
  return sharp(grid.file)
    .flatten({ background: BACKGROUND })
    .resize(size.width, size.height, { fit: 'contain', background: BACKGROUND, kernel: 'lanczos3', withoutEnlargement: false })
    .png()
    .toBuffer();
}

/** The size of the first readable grid: every frame takes it. */
export async function gridSize(grids: readonly EpochGrid[]): Promise<Size> {
  const { width, height } = await sharp(grids[0]!.file).metadata();
  if (!width || !height) throw new Error(`${grids[0]!.file} has no size`);
  return { width, height };
}

/**
 * One GIF frame: a caption strip ("epoch 3 … step 1,722") above the grid and, for a conditional
 * model, each row's hair/eyes pair to its left, so every frame says what it shows on its own.
 */
export async function labelledFrame(grid: EpochGrid, size: Size, layout: FrameLayout): Promise<Buffer> {
  const rowLabels = layout.labelWidth > 0 ? grid.rowLabels : [];
  const { title, detail } = gridCaption(grid);
  const { width, height, caption, labelWidth, pad, rowFont } = layout;
  const titleFont = Math.round(caption * 0.6);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`,
    `<rect width="100%" height="100%" fill="${BACKGROUND}"/>`,
    `<text x="${pad}" y="${Math.round(caption * 0.72)}" font-family="${FONT}" font-size="${titleFont}" font-weight="bold" fill="#f0f0f0">${xml(title)}</text>`,
    `<text x="${width - pad}" y="${Math.round(caption * 0.72)}" font-family="${FONT}" font-size="${Math.round(titleFont * 0.8)}" fill="#b0b0b0" text-anchor="end">${xml(detail)}</text>`,
  ];
  const rowHeight = size.height / Math.max(1, rowLabels.length);
  rowLabels.forEach((label, i) => {
    const y = Math.round(caption + rowHeight * (i + 0.5) + rowFont * 0.35);
    parts.push(`<text x="${labelWidth - pad}" y="${y}" font-family="${FONT}" font-size="${rowFont}" fill="#d8d8d8" text-anchor="end">${xml(label)}</text>`);
  });
  parts.push('</svg>');
  return sharp(Buffer.from(parts.join('')))
    .composite([{ input: await gridPixels(grid, size), left: labelWidth, top: caption }])
    .removeAlpha()
    .png()
    .toBuffer();
}

export type FrameLayout = ReturnType<typeof frameLayout>;

/**
 * Where things go in a frame, the same for every frame of a GIF (so sized for the longest labels
 * of all of them); the text scales with the grid, within legible bounds.
 */
export function frameLayout(size: Size, rowLabels: readonly string[]) {
  const caption = clamp(size.width * 0.07, 24, 48);
  const pad = Math.round(caption * 0.3);
  const rowHeight = size.height / Math.max(1, rowLabels.length);
  const rowFont = clamp(rowHeight * 0.22, 11, 18);
  const longest = Math.max(0, ...rowLabels.map((l) => l.length));
  // DejaVu Sans averages about 0.6 em a character; the column fits the longest label.
  const labelWidth = rowLabels.length > 0 ? Math.ceil(longest * rowFont * 0.62) + 2 * pad : 0;
  return { width: labelWidth + size.width, height: caption + size.height, caption, labelWidth, pad, rowFont };
}

/** A contact-sheet tile: the grid at `width` with "epoch N" above it. */
export async function captionedTile(grid: EpochGrid, size: Size, width: number): Promise<Buffer> {
  const height = Math.round((size.height * width) / size.width);
  const caption = clamp(width * 0.08, 20, 34);
  const { title, detail } = gridCaption(grid);
  const font = Math.round(caption * 0.62);
  // The step only where there is room for it beside the epoch.
  const showDetail = detail !== '' && width >= 10 * font;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${caption + height}">` +
    `<rect width="100%" height="100%" fill="${BACKGROUND}"/>` +
    `<text x="4" y="${Math.round(caption * 0.74)}" font-family="${FONT}" font-size="${font}" font-weight="bold" fill="#f0f0f0">${xml(title)}</text>` +
    (showDetail
      ? `<text x="${width - 4}" y="${Math.round(caption * 0.74)}" font-family="${FONT}" font-size="${Math.round(font * 0.8)}" fill="#b0b0b0" text-anchor="end">${xml(detail)}</text>`
      : '') +
    `</svg>`;
  const pixels = await sharp(await gridPixels(grid, size)).resize(width, height, { kernel: 'lanczos3' }).png().toBuffer();
  return sharp(Buffer.from(svg)).composite([{ input: pixels, left: 0, top: caption }]).removeAlpha().png().toBuffer();
}
