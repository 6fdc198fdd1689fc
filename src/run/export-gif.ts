/**
 * The epoch grids as pictures: an animated GIF with one labelled frame per saved epoch, and a
 * contact sheet with all of them in one PNG. sharp does the work (its `join` option stacks frames
 * into an animation or tiles them into a sheet; libvips' cgif writes the GIF with a palette per
 * frame), so no GIF encoder of our own is needed.
 */
import sharp from 'sharp';
import { captionedTile, frameLayout, gridSize, labelledFrame } from './export-frames.js';
import type { EpochGrid } from './export-grids.js';
import { writeAtomic } from './export-files.js';

/** How long a frame stays, and the last one longer, so a viewer sees where training got to. */
export const FRAME_MS = 600;
export const LAST_FRAME_MS = 2000;

export interface GifSummary {
  frames: number;
  width: number;
  height: number;
  epochs: number[];
}

export async function writeSamplesGif(grids: readonly EpochGrid[], file: string): Promise<GifSummary> {
  const size = await gridSize(grids);
  // Every frame gets the same layout, sized for the longest row labels of any of them.
  const longest = grids.reduce<readonly string[]>((best, g) => (g.rowLabels.join('').length > best.join('').length ? g.rowLabels : best), []);
  const layout = frameLayout(size, longest);
  const frames: Buffer[] = [];
  for (const grid of grids) frames.push(await labelledFrame(grid, size, layout));
  const delay = grids.map((_, i) => (i === grids.length - 1 ? LAST_FRAME_MS : FRAME_MS));
  // sharp joins two images or more; one frame is a still GIF.
  const gif = await (frames.length === 1 ? sharp(frames[0]) : sharp(frames, { join: { animated: true } }))
    // loop 0: forever. Each frame gets its own palette (early frames are greyer than late ones);
    // half dithering keeps skin smooth without banding. Higher efforts made no smaller file here.
    .gif({ loop: 0, delay, effort: 3, dither: 0.5 })
    .toBuffer();
  await writeAtomic(file, gif);
  return { frames: frames.length, width: layout.width, height: layout.height, epochs: grids.map((g) => g.epoch) };
}

/** The widest a contact sheet gets: past it, tiles are scaled down (faces stay recognisable to ~100 epochs). */
export const SHEET_MAX_WIDTH = 2560;
const SHIM = 8;

export interface SheetSummary {
  tiles: number;
  across: number;
  tileWidth: number;
  width: number;
  height: number;
}

export async function writeContactSheet(grids: readonly EpochGrid[], file: string): Promise<SheetSummary> {
  const size = await gridSize(grids);
  const across = Math.ceil(Math.sqrt(grids.length));
  const room = Math.floor((SHEET_MAX_WIDTH - SHIM * (across - 1)) / across);
  const tileWidth = Math.max(32, Math.min(size.width, room));
  const tiles: Buffer[] = [];
  for (const grid of grids) tiles.push(await captionedTile(grid, size, tileWidth));
  const sheet = tiles.length === 1 ? sharp(tiles[0]) : sharp(tiles, { join: { across, shim: SHIM, background: '#111111' } });
  const { data, info } = await sheet
    // A 256-colour palette: a quarter of the size of full colour (3.3 vs 12 MB for 16 grids of
    // 8×8 faces), with no difference to see at this scale (the GIF frames have palettes too).
    .png({ palette: true, effort: 4, dither: 0.5 })
    .toBuffer({ resolveWithObject: true });
  await writeAtomic(file, data);
  return { tiles: tiles.length, across, tileWidth, width: info.width, height: info.height };
}
