/**
 * Decoding many small image files into one packed [n, 64, 64, 3] RGB buffer: JPEGs of the right
 * size through the native addon's libjpeg on every core when it is built, everything else (and
 * everything, without it) with sharp.
 */
import { readFile } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import sharp from 'sharp';
import { nativeJpeg } from '../backend/kernels/native-addon.js';
import { DatasetError } from './dataset.js';
import { FACE_BYTES, FACE_SIDE } from '../util/face.js';
import { firstLine } from '../util/errors.js';

export interface DecodeOptions {
  /** Skip unreadable files (reported back) instead of failing on the first one. */
  skipBad?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Decodes in flight at once. */
  parallel?: number;
}

export interface DecodeReport {
  /** 1 where slot i holds a decoded face, 0 where its file was skipped as unreadable. */
  ok: Uint8Array;
  /** Names (as given) of the files that could not be decoded. */
  unreadable: string[];
  /** Why the first of them could not be, in one line; null when all decoded. */
  firstError: string | null;
  /** How many images were not 64×64 and got resized. */
  resized: number;
}

// Each image is tiny, so libvips threads inside one image only add overhead: run several images
// side by side on libuv's pool instead, one libvips thread each. Keeping twice the pool's size in
// flight means a thread never waits for JS to hand it the next file.
const DEFAULT_PARALLEL = Math.max(8, 2 * (Number(process.env.UV_THREADPOOL_SIZE) || 4));
const PROGRESS_EVERY = 256;
// Files per native call: ~50 ms of work on two cores, so progress and the event loop keep going.
const NATIVE_BATCH = 1024;

/**
 * Decodes one file to exactly 64×64 sRGB; reports whether it had to be resized. One sharp
 * pipeline does it all, so a large JPEG or WebP is shrunk while it is decoded; EXIF orientation
 * is applied (photos), transparency is laid on white (a cut-out face keeps its outline), and an
 * image of another shape is scaled to cover 64×64 and centre-cropped rather than stretched.
 */
async function decodeOne(path: string, out: Uint8Array, offset: number): Promise<boolean> {
  const input = await readFile(path);
  const image = sharp(input).rotate();
  const meta = await image.metadata();
  const resized = meta.width !== FACE_SIDE || meta.height !== FACE_SIDE;
  const { data, info } = await image
    .flatten({ background: '#ffffff' })
    .resize(FACE_SIDE, FACE_SIDE, { fit: 'cover', position: 'centre' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== FACE_SIDE || info.height !== FACE_SIDE || info.channels !== 3) {
    throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}, not ${FACE_SIDE}×${FACE_SIDE} RGB`);
  }
  out.set(data, offset);
  return resized;
}

/** Runs `fn` with sharp tuned for many tiny images, restoring the caller's settings afterwards. */
async function withBulkSharp<T>(fn: () => Promise<T>): Promise<T> {
  const threads = sharp.concurrency();
  const cache = sharp.cache();
  sharp.concurrency(1);
  // Every input is new, so libvips' operation cache would only churn.
  sharp.cache(false);
  try {
    return await fn();
  } finally {
    sharp.concurrency(threads);
    sharp.cache({ memory: cache.memory.max, files: cache.files.max, items: cache.items.max });
  }
}

/**
 * The native fast path: decodes what it can, straight into `out`, and returns the indices it
 * declined (not JPEG, not 64×64, unreadable) for sharp, which also words the errors.
 */
async function decodeNative(
  paths: readonly string[],
  out: Uint8Array,
  ok: Uint8Array,
  progress: (decoded: number) => void,
): Promise<number[]> {
  const addon = nativeJpeg();
  if (addon == null) return paths.map((_, i) => i);
  const declined: number[] = [];
  for (let start = 0; start < paths.length; start += NATIVE_BATCH) {
    const status = addon.decodeJpegFiles(paths.slice(start, start + NATIVE_BATCH), out, start, FACE_SIDE);
    status.forEach((s, j) => {
      if (s === 0) ok[start + j] = 1;
      else declined.push(start + j);
    });
    progress(status.length - status.reduce((n, s) => n + (s === 0 ? 0 : 1), 0));
    await yieldToEventLoop();
  }
  return declined;
}

/**
 * Decodes `paths[i]` into `out` at face slot i. `names[i]` is how a file is named in messages
 * (relative to the data folder). Without skipBad the first unreadable file throws a DatasetError.
 */
export async function decodeFaces(
  paths: readonly string[],
  names: readonly string[],
  out: Uint8Array,
  opts: DecodeOptions = {},
): Promise<DecodeReport> {
  const total = paths.length;
  if (out.length < total * FACE_BYTES) throw new RangeError('decodeFaces: output buffer too small');
  const ok = new Uint8Array(total);
  let resized = 0;
  let done = 0;
  let failure: DatasetError | null = null;
  // The lowest failed slot, so the message names the same file whatever order decodes finish in.
  const firstFailed = { index: -1, reason: '' };
  const advance = (n: number) => {
    const before = done;
    done += n;
    if (opts.onProgress && (Math.floor(done / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY) || done === total)) {
      opts.onProgress(done, total);
    }
  };

  const todo = await decodeNative(paths, out, ok, advance);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failure === null && next < todo.length) {
      const i = todo[next++]!;
      try {
        if (await decodeOne(paths[i]!, out, i * FACE_BYTES)) resized++;
        ok[i] = 1;
      } catch (err) {
        const reason = firstLine(err);
        if (firstFailed.index < 0 || i < firstFailed.index) Object.assign(firstFailed, { index: i, reason });
        if (!opts.skipBad) {
          failure ??= new DatasetError(
            `${names[i]}: not a readable image (${reason}); replace or delete it, or use --skip-bad to skip it`,
          );
          return;
        }
      }
      advance(1);
    }
  };

  if (todo.length === 0) return { ok, unreadable: [], firstError: null, resized };
  return withBulkSharp(async () => {
    const parallel = Math.max(1, opts.parallel ?? DEFAULT_PARALLEL);
    await Promise.all(Array.from({ length: Math.min(parallel, todo.length) }, worker));
    if (failure) throw failure;
    const unreadable = names.filter((_, i) => ok[i] === 0);
    const firstError = firstFailed.index < 0 ? null : `${names[firstFailed.index]}: ${firstFailed.reason}`;
    return { ok, unreadable, firstError, resized };
  });
}
