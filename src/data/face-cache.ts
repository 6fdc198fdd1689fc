/**
 * A binary cache of decoded faces, so a second start skips decoding tens of thousands of JPEGs.
 * One file per data folder: magic, version, header length, JSON header, then the pixels and the
 * two label arrays as raw bytes. Written to a temp file and renamed, so a reader never sees half
 * a file; anything that does not match exactly is treated as absent.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { sharedBytes } from './dataset.js';
import { FACE_BYTES } from '../util/face.js';

const MAGIC = 'AGTFACES';
// 2: stamps name the layout and every folder read, faces of another size are centre-cropped
// (version 1 stretched them, so its faces must not be reused), and the header carries the
// attribute names. A cache of another version is not read.
const FORMAT_VERSION = 2;
const PREAMBLE_BYTES = 16; // magic (8) + version (4) + header length (4)
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
// Large reads and writes go in slices: one call is not guaranteed to move everything.
const IO_SLICE = 64 * 1024 * 1024;

/** What identifies a data folder's content cheaply, without reading its images. */
export interface FolderStamp {
  /** Absolute path of the data folder. */
  dir: string;
  /** A folder turned into a tags layout (or back) must never reuse the other's faces. */
  layout: 'tags' | 'folder';
  /** tags.csv's size and mtime; 0 without one. */
  tagsSize: number;
  tagsMtimeMs: number;
  /** Each folder images were listed from (relative to dir) with its mtime, which adding, removing or renaming a file changes. */
  folders: Array<[string, number]>;
  imageCount: number;
}

export interface CachedFaces {
  count: number;
  pixels: Uint8Array;
  hair: Uint8Array;
  eyes: Uint8Array;
  hairVocab: string[];
  eyesVocab: string[];
  attributes: [string, string];
  /** Warnings from the decode that made this cache (resized, skipped...), shown again on load. */
  warnings: string[];
  /** Whether it took --skip-bad to make it (bad lines, missing images, many unreadable): only valid for such a load. */
  skippedAny: boolean;
}

interface Header {
  key: string;
  dir: string;
  count: number;
  hairVocab: string[];
  eyesVocab: string[];
  attributes: [string, string];
  warnings: string[];
  skippedAny: boolean;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function cacheKey(stamp: FolderStamp): string {
  return sha256(JSON.stringify({ v: FORMAT_VERSION, ...stamp }));
}

/** The folder part of the name lets a new cache replace older ones of the same folder. */
export function cacheFilePath(cacheDir: string, stamp: FolderStamp): string {
  return join(cacheDir, `faces-${sha256(stamp.dir).slice(0, 12)}-${cacheKey(stamp).slice(0, 20)}.bin`);
}

/** What a cache's header says of its faces (no pixels): enough for the checks before a start. */
export type CachedSummary = Omit<CachedFaces, 'pixels' | 'hair' | 'eyes'>;

/** Reads a cache written for exactly this stamp, or null when it is missing, stale or damaged. */
export async function readFaceCache(path: string, stamp: FolderStamp): Promise<CachedFaces | null>;
/** With headerOnly: its header, when the file is whole, without reading the faces. */
export async function readFaceCache(path: string, stamp: FolderStamp, headerOnly: true): Promise<CachedSummary | null>;
export async function readFaceCache(path: string, stamp: FolderStamp, headerOnly = false): Promise<CachedFaces | CachedSummary | null> {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const { size } = await file.stat();
    if (size < PREAMBLE_BYTES) return null;
    const preamble = Buffer.alloc(PREAMBLE_BYTES);
    await readFully(file, preamble, 0);
    if (preamble.toString('latin1', 0, 8) !== MAGIC || preamble.readUInt32LE(8) !== FORMAT_VERSION) return null;
    const headerBytes = preamble.readUInt32LE(12);
    if (headerBytes > MAX_HEADER_BYTES || PREAMBLE_BYTES + headerBytes > size) return null;
    const headerBuf = Buffer.alloc(headerBytes);
    await readFully(file, headerBuf, PREAMBLE_BYTES);
    const header = parseHeader(headerBuf.toString('utf8'));
    if (!header || header.key !== cacheKey(stamp)) return null;

    const { count } = header;
    const bodyStart = PREAMBLE_BYTES + headerBytes;
    if (size !== bodyStart + count * (FACE_BYTES + 2)) return null;
    if (headerOnly) return header;
    const pixels = sharedBytes(count * FACE_BYTES);
    const labels = new Uint8Array(count * 2);
    await readFully(file, pixels, bodyStart);
    await readFully(file, labels, bodyStart + pixels.length);
    // Copies, so each array owns its buffer and can be transferred on its own.
    const hair = labels.slice(0, count);
    const eyes = labels.slice(count);
    if (!labelsInRange(hair, header.hairVocab.length) || !labelsInRange(eyes, header.eyesVocab.length)) return null;
    return { ...header, pixels, hair, eyes };
  } catch {
    return null;
  } finally {
    await file.close();
  }
}

function parseHeader(text: string): Header | null {
  try {
    const h = JSON.parse(text) as Partial<Header>;
    const strings = (a: unknown): a is string[] => Array.isArray(a) && a.every((s) => typeof s === 'string');
    if (
      typeof h.key === 'string' &&
      typeof h.dir === 'string' &&
      Number.isInteger(h.count) &&
      (h.count as number) > 0 &&
      strings(h.hairVocab) &&
      strings(h.eyesVocab) &&
      strings(h.attributes) &&
      h.attributes.length === 2 &&
      strings(h.warnings) &&
      typeof h.skippedAny === 'boolean'
    ) {
      return h as Header;
    }
  } catch {
    // Falls through: an unparsable header is a damaged cache.
  }
  return null;
}

function labelsInRange(labels: Uint8Array, size: number): boolean {
  // Unlabelled faces (a plain folder, no vocabulary) carry 0 throughout.
  const limit = Math.max(1, size);
  for (const v of labels) if (v >= limit) return false;
  return true;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function readFully(file: FileHandle, into: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const length = Math.min(IO_SLICE, into.length - done);
    const { bytesRead } = await file.read(into, done, length, position + done);
    if (bytesRead === 0) throw new Error('unexpected end of cache file');
    done += bytesRead;
  }
}

async function writeFully(file: FileHandle, data: Uint8Array): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const length = Math.min(IO_SLICE, data.length - done);
    const { bytesWritten } = await file.write(data, done, length);
    done += bytesWritten;
  }
}

/**
 * Writes the cache for `stamp` and removes older caches of the same folder. Returns a warning
 * line when it could not (a cache is an optimisation: failing to write one never fails a load).
 */
export async function writeFaceCache(
  cacheDir: string,
  stamp: FolderStamp,
  faces: CachedFaces,
): Promise<string | null> {
  const path = cacheFilePath(cacheDir, stamp);
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const header: Header = {
    key: cacheKey(stamp),
    dir: stamp.dir,
    count: faces.count,
    hairVocab: faces.hairVocab,
    eyesVocab: faces.eyesVocab,
    attributes: faces.attributes,
    warnings: faces.warnings,
    skippedAny: faces.skippedAny,
  };
  const headerBuf = Buffer.from(JSON.stringify(header), 'utf8');
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  preamble.write(MAGIC, 0, 'latin1');
  preamble.writeUInt32LE(FORMAT_VERSION, 8);
  preamble.writeUInt32LE(headerBuf.length, 12);
  try {
    await mkdir(cacheDir, { recursive: true });
    const file = await open(temp, 'w');
    try {
      for (const part of [preamble, headerBuf, faces.pixels, faces.hair, faces.eyes]) await writeFully(file, part);
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    return `could not write the face cache in ${cacheDir} (${reason}); the next start will decode the images again`;
  }
  await removeOlderCaches(cacheDir, path);
  return null;
}

/** Old caches of the same folder are hundreds of MB each and can never match again. */
async function removeOlderCaches(cacheDir: string, keep: string): Promise<void> {
  const keepName = basename(keep);
  const prefix = keepName.slice(0, 'faces-'.length + 12);
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n !== keepName && n.startsWith(prefix) && n.endsWith('.bin'))
      .map((n) => unlink(join(cacheDir, n)).catch(() => undefined)),
  );
}
