/**
 * Writes small data folders from drawn faces, for loader tests: the tags layout (tags.csv +
 * images/<id>.jpg, MLDS's attributes or others) and plain folders of images of mixed size and format.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { FACE_BYTES, FACE_SIDE } from '../../src/util/face.js';
import { drawFaces } from '../../src/data/drawn-faces.js';

export interface FixtureOptions {
  count?: number;
  /** Ids whose image is written at 32×32 instead of 64×64. */
  small?: number[];
  /** Ids whose tag line exists but whose image is not written. */
  missing?: number[];
  /** Ids whose image file holds bytes no decoder reads. */
  corrupt?: number[];
  /** Extra image files with no tag line. */
  untagged?: number;
  /** Raw lines appended to tags.csv. */
  extraLines?: string[];
  /** Attribute names and each face's values; default MLDS's hair and eyes with the drawn colours. */
  attributes?: [string, string];
  values?: (id: number) => [string, string];
}

export interface Fixture {
  dir: string;
  /** The faces the images were encoded from (before JPEG loss). */
  source: Uint8Array;
  hair: string[];
  eyes: string[];
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `anime-gan-${prefix}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function encodeFace(pixels: Uint8Array, face: number, size = 64): Promise<Buffer> {
  const raw = Buffer.from(pixels.subarray(face * FACE_BYTES, (face + 1) * FACE_BYTES));
  return sharp(raw, { raw: { width: FACE_SIDE, height: FACE_SIDE, channels: 3 } })
    .resize(size, size)
    .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
    .toBuffer();
}

export async function writeMldsFolder(parent: string, opts: FixtureOptions = {}): Promise<Fixture> {
  const count = opts.count ?? 12;
  const dir = join(parent, 'faces');
  await mkdir(join(dir, 'images'), { recursive: true });
  const drawn = drawFaces(count + (opts.untagged ?? 0), 7);
  const hair: string[] = [];
  const eyes: string[] = [];
  const lines: string[] = [];
  for (let id = 0; id < count; id++) {
    const [a, b] = opts.values?.(id) ?? [drawn.hairVocab[drawn.hair[id]], drawn.eyesVocab[drawn.eyes[id]]];
    hair.push(a);
    eyes.push(b);
    const [nameA, nameB] = opts.attributes ?? ['hair', 'eyes'];
    lines.push(`${id},${a} ${nameA} ${b} ${nameB}`);
    if (opts.missing?.includes(id)) continue;
    const file = join(dir, 'images', `${id}.jpg`);
    if (opts.corrupt?.includes(id)) await writeFile(file, 'this is not a jpeg');
    else await writeFile(file, await encodeFace(drawn.pixels, id, opts.small?.includes(id) ? 32 : 64));
  }
  for (let k = 0; k < (opts.untagged ?? 0); k++) {
    await writeFile(join(dir, 'images', `extra-${k}.jpg`), await encodeFace(drawn.pixels, count + k));
  }
  await writeFile(join(dir, 'tags.csv'), [...lines, ...(opts.extraLines ?? [])].join('\n') + '\n');
  return { dir, source: drawn.pixels.slice(0, count * FACE_BYTES), hair, eyes };
}

/** Mean absolute difference between face a of x and face b of y. */
export function faceDistance(x: Uint8Array, a: number, y: Uint8Array, b: number): number {
  let sum = 0;
  for (let k = 0; k < FACE_BYTES; k++) sum += Math.abs(x[a * FACE_BYTES + k] - y[b * FACE_BYTES + k]);
  return sum / FACE_BYTES;
}

export interface ImageFolderOptions {
  count?: number;
  /** Relative path of image i; default `<i>.png` for even i and `<i>.jpg` for odd, at the top. */
  name?: (i: number) => string;
  /** Width and height of image i; default 64×64 for a third, 96×96 and 80×48 for the others. */
  size?: (i: number) => [number, number];
}

/** Encodes face i of `pixels` as the format its name says, scaled to width×height. */
export async function encodeAs(pixels: Uint8Array, face: number, name: string, width: number, height: number): Promise<Buffer> {
  const raw = Buffer.from(pixels.subarray(face * FACE_BYTES, (face + 1) * FACE_BYTES));
  const img = sharp(raw, { raw: { width: FACE_SIDE, height: FACE_SIDE, channels: 3 } }).resize(width, height, { fit: 'fill' });
  if (name.endsWith('.png')) return img.png().toBuffer();
  if (name.endsWith('.webp')) return img.webp({ lossless: true }).toBuffer();
  return img.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
}

/** A plain folder of images (no tags), PNG and JPEG of several sizes by default; returns its path. */
export async function writeImageFolder(parent: string, opts: ImageFolderOptions = {}): Promise<{ dir: string; names: string[] }> {
  const count = opts.count ?? 64;
  const dir = join(parent, 'folder');
  await mkdir(dir, { recursive: true });
  const drawn = drawFaces(count, 11);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = opts.name?.(i) ?? `${i}.${i % 2 === 0 ? 'png' : 'jpg'}`;
    const [w, h] = opts.size?.(i) ?? ([[64, 64], [96, 96], [80, 48]][i % 3] as [number, number]);
    await mkdir(join(dir, dirname(name)), { recursive: true });
    await writeFile(join(dir, name), await encodeAs(drawn.pixels, i, name, w, h));
    names.push(name);
  }
  return { dir, names };
}
