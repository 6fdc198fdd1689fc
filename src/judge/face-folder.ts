/**
 * Faces from any program, judged like ours: a folder with one sub-folder per pair, named
 * `<hair>-<eyes>` (as the PyTorch peer writes them), each holding image files; or, for an
 * unconditional judgement, images directly in the folder. Any size sharp reads; resized to 64×64.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { FACE_BYTES, FACE_SIDE } from '../util/face.js';
import type { Pair } from './pairs.js';
import { AppError, firstLine } from '../util/errors.js';

const IMAGE = /\.(png|jpe?g|webp|gif|bmp|tiff?)$/i;

export class FaceFolderError extends AppError {}

export interface FolderFaces {
  pair: Pair | null;
  faces: Uint8Array;
  files: string[];
}

async function images(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => IMAGE.test(n)).sort().map((n) => path.join(dir, n));
}

async function decode(files: string[]): Promise<Uint8Array> {
  const out = new Uint8Array(files.length * FACE_BYTES);
  for (let i = 0; i < files.length; i++) {
    try {
      const data = await sharp(files[i]!).removeAlpha().toColourspace('srgb').resize(FACE_SIDE, FACE_SIDE, { fit: 'cover' }).raw().toBuffer();
      out.set(data, i * FACE_BYTES);
    } catch (err) {
      throw new FaceFolderError(`cannot read ${files[i]} as an image (${firstLine(err)}): remove it or replace it`);
    }
  }
  return out;
}

/**
 * pairs: the pairs to read (one sub-folder each), or null for images directly in `dir`.
 * `limit`: at most this many faces per set (the first, by file name).
 */
export async function readFaceFolder(dir: string, pairs: Pair[] | null, limit: number): Promise<FolderFaces[]> {
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new FaceFolderError(`--faces ${dir} is not a folder: give a folder with one sub-folder of PNGs per pair (aqua-orange/0000.png …)`);
  if (!pairs) {
    const files = (await images(dir)).slice(0, limit);
    if (files.length < 2) throw new FaceFolderError(`--faces ${dir} holds ${files.length} image(s) at its top level: put the faces to judge there (2 or more)`);
    return [{ pair: null, faces: await decode(files), files }];
  }
  const out: FolderFaces[] = [];
  for (const pair of pairs) {
    const sub = path.join(dir, `${pair.hair}-${pair.eyes}`);
    const files = (await stat(sub).catch(() => null))?.isDirectory() ? (await images(sub)).slice(0, limit) : [];
    if (files.length < 2) {
      throw new FaceFolderError(`--faces ${dir} has ${files.length ? 'fewer than 2 images' : 'no folder'} for ${pair.hair}/${pair.eyes}: expected ${sub}/ with its faces, or choose other --pairs`);
    }
    out.push({ pair, faces: await decode(files), files });
  }
  return out;
}
