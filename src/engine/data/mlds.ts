/** Loading a folder in the MLDS "extra_data" layout: `tags.csv` plus `images/<id>.jpg`. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { DatasetError, FACE_BYTES, sharedBytes, type FaceDataset } from './dataset.js';
import { decodeFaces } from './decode-images.js';
import { cacheFilePath, defaultCacheDir, readFaceCache, writeFaceCache, type FolderStamp } from './face-cache.js';
import { parseTags, type TagEntry } from './tags.js';
import { buildLabels, rareColourWarnings } from './vocab.js';

export interface LoadMldsOptions {
  /** Skip malformed lines, repeated ids, missing and unreadable images (with warnings). */
  skipBad?: boolean;
  /** Where the decoded-face cache lives; null turns caching off. Default: defaultCacheDir(). */
  cacheDir?: string | null;
  onProgress?: (done: number, total: number) => void;
  /** A colour on fewer faces than this gets a warning. Default 10. */
  minColourCount?: number;
}

const POINT_AT_DATA = 'point --data DIR or ANIME_GAN_DATA at a folder holding tags.csv and images/<id>.jpg';
// The MLDS layout says .jpg; other formats sharp reads are accepted under the same id.
const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png'];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DatasetError(`cannot read ${path} (${(err as Error).message})`);
  }
}

/** Throws the DatasetError loading would, for a missing folder, tags.csv or images/, without decoding anything. */
export async function checkMldsLayout(dir: string): Promise<void> {
  await inspectFolder(dir);
}

/** Checks the layout and stamps the folder's content without reading any image. */
async function inspectFolder(dir: string): Promise<{ stamp: FolderStamp; imageNames: string[] }> {
  const dirStat = await statOrNull(dir);
  if (!dirStat) throw new DatasetError(`data folder not found: ${dir} (${POINT_AT_DATA})`);
  if (!dirStat.isDirectory()) throw new DatasetError(`${dir} is a file, not a data folder (${POINT_AT_DATA})`);
  const tagsPath = join(dir, 'tags.csv');
  const tagsStat = await statOrNull(tagsPath);
  if (!tagsStat?.isFile()) throw new DatasetError(`no tags.csv in ${dir} (${POINT_AT_DATA})`);
  const imagesPath = join(dir, 'images');
  const imagesStat = await statOrNull(imagesPath);
  if (!imagesStat?.isDirectory()) throw new DatasetError(`no images/ folder in ${dir} (${POINT_AT_DATA})`);
  const imageNames = await readdir(imagesPath);
  return {
    stamp: {
      dir,
      tagsSize: tagsStat.size,
      tagsMtimeMs: tagsStat.mtimeMs,
      imagesMtimeMs: imagesStat.mtimeMs,
      imageCount: imageNames.length,
    },
    imageNames,
  };
}

/** Pairs each tag line with its image file; reports lines without images and images without lines. */
function matchImages(entries: TagEntry[], imageNames: string[], skipBad: boolean) {
  const byStem = new Map<string, string>();
  for (const name of imageNames) {
    const ext = extname(name);
    if (IMAGE_EXTENSIONS.includes(ext.toLowerCase()) && !byStem.has(name.slice(0, -ext.length))) {
      byStem.set(name.slice(0, -ext.length), name);
    }
  }
  const found: Array<{ entry: TagEntry; file: string }> = [];
  const missing: TagEntry[] = [];
  for (const entry of entries) {
    const file = byStem.get(entry.id);
    if (file) found.push({ entry, file });
    else missing.push(entry);
  }
  const warnings: string[] = [];
  if (missing.length > 0) {
    const first = `images/${missing[0].id}.jpg`;
    if (!skipBad) {
      throw new DatasetError(
        `${first} is missing (tags.csv:${missing[0].line}); ${missing.length} of the ${entries.length} ids in ` +
          `tags.csv have no image: add the images or use --skip-bad to skip those lines`,
      );
    }
    warnings.push(`skipped ${plural(missing.length, 'tags.csv line')} whose image is missing (first: ${first})`);
  }
  const untagged = byStem.size - found.length;
  if (untagged > 0) {
    warnings.push(`ignored ${plural(untagged, 'image')} in images/ that ${untagged === 1 ? 'has' : 'have'} no line in tags.csv`);
  }
  return { found, missing: missing.length, warnings };
}

/** Decodes every tagged image, drops the unreadable ones (skipBad), and builds the labels. */
async function decodeFolder(dir: string, imageNames: string[], opts: LoadMldsOptions) {
  const skipBad = opts.skipBad ?? false;
  const tagsText = await readFile(join(dir, 'tags.csv'), 'utf8');
  const tags = parseTags(tagsText, { skipBad, file: 'tags.csv' });
  const matched = matchImages(tags.entries, imageNames, skipBad);
  const warnings = [...tags.warnings, ...matched.warnings];

  const paths = matched.found.map((f) => join(dir, 'images', f.file));
  const names = matched.found.map((f) => `images/${f.file}`);
  let pixels = sharedBytes(paths.length * FACE_BYTES);
  const decoded = await decodeFaces(paths, names, pixels, { skipBad, onProgress: opts.onProgress });
  let kept = matched.found.map((f) => f.entry);
  if (decoded.unreadable.length > 0) {
    const list = decoded.unreadable.slice(0, 3).join(', ') + (decoded.unreadable.length > 3 ? ', ...' : '');
    warnings.push(`skipped ${plural(decoded.unreadable.length, 'unreadable image')} (${list})`);
    const compact = sharedBytes((kept.length - decoded.unreadable.length) * FACE_BYTES);
    let slot = 0;
    for (let i = 0; i < kept.length; i++) {
      if (decoded.ok[i]) compact.set(pixels.subarray(i * FACE_BYTES, (i + 1) * FACE_BYTES), slot++ * FACE_BYTES);
    }
    pixels = compact;
    kept = kept.filter((_, i) => decoded.ok[i] === 1);
  }
  if (decoded.resized > 0) {
    warnings.push(`resized ${plural(decoded.resized, 'image')} that ${decoded.resized === 1 ? 'was' : 'were'} not 64×64 (stretched to fit)`);
  }
  if (kept.length === 0) throw new DatasetError(`no usable faces in ${dir}: every tagged image was missing or unreadable`);

  const hair = buildLabels(kept.map((e) => e.hair), 'hair');
  const eyes = buildLabels(kept.map((e) => e.eyes), 'eye');
  const skippedAny = tags.skippedLines > 0 || matched.missing > 0 || decoded.unreadable.length > 0;
  return {
    count: kept.length,
    pixels,
    hair: hair.index,
    eyes: eyes.index,
    hairVocab: hair.vocab,
    eyesVocab: eyes.vocab,
    warnings,
    skippedAny,
  };
}

/**
 * Loads an MLDS folder into memory. A cache of the decoded faces, keyed by the folder's path,
 * tags.csv's size and mtime, and the images folder's mtime and file count, makes later loads of
 * the same folder fast. Problems the user can fix throw a one-line DatasetError.
 */
export async function loadMlds(dir: string, opts: LoadMldsOptions = {}): Promise<FaceDataset> {
  const absDir = resolve(dir);
  const minColourCount = opts.minColourCount ?? 10;
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  const { stamp, imageNames } = await inspectFolder(absDir);

  let faces = cacheDir === null ? null : await readFaceCache(cacheFilePath(cacheDir, stamp), stamp);
  // A cache made by skipping bad data must not let a strict load pass silently.
  if (faces?.skippedAny && !opts.skipBad) faces = null;
  let cacheWarning: string | null = null;
  if (faces) {
    opts.onProgress?.(faces.count, faces.count);
  } else {
    faces = await decodeFolder(absDir, imageNames, opts);
    if (cacheDir !== null) cacheWarning = await writeFaceCache(cacheDir, stamp, faces);
  }

  return {
    source: 'mlds',
    dir: absDir,
    count: faces.count,
    pixels: faces.pixels,
    hair: faces.hair,
    eyes: faces.eyes,
    hairVocab: faces.hairVocab,
    eyesVocab: faces.eyesVocab,
    warnings: [
      ...faces.warnings,
      ...rareColourWarnings(faces.hairVocab, faces.hair, 'hair', minColourCount),
      ...rareColourWarnings(faces.eyesVocab, faces.eyes, 'eye', minColourCount),
      ...(cacheWarning ? [cacheWarning] : []),
    ],
  };
}
