/**
 * Which files a data folder's faces come from, with their labels, worked out from the layout and
 * the tags file before any image is decoded: cheap enough to run as a check before a dashboard
 * opens, and what the decode then follows.
 */
import { readFile } from 'node:fs/promises';
import { extname, sep } from 'node:path';
import { DatasetError } from './dataset.js';
import { IMAGE_EXTENSIONS, IMAGES_DIR, TAGS_FILE, type DataLayout, type FolderLayout, type TagsLayout } from './layout.js';
import { parseTags, type TagEntry } from './tags.js';
import { DEFAULT_ATTRIBUTES } from '../protocol/events.js';

/** The files to decode and their labels; no pixels yet. */
export interface DecodePlan {
  layout: DataLayout;
  /** Absolute paths to decode, in the faces' order. */
  paths: string[];
  /** The same files as messages name them, relative to the data folder. */
  names: string[];
  /** The tag line of each file; null for a folder without tags. */
  entries: TagEntry[] | null;
  attributes: [string, string];
  warnings: string[];
  /** Something was dropped that only --skip-bad allows (bad lines, ids without images). */
  skippedAny: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Absolute paths of files under `dir`. Plain concatenation: path.join normalises every one of
 * tens of thousands of paths, ~100 ms of a start on a 2-core machine; names from readdir need none.
 */
function paths(dir: string, names: readonly string[]): string[] {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  return names.map((name) => prefix + name);
}

export async function planDecode(layout: DataLayout, opts: { skipBad?: boolean } = {}): Promise<DecodePlan> {
  return layout.kind === 'tags' ? planTagged(layout, opts.skipBad ?? false) : planFolder(layout);
}

function planFolder(layout: FolderLayout): DecodePlan {
  const warnings: string[] = [];
  const { otherFiles, deepFolders } = layout;
  if (otherFiles.length > 0) {
    warnings.push(`ignored ${plural(otherFiles.length, 'file')} that ${otherFiles.length === 1 ? 'is' : 'are'} not an image by its name (first: ${otherFiles[0]})`);
  }
  if (deepFolders.length > 0) {
    warnings.push(`did not look inside ${plural(deepFolders.length, 'folder')} two levels down (first: ${deepFolders[0]}): only ${layout.dir} and its direct subfolders are read`);
  }
  return {
    layout,
    paths: paths(layout.dir, layout.images),
    names: layout.images,
    entries: null,
    attributes: [...DEFAULT_ATTRIBUTES],
    warnings,
    skippedAny: false,
  };
}

/** The image of each id: `<id>.<ext>` for any extension sharp reads; .jpg first when there are two. */
function imagesById(imageNames: readonly string[]) {
  const byStem = new Map<string, { file: string; rank: number }>();
  let doubles = 0;
  let firstDouble = '';
  for (const name of imageNames) {
    const ext = extname(name);
    const rank = IMAGE_EXTENSIONS.indexOf(ext.toLowerCase());
    if (rank < 0) continue;
    const stem = name.slice(0, -ext.length);
    const had = byStem.get(stem);
    if (had) {
      doubles++;
      firstDouble ||= `${had.file} and ${name}`;
      if (rank > had.rank || (rank === had.rank && name > had.file)) continue;
    }
    byStem.set(stem, { file: name, rank });
  }
  return { byStem, doubles, firstDouble };
}

async function planTagged(layout: TagsLayout, skipBad: boolean): Promise<DecodePlan> {
  const text = await readFile(layout.tagsPath, 'utf8').catch((err: Error) => {
    throw new DatasetError(`cannot read ${layout.tagsPath} (${err.message})`);
  });
  const tags = parseTags(text, { skipBad, file: TAGS_FILE });
  const { byStem, doubles, firstDouble } = imagesById(layout.imageNames);
  const found: Array<{ entry: TagEntry; file: string }> = [];
  const missing: TagEntry[] = [];
  for (const entry of tags.entries) {
    const image = byStem.get(entry.id);
    if (image) found.push({ entry, file: image.file });
    else missing.push(entry);
  }

  const warnings = [...tags.warnings];
  if (missing.length > 0) {
    const m = missing[0]!;
    const first = `${TAGS_FILE}:${m.line} names id '${m.id}', but ${IMAGES_DIR}/ has no ${m.id}.jpg (or .png, .webp…)`;
    if (!skipBad) {
      throw new DatasetError(
        `${first}; ${missing.length} of the ${tags.entries.length} ids in ${TAGS_FILE} have no image: add the images or use --skip-bad to skip those lines`,
      );
    }
    warnings.push(`skipped ${plural(missing.length, `${TAGS_FILE} line`)} whose image is missing (first: ${TAGS_FILE}:${m.line}, id '${m.id}')`);
  }
  if (doubles > 0) {
    warnings.push(`${IMAGES_DIR}/ has ${plural(doubles, 'id')} with two images (first: ${firstDouble}); used one each, .jpg before .png before the others`);
  }
  const untagged = byStem.size - found.length;
  if (untagged > 0) {
    warnings.push(`ignored ${plural(untagged, 'image')} in ${IMAGES_DIR}/ that ${untagged === 1 ? 'has' : 'have'} no line in ${TAGS_FILE}`);
  }
  return {
    layout,
    paths: paths(`${layout.dir}${sep}${IMAGES_DIR}`, found.map((f) => f.file)),
    names: found.map((f) => `${IMAGES_DIR}/${f.file}`),
    entries: found.map((f) => f.entry),
    attributes: tags.attributes,
    warnings,
    skippedAny: tags.skippedLines > 0 || missing.length > 0,
  };
}
