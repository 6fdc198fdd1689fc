/**
 * Saving what the generate view shows: the grid as it came from the generator (64×64 per
 * face), or one face of it, as PNG under `<run>/generated/`. The name carries the seed and the
 * choices, so the file says how to make the same faces again.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../format.js';
import sharp from 'sharp';
import type { FaceAsk, GeneratedFaces } from './generate-state.js';
import { FACE_BYTES, FACE_CHANNELS, FACE_SIDE } from '../../util/face.js';

/** A colour as it goes into a file name: 'random' for none, nothing odd for a hand-made vocabulary. */
function part(colour: string | null): string {
  return colour === null ? 'random' : colour.replace(/[^A-Za-z0-9_-]+/g, '_');
}

/** seed-<seed>-<hair>-<eyes>[-t<spread>], or seed-<A>-to-<B>-… for a strip; no extension. */
export function generatedName(ask: FaceAsk, conditional: boolean): string {
  const spread = ask.truncation === 1 ? '' : `-t${ask.truncation}`;
  const colours = (hair: string | null, eyes: string | null) => (conditional ? `-${part(hair)}-${part(eyes)}` : '');
  if (ask.interpolate) {
    const b = ask.interpolate;
    return `seed-${ask.seed}-to-${b.seedB}${colours(ask.hair, ask.eyes)}${conditional ? `-to${colours(b.hairB, b.eyesB)}` : ''}${spread}`;
  }
  return `seed-${ask.seed}${colours(ask.hair, ask.eyes)}${spread}`;
}

/**
 * A saved file as the user can open it from where they stand: relative to the working folder
 * when it lies inside it, absolute otherwise (a run folder is often elsewhere, e.g. `watch`ed).
 */
export function pathToShow(file: string, cwd: string = process.cwd()): string {
  // No ~ here: the path is to be pasted into anything, not only a shell.
  return displayPath(path.resolve(cwd, file), cwd, '');
}

/** The RGB bytes of face `index` (row-major) of a grid. */
export function faceFromGrid(result: GeneratedFaces, index: number): Uint8Array {
  const { grid } = result;
  const r = Math.floor(index / grid.cols);
  const c = index % grid.cols;
  const rowBytes = FACE_SIDE * FACE_CHANNELS;
  const out = new Uint8Array(FACE_BYTES);
  for (let y = 0; y < FACE_SIDE; y++) {
    const src = ((r * FACE_SIDE + y) * grid.width + c * FACE_SIDE) * FACE_CHANNELS;
    out.set(grid.pixels.subarray(src, src + rowBytes), y * rowBytes);
  }
  return out;
}

/**
 * Writes the grid (face = null) or one face; resolves with the path written. The weights can
 * change between two saves of the same request (training goes on), so an existing file with
 * other pixels is never replaced: the new one gets -2, -3, … instead.
 */
export async function saveGenerated(
  result: GeneratedFaces,
  runDir: string,
  conditional: boolean,
  face: number | null,
): Promise<string> {
  const dir = path.join(runDir, 'generated');
  await mkdir(dir, { recursive: true });
  let base = generatedName(result.request, conditional);
  let png: Buffer;
  if (face === null) {
    const { grid } = result;
    png = await sharp(grid.pixels, { raw: { width: grid.width, height: grid.height, channels: 3 } }).png().toBuffer();
  } else {
    const [hair, eyes] = result.labels[face] ?? [null, null];
    base += `-face${face + 1}${conditional && hair !== null && eyes !== null ? `-${part(hair)}-${part(eyes)}` : ''}`;
    png = await sharp(faceFromGrid(result, face), { raw: { width: FACE_SIDE, height: FACE_SIDE, channels: FACE_CHANNELS } }).png().toBuffer();
  }
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${base}${n === 1 ? '' : `-${n}`}.png`);
    const existing = await readFile(file).catch(() => null);
    if (existing === null) {
      await writeFile(file, png, { flag: 'wx' });
      return file;
    }
    if (existing.equals(png)) return file;
  }
}
