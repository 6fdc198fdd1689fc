import { mkdir, readdir, readFile, rename, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/data/dataset.js';
import { FACE_BYTES } from '../../src/util/face.js';
import { checkDataFolder, loadDataFolder } from '../../src/data/load-folder.js';
import { sameBytes } from './bytes.js';
import { makeTempDir, removeDir, writeImageFolder, writeMldsFolder } from './mlds-fixture.js';

let tmp: string;
beforeEach(async () => {
  tmp = await makeTempDir('folder');
});
afterEach(async () => {
  await removeDir(tmp);
});

/** The message of the DatasetError `p` rejects with; fails the test if it resolves. */
async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DatasetError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

/** An RGB image of `w`×`h` whose columns are filled by `colour(x)`. */
function stripes(w: number, h: number, colour: (x: number) => [number, number, number]) {
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(colour(x), (y * w + x) * 3);
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } });
}

describe('a plain folder of images', () => {
  it('loads PNG, JPEG and WebP of any size from the folder and its subfolders, in name order, without labels', async () => {
    const fx = await writeImageFolder(tmp, {
      count: 70,
      name: (i) => (i < 40 ? `${String(i).padStart(2, '0')}.${i % 2 ? 'jpg' : 'png'}` : `more/${i}.${i % 3 ? 'JPEG' : 'webp'}`),
    });
    await writeFile(join(fx.dir, 'README.md'), 'where these came from');
    await writeFile(join(fx.dir, '.DS_Store'), 'finder junk');
    await mkdir(join(fx.dir, 'more', 'deeper'));
    await writeFile(join(fx.dir, 'more', 'deeper', 'x.png'), 'never read');
    const ds = await loadDataFolder(fx.dir, { cacheDir: null });
    expect(ds.source).toBe('folder');
    expect(ds.count).toBe(70);
    expect(ds.pixels.length).toBe(70 * FACE_BYTES);
    expect(ds.hairVocab).toEqual([]);
    expect(ds.eyesVocab).toEqual([]);
    expect(ds.hair.every((v) => v === 0)).toBe(true);
    expect(ds.warnings).toEqual([
      'ignored 1 file that is not an image by its name (first: README.md)',
      `did not look inside 1 folder two levels down (first: more/deeper): only ${fx.dir} and its direct subfolders are read`,
      // 64×64 is every third image (0, 3, …, 69): the rest were scaled.
      'resized 46 images that were not 64×64 (scaled to cover 64×64, centre-cropped)',
    ]);
  });

  it('scales an image of another shape to cover 64×64 and keeps its centre; transparency lies on white', async () => {
    const dir = join(tmp, 'shapes');
    // Named so that the two test images sort first.
    const fx = await writeImageFolder(tmp, { count: 64, name: (i) => `f${i}.png` });
    await rename(fx.dir, dir);
    // 128×64: red | green (the middle 64 columns) | blue. Cropping keeps the green only.
    await stripes(128, 64, (x) => (x < 32 ? [255, 0, 0] : x < 96 ? [0, 255, 0] : [0, 0, 255])).png().toFile(join(dir, 'aa-wide.png'));
    const clear = Buffer.alloc(32 * 32 * 4); // every pixel transparent black
    await sharp(clear, { raw: { width: 32, height: 32, channels: 4 } }).png().toFile(join(dir, 'ab-clear.png'));
    const ds = await loadDataFolder(dir, { cacheDir: null });
    const wide = ds.pixels.subarray(0, FACE_BYTES);
    for (let p = 0; p < 64 * 64; p++) expect([wide[p * 3], wide[p * 3 + 1], wide[p * 3 + 2]]).toEqual([0, 255, 0]);
    const clearFace = ds.pixels.subarray(FACE_BYTES, 2 * FACE_BYTES);
    expect(clearFace.every((v) => v === 255)).toBe(true);
  });

  it('reads linked images and folders (a set linked in, not copied)', async () => {
    const fx = await writeImageFolder(tmp, { count: 64 });
    const linked = join(tmp, 'linked');
    await mkdir(join(linked, 'sub'), { recursive: true });
    for (const name of fx.names.slice(0, 32)) await symlink(join(fx.dir, name), join(linked, name));
    for (const name of fx.names.slice(32)) await symlink(join(fx.dir, name), join(linked, 'sub', name));
    await symlink(join(linked, 'sub'), join(linked, 'also'));
    const ds = await loadDataFolder(linked, { cacheDir: null });
    expect(ds.count).toBe(96);
  });

  it('skips a few unreadable images with a warning; refuses many, and a folder where none can be read', async () => {
    const fx = await writeImageFolder(tmp, { count: 66 });
    await writeFile(join(fx.dir, '1.jpg'), 'not a jpeg');
    const few = await loadDataFolder(fx.dir, { cacheDir: null });
    expect(few.count).toBe(65);
    expect(few.warnings[0]).toMatch(/^skipped 1 unreadable image \(1\.jpg: .+\)$/);

    for (const name of fx.names.slice(2, 20)) await writeFile(join(fx.dir, name), 'garbage');
    expect(await refusal(loadDataFolder(fx.dir, { cacheDir: null }))).toMatch(
      new RegExp(`^19 of the 66 images of ${fx.dir} cannot be read \\(first: 1\\.jpg: .+\\); replace or delete them, or use --skip-bad to train on the other 47$`),
    );
    // --skip-bad takes what it can, but 47 faces are still too few.
    expect(await refusal(loadDataFolder(fx.dir, { cacheDir: null, skipBad: true }))).toBe(
      `only 47 of the 66 images of ${fx.dir} can be read; training needs at least 64: add images, or point --data at a bigger set`,
    );

    for (const name of fx.names) await writeFile(join(fx.dir, name), 'garbage');
    expect(await refusal(loadDataFolder(fx.dir, { cacheDir: null, skipBad: true }))).toMatch(
      new RegExp(`^none of the 66 images of ${fx.dir} can be read \\(first: 0\\.png: .+\\): use images sharp reads \\(jpg, png, webp, gif, avif, tiff\\)$`),
    );
  });

  it('refuses fewer than 64 images, and a folder with none, saying what to do', async () => {
    const fx = await writeImageFolder(tmp, { count: 10 });
    expect(await refusal(loadDataFolder(fx.dir, { cacheDir: null }))).toBe(
      `${fx.dir} holds only 10 images; training needs at least 64: add images, or point --data at a bigger set`,
    );
    expect(await refusal(checkDataFolder(fx.dir))).toContain('holds only 10 images');
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    await writeFile(join(empty, 'notes.txt'), 'hello');
    expect(await refusal(loadDataFolder(empty, { cacheDir: null }))).toBe(
      `no images in ${empty} or its subfolders (only 1 other file, like notes.txt): point --data DIR or ANIME_GAN_DATA at a folder of images, or at one holding tags.csv and images/ (jpg, jpeg, png, webp, gif, avif, tif, tiff)`,
    );
    // One level too high: the data set is a subfolder with its own tags file.
    const fx2 = await writeMldsFolder(join(tmp, 'parent'), { count: 2 });
    expect(await refusal(loadDataFolder(join(tmp, 'parent'), { cacheDir: null }))).toBe(
      `no images in ${join(tmp, 'parent')} or its subfolders, but ${fx2.dir} holds tags.csv: point --data at that folder`,
    );
  });

  it('refuses a conditional model without a tags file; a DCGAN may train on it', async () => {
    const fx = await writeImageFolder(tmp, { count: 64 });
    await checkDataFolder(fx.dir, { conditional: false });
    expect(await refusal(checkDataFolder(fx.dir, { conditional: true, model: 'acgan' }))).toBe(
      `${fx.dir} has no tags.csv, so its images carry no labels for acgan to learn: add a tags file (${fx.dir}/tags.csv, lines like '12,blue hair red eyes', the images moved into images/ as <id>.jpg) or use --model dcgan`,
    );
  });
});

describe('layouts side by side', () => {
  it('refuses a tags file with images beside it rather than guess which set is meant', async () => {
    const fx = await writeMldsFolder(tmp, { count: 4 });
    await writeFile(join(fx.dir, 'stray.png'), await stripes(8, 8, () => [1, 2, 3]).png().toBuffer());
    expect(await refusal(loadDataFolder(fx.dir, { cacheDir: null }))).toBe(
      `${fx.dir} holds tags.csv and also 1 image beside it (first: stray.png); the images a tags file names go in images/: move them there, or remove tags.csv to train --model dcgan on every image`,
    );
  });

  it('refuses a conditional model when every face has the same value of an attribute', async () => {
    const fx = await writeMldsFolder(tmp, { count: 64, attributes: ['hair', 'mouth'], values: (i) => ['long', i % 2 ? 'smile' : 'open'] });
    expect(await refusal(checkDataFolder(fx.dir, { conditional: true, model: 'acgan' }))).toBe(
      `every face in ${fx.dir}/tags.csv has hair 'long': acgan learns to tell the values of each attribute apart and needs two or more: add faces with other hair values, or use --model dcgan`,
    );
    await checkDataFolder(fx.dir, { conditional: false });
  });

  it('keeps separate caches for a folder read without and then with a tags file', async () => {
    const fx = await writeMldsFolder(tmp, { count: 64, attributes: ['hair', 'mouth'], values: (i) => [i % 3 ? 'long' : 'short', i % 2 ? 'smile' : 'open'] });
    const cacheDir = join(tmp, 'cache');
    await rename(join(fx.dir, 'tags.csv'), join(tmp, 'tags.csv'));
    const plain = await loadDataFolder(fx.dir, { cacheDir });
    expect(plain.source).toBe('folder');
    expect(plain.hairVocab).toEqual([]);
    await rename(join(tmp, 'tags.csv'), join(fx.dir, 'tags.csv'));
    const tagged = await loadDataFolder(fx.dir, { cacheDir, minColourCount: 0 });
    expect(tagged.source).toBe('mlds');
    expect(tagged.attributes).toEqual(['hair', 'mouth']);
    expect(tagged.hairVocab).toEqual(['long', 'short']);
    expect(tagged.eyesVocab).toEqual(['open', 'smile']);
    // The faces are the same files in another order (tags order, not name order).
    expect(sameBytes(tagged.pixels, plain.pixels)).toBe(false);
    const again = await loadDataFolder(fx.dir, { cacheDir, minColourCount: 0 });
    expect(again.attributes).toEqual(['hair', 'mouth']);
    expect(sameBytes(again.pixels, tagged.pixels)).toBe(true);
    expect(await readdir(cacheDir)).toHaveLength(1);
  });

  it('notices a file added to a subfolder of a plain folder', async () => {
    const fx = await writeImageFolder(tmp, { count: 64, name: (i) => `sub/${i}.png` });
    const cacheDir = join(tmp, 'cache');
    expect((await loadDataFolder(fx.dir, { cacheDir })).count).toBe(64);
    await writeFile(join(fx.dir, 'sub', 'extra.png'), await stripes(64, 64, () => [9, 9, 9]).png().toBuffer());
    expect((await loadDataFolder(fx.dir, { cacheDir })).count).toBe(65);
  });

  it('checks before a start from the cache the load will use, and from the tags file without one', async () => {
    const fx = await writeMldsFolder(tmp, { count: 64, values: (i) => ['blue', i % 2 ? 'red' : 'green'] });
    const cacheDir = join(tmp, 'cache');
    const strict = { cacheDir, conditional: true, model: 'acgan' };
    // A whole second, which setting it again gives back exactly (stat's mtime has more digits).
    const tags = join(fx.dir, 'tags.csv');
    await utimes(tags, 1_700_000_000, 1_700_000_000);
    await loadDataFolder(fx.dir, { cacheDir, minColourCount: 0 });
    expect(await refusal(checkDataFolder(fx.dir, strict))).toMatch(/has hair 'blue'/);
    // The same size and mtime: the cache still stands for the file, so its answers are used.
    const text = await readFile(tags, 'utf8');
    await writeFile(tags, text.replace('0,blue hair', '0;blue hair'));
    await utimes(tags, 1_700_000_000, 1_700_000_000);
    await checkDataFolder(fx.dir, { cacheDir });
    expect(await refusal(checkDataFolder(fx.dir, { cacheDir: null }))).toMatch(/^tags\.csv:1: expected/);
  });

  it('does not take a cache made with --skip-bad as leave for a strict start', async () => {
    const fx = await writeMldsFolder(tmp, { count: 64, extraLines: ['oops'] });
    const cacheDir = join(tmp, 'cache');
    await loadDataFolder(fx.dir, { cacheDir, skipBad: true, minColourCount: 0 });
    await checkDataFolder(fx.dir, { cacheDir, skipBad: true });
    expect(await refusal(checkDataFolder(fx.dir, { cacheDir }))).toMatch(/^tags\.csv:65: expected/);
  });
});
