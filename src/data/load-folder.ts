/**
 * Loading a data folder (see layout.ts for the two layouts) into memory, through the face cache,
 * and the checks that refuse data a model cannot learn from. Every refusal is a one-line
 * DatasetError naming the file or folder and what to do.
 */
import { join, resolve } from 'node:path';
import { DatasetError, MIN_FACES, sharedBytes, type FaceDataset } from './dataset.js';
import { FACE_BYTES, FACE_SIDE } from '../util/face.js';
import { decodeFaces } from './decode-images.js';
import { defaultCacheDir } from '../util/paths.js';
import { cacheFilePath, readFaceCache, writeFaceCache, type CachedFaces } from './face-cache.js';
import { inspectDataFolder, TAGS_FILE, type DataLayout } from './layout.js';
import { planDecode, type DecodePlan } from './plan.js';
import { buildLabels, rareValueWarnings } from './vocab.js';

export interface LoadFolderOptions {
  /** Skip malformed lines, repeated ids, missing images and any number of unreadable ones (with warnings). */
  skipBad?: boolean;
  /** Where the decoded-face cache lives; null turns caching off. Default: defaultCacheDir(). */
  cacheDir?: string | null;
  onProgress?: (done: number, total: number) => void;
  /** A class value on fewer faces than this gets a warning. Default 10. */
  minColourCount?: number;
  /** Fewer usable faces than this are refused. Default MIN_FACES; tests of small folders lower it. */
  minFaces?: number;
}

/**
 * Up to this share of unreadable images (a few truncated downloads in a big set) is skipped with a
 * warning; more means something is wrong with the folder, and only --skip-bad goes on.
 */
export const MAX_UNREADABLE_SHARE = 0.05;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What a set is called in messages: the tags file for a tags layout, else the folder. */
function setName(layout: DataLayout): string {
  return layout.kind === 'tags' ? layout.tagsPath : layout.dir;
}

function checkCount(layout: DataLayout, count: number, minFaces: number, unreadable = 0): void {
  if (count >= minFaces) return;
  const what =
    unreadable > 0
      ? `only ${count} of the ${count + unreadable} images of ${setName(layout)} can be read`
      : layout.kind === 'tags'
        ? `${layout.tagsPath} names only ${plural(count, 'image')} that ${count === 1 ? 'exists' : 'exist'}`
        : `${layout.dir} holds only ${plural(count, 'image')}`;
  throw new DatasetError(`${what}; training needs at least ${minFaces}: add images, or point --data at a bigger set`);
}

/** Decodes what the plan lists, skipping unreadable files as far as the rules allow. */
async function decodePlan(plan: DecodePlan, opts: LoadFolderOptions): Promise<CachedFaces> {
  const skipBad = opts.skipBad ?? false;
  const n = plan.paths.length;
  let pixels = sharedBytes(n * FACE_BYTES);
  const decoded = await decodeFaces(plan.paths, plan.names, pixels, { skipBad: true, onProgress: opts.onProgress });
  const bad = decoded.unreadable.length;
  const where = setName(plan.layout);
  if (bad === n) {
    throw new DatasetError(`none of the ${plural(n, 'image')} of ${where} can be read (first: ${decoded.firstError}): use images sharp reads (jpg, png, webp, gif, avif, tiff)`);
  }
  const tooMany = bad > Math.floor(n * MAX_UNREADABLE_SHARE);
  if (tooMany && !skipBad) {
    throw new DatasetError(
      `${bad} of the ${n} images of ${where} cannot be read (first: ${decoded.firstError}); replace or delete them, or use --skip-bad to train on the other ${n - bad}`,
    );
  }
  const warnings = [...plan.warnings];
  let entries = plan.entries;
  if (bad > 0) {
    warnings.push(`skipped ${plural(bad, 'unreadable image')} (${bad === 1 ? '' : 'first: '}${decoded.firstError})`);
    const compact = sharedBytes((n - bad) * FACE_BYTES);
    let slot = 0;
    for (let i = 0; i < n; i++) {
      if (decoded.ok[i]) compact.set(pixels.subarray(i * FACE_BYTES, (i + 1) * FACE_BYTES), slot++ * FACE_BYTES);
    }
    pixels = compact;
    entries = entries?.filter((_, i) => decoded.ok[i] === 1) ?? null;
  }
  if (decoded.resized > 0) {
    warnings.push(`resized ${plural(decoded.resized, 'image')} that ${decoded.resized === 1 ? 'was' : 'were'} not ${FACE_SIDE}×${FACE_SIDE} (scaled to cover ${FACE_SIDE}×${FACE_SIDE}, centre-cropped)`);
  }
  const count = n - bad;
  checkCount(plan.layout, count, opts.minFaces ?? MIN_FACES, bad);
  const [nameA, nameB] = plan.attributes;
  const hair = entries ? buildLabels(entries.map((e) => e.hair), nameA) : { vocab: [], index: new Uint8Array(count) };
  const eyes = entries ? buildLabels(entries.map((e) => e.eyes), nameB) : { vocab: [], index: new Uint8Array(count) };
  return {
    count,
    pixels,
    hair: hair.index,
    eyes: eyes.index,
    hairVocab: hair.vocab,
    eyesVocab: eyes.vocab,
    attributes: plan.attributes,
    warnings,
    skippedAny: plan.skippedAny || tooMany,
  };
}

/**
 * Loads a data folder. A cache of the decoded faces, keyed by the folder's path and layout, the
 * tags file's size and mtime, and each image folder's mtime and the file count, makes later loads
 * of the same folder fast: a cached start reads no image and parses no tags.
 */
export async function loadDataFolder(dir: string, opts: LoadFolderOptions = {}): Promise<FaceDataset> {
  const absDir = resolve(dir);
  const minColourCount = opts.minColourCount ?? 10;
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  const layout = await inspectDataFolder(absDir);

  let faces = cacheDir === null ? null : await readFaceCache(cacheFilePath(cacheDir, layout.stamp), layout.stamp);
  // A cache made by skipping bad data must not let a strict load pass silently.
  if (faces?.skippedAny && !opts.skipBad) faces = null;
  let cacheWarning: string | null = null;
  if (faces) {
    opts.onProgress?.(faces.count, faces.count);
  } else {
    const plan = await planDecode(layout, { skipBad: opts.skipBad });
    checkCount(layout, plan.paths.length, opts.minFaces ?? MIN_FACES);
    faces = await decodePlan(plan, opts);
    if (cacheDir !== null) cacheWarning = await writeFaceCache(cacheDir, layout.stamp, faces);
  }

  const [nameA, nameB] = faces.attributes;
  return {
    source: layout.kind === 'tags' ? 'mlds' : 'folder',
    dir: absDir,
    count: faces.count,
    pixels: faces.pixels,
    hair: faces.hair,
    eyes: faces.eyes,
    hairVocab: faces.hairVocab,
    eyesVocab: faces.eyesVocab,
    attributes: faces.attributes,
    warnings: [
      ...faces.warnings,
      ...rareValueWarnings(faces.hairVocab, faces.hair, nameA, minColourCount),
      ...rareValueWarnings(faces.eyesVocab, faces.eyes, nameB, minColourCount),
      ...(cacheWarning ? [cacheWarning] : []),
    ],
  };
}

/** The labels part of a data set, as much as the label check below needs. */
export interface LabelSummary {
  source: FaceDataset['source'];
  dir: string | null;
  hairVocab: readonly string[];
  eyesVocab: readonly string[];
  attributes: readonly [string, string];
}

/**
 * Why a conditional model cannot learn from these labels, or null when it can: it needs labels,
 * and at least two values of each attribute to tell apart.
 */
export function labelRefusal(labels: LabelSummary, model: string): string | null {
  if (labels.source === 'drawn' || labels.dir === null) return null;
  if (labels.source === 'folder') {
    return (
      `${labels.dir} has no ${TAGS_FILE}, so its images carry no labels for ${model} to learn: add a tags file ` +
      `(${join(labels.dir, TAGS_FILE)}, lines like '12,blue hair red eyes', the images moved into images/ as <id>.jpg) or use --model dcgan`
    );
  }
  const [nameA, nameB] = labels.attributes;
  const single = labels.hairVocab.length < 2 ? { name: nameA, only: labels.hairVocab[0] } : labels.eyesVocab.length < 2 ? { name: nameB, only: labels.eyesVocab[0] } : null;
  if (!single) return null;
  return (
    `every face in ${join(labels.dir, TAGS_FILE)} has ${single.name} '${single.only ?? 'none'}': ${model} learns to tell ` +
    `the values of each attribute apart and needs two or more: add faces with other ${single.name} values, or use --model dcgan`
  );
}

/**
 * The checks a load would make, short of decoding: layout, tags file, ids without images, too
 * few faces, and (for a conditional model) the labels. Run before a dashboard opens, so bad data
 * is a line in the shell; the load itself checks again what only decoding can tell.
 */
export async function checkDataFolder(
  dir: string,
  opts: Pick<LoadFolderOptions, 'skipBad' | 'cacheDir' | 'minFaces'> & { model?: string; conditional?: boolean } = {},
): Promise<void> {
  const layout = await inspectDataFolder(resolve(dir));
  const minFaces = opts.minFaces ?? MIN_FACES;
  const source = layout.kind === 'tags' ? 'mlds' : 'folder';
  const model = opts.model ?? 'a conditional model';
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  // A cache the load will use has passed these checks once and holds their answers: a cached
  // start then parses no tags (36k lines and as many paths cost more than the cache's read).
  const cached = cacheDir === null ? null : await readFaceCache(cacheFilePath(cacheDir, layout.stamp), layout.stamp, true);
  if (cached && (opts.skipBad || !cached.skippedAny)) {
    checkCount(layout, cached.count, minFaces);
    const refusal = opts.conditional ? labelRefusal({ ...cached, source, dir: layout.dir }, model) : null;
    if (refusal) throw new DatasetError(refusal);
    return;
  }
  const plan = await planDecode(layout, { skipBad: opts.skipBad });
  checkCount(layout, plan.paths.length, minFaces);
  if (!opts.conditional) return;
  const values = (pick: (e: { hair: string; eyes: string }) => string) => [...new Set(plan.entries?.map(pick) ?? [])];
  const refusal = labelRefusal(
    { source, dir: layout.dir, hairVocab: values((e) => e.hair), eyesVocab: values((e) => e.eyes), attributes: plan.attributes },
    model,
  );
  if (refusal) throw new DatasetError(refusal);
}
