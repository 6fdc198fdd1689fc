/**
 * What a data folder holds, found from names and stats alone (no image is opened):
 *
 *   tags layout    DIR/tags.csv + DIR/images/<id>.<ext>      labelled faces, any model
 *   folder layout  DIR/*.<ext> and DIR/<sub>/*.<ext>          unlabelled faces, dcgan only
 *
 * A folder is read one level deep so that both a flat folder and one sorted into subfolders
 * (by source, by class, or a downloaded set's own images/) work as they come; deeper folders
 * are left alone and counted in a warning. Hidden entries (.DS_Store, .git) are never read.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DatasetError } from './dataset.js';
import type { FolderStamp } from './face-cache.js';

export const TAGS_FILE = 'tags.csv';
export const IMAGES_DIR = 'images';
/** What sharp reads (libvips' loaders in sharp's prebuilt binaries), by file extension. */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.avif', '.tif', '.tiff'];
export const POINT_AT_DATA =
  'point --data DIR or ANIME_GAN_DATA at a folder of images, or at one holding tags.csv and images/';

export interface TagsLayout {
  kind: 'tags';
  dir: string;
  tagsPath: string;
  /** File names in images/, in no particular order. */
  imageNames: string[];
  stamp: FolderStamp;
}

export interface FolderLayout {
  kind: 'folder';
  dir: string;
  /** Image paths relative to dir ('a.png', 'sub/b.jpg'), sorted: the faces' order. */
  images: string[];
  /** Files that are not images by their extension (relative paths), ignored. */
  otherFiles: string[];
  /** Folders two levels down, not read. */
  deepFolders: string[];
  stamp: FolderStamp;
}

export type DataLayout = TagsLayout | FolderLayout;

export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new DatasetError(`cannot read ${path} (${(err as Error).message})`);
  }
}

async function readDir(path: string) {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (err) {
    throw new DatasetError(`cannot read ${path} (${(err as Error).message})`);
  }
}

interface Listing {
  images: string[];
  folders: string[];
  others: string[];
}

/**
 * Sorts one folder's entries by name alone where it can: an image extension means an image (a
 * symlinked set of 36k files would otherwise cost 36k stats), a directory entry a folder; only a
 * link without an image extension is followed to see which it is.
 */
async function listFolder(path: string): Promise<Listing> {
  const out: Listing = { images: [], folders: [], others: [] };
  for (const entry of await readDir(path)) {
    const name = entry.name;
    if (name.startsWith('.')) continue;
    if (entry.isDirectory()) out.folders.push(name);
    else if (isImageName(name)) out.images.push(name);
    else if (entry.isSymbolicLink() && (await statOrNull(join(path, name)))?.isDirectory()) out.folders.push(name);
    else out.others.push(name);
  }
  return out;
}

/** Reads the folder's layout, or throws a one-line DatasetError saying what to point --data at. */
export async function inspectDataFolder(dir: string): Promise<DataLayout> {
  const dirStat = await statOrNull(dir);
  if (!dirStat) throw new DatasetError(`data folder not found: ${dir} (${POINT_AT_DATA})`);
  if (!dirStat.isDirectory()) throw new DatasetError(`${dir} is a file, not a data folder (${POINT_AT_DATA})`);
  const tagsPath = join(dir, TAGS_FILE);
  const tagsStat = await statOrNull(tagsPath);
  if (tagsStat?.isFile()) return inspectTagged(dir, tagsPath, tagsStat);
  return inspectPlain(dir, dirStat.mtimeMs);
}

async function inspectTagged(dir: string, tagsPath: string, tagsStat: { size: number; mtimeMs: number }): Promise<TagsLayout> {
  const imagesPath = join(dir, IMAGES_DIR);
  const imagesStat = await statOrNull(imagesPath);
  const top = await listFolder(dir);
  // Images beside the tags file: whether they belong to it or are another set is anyone's guess.
  if (top.images.length > 0) {
    throw new DatasetError(
      `${dir} holds ${TAGS_FILE} and also ${plural(top.images.length, 'image')} beside it (first: ${top.images.sort()[0]}); ` +
        `the images a tags file names go in ${IMAGES_DIR}/: move them there, or remove ${TAGS_FILE} to train --model dcgan on every image`,
    );
  }
  if (!imagesStat?.isDirectory()) {
    throw new DatasetError(`${tagsPath} names images, but there is no ${IMAGES_DIR}/ folder beside it: put the images in ${join(dir, IMAGES_DIR)}/ as <id>.jpg (or .png, .webp…)`);
  }
  const imageNames = (await readDir(imagesPath)).map((e) => e.name).filter((n) => !n.startsWith('.'));
  return {
    kind: 'tags',
    dir,
    tagsPath,
    imageNames,
    stamp: {
      dir,
      layout: 'tags',
      tagsSize: tagsStat.size,
      tagsMtimeMs: tagsStat.mtimeMs,
      folders: [[IMAGES_DIR, imagesStat.mtimeMs]],
      imageCount: imageNames.length,
    },
  };
}

async function inspectPlain(dir: string, dirMtimeMs: number): Promise<FolderLayout> {
  const top = await listFolder(dir);
  const images = [...top.images];
  const otherFiles = [...top.others];
  const deepFolders: string[] = [];
  // A file added or removed changes its own folder's mtime only, so each read folder's is in the stamp.
  const folders: Array<[string, number]> = [['.', dirMtimeMs]];
  const subs = await Promise.all(
    top.folders.map(async (name) => ({ name, list: await listFolder(join(dir, name)), mtimeMs: (await stat(join(dir, name))).mtimeMs })),
  );
  for (const { name, list, mtimeMs } of subs) {
    folders.push([name, mtimeMs]);
    for (const f of list.images) images.push(`${name}/${f}`);
    for (const f of list.others) otherFiles.push(`${name}/${f}`);
    for (const f of list.folders) deepFolders.push(`${name}/${f}`);
  }
  // Code-unit order: the same on every machine, so a seed shuffles the same faces the same way.
  images.sort();
  otherFiles.sort();
  deepFolders.sort();
  folders.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (images.length === 0) {
    // Pointed one level too high, at the folder that holds the data set: say which one to use.
    const tagged = subs.find((sub) => sub.list.others.includes(TAGS_FILE));
    if (tagged) {
      throw new DatasetError(`no images in ${dir} or its subfolders, but ${join(dir, tagged.name)} holds ${TAGS_FILE}: point --data at that folder`);
    }
    const seen = otherFiles.length > 0 ? ` (only ${plural(otherFiles.length, 'other file')}, like ${otherFiles[0]})` : '';
    throw new DatasetError(
      `no images in ${dir} or its subfolders${seen}: ${POINT_AT_DATA} (${IMAGE_EXTENSIONS.map((e) => e.slice(1)).join(', ')})`,
    );
  }
  return {
    kind: 'folder',
    dir,
    images,
    otherFiles,
    deepFolders,
    stamp: { dir, layout: 'folder', tagsSize: 0, tagsMtimeMs: 0, folders, imageCount: images.length },
  };
}
