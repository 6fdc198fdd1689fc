import { mkdir, readdir, rename, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/data/dataset.js';
import { FACE_BYTES } from '../../src/util/face.js';
import { loadDataFolder, type LoadFolderOptions } from '../../src/data/load-folder.js';
import { sameBytes } from './bytes.js';
import { faceDistance, makeTempDir, removeDir, writeMldsFolder } from './mlds-fixture.js';

/** These folders are small on purpose: the 64-face minimum has tests of its own. */
const loadMlds = (dir: string, opts: LoadFolderOptions = {}) => loadDataFolder(dir, { minFaces: 1, ...opts });

let tmp: string;
beforeEach(async () => {
  tmp = await makeTempDir('mlds');
});
afterEach(async () => {
  await removeDir(tmp);
});

describe('loadDataFolder on a tags layout', () => {
  it('decodes every tagged image in tags.csv order with vocabularies from the data', async () => {
    const fx = await writeMldsFolder(tmp, { count: 12 });
    const progress: Array<[number, number]> = [];
    const ds = await loadMlds(fx.dir, { cacheDir: null, onProgress: (d, t) => progress.push([d, t]) });
    expect(ds.source).toBe('mlds');
    expect(ds.dir).toBe(fx.dir);
    expect(ds.count).toBe(12);
    expect(ds.pixels.length).toBe(12 * FACE_BYTES);
    expect(ds.hairVocab).toEqual([...new Set(fx.hair)].sort());
    expect(ds.eyesVocab).toEqual([...new Set(fx.eyes)].sort());
    for (let i = 0; i < 12; i++) {
      expect(ds.hairVocab[ds.hair[i]]).toBe(fx.hair[i]);
      expect(ds.eyesVocab[ds.eyes[i]]).toBe(fx.eyes[i]);
      // JPEG is lossy, but each face must be its own image, in order.
      expect(faceDistance(ds.pixels, i, fx.source, i)).toBeLessThan(4);
    }
    expect(progress.at(-1)).toEqual([12, 12]);
    // 12 faces cannot give each colour 10 examples.
    // All rare colours of a kind in one line, each with its count.
    const rare = ds.warnings.filter((w) => /^hair '.+' \(\d+\).* on fewer than 10 faces/.test(w));
    expect(rare).toHaveLength(1);
    expect(ds.warnings.some((w) => /resized/.test(w))).toBe(false);
  });

  it('resizes images that are not 64×64, with a warning', async () => {
    const fx = await writeMldsFolder(tmp, { count: 6, small: [2] });
    const ds = await loadMlds(fx.dir, { cacheDir: null, minColourCount: 0 });
    expect(ds.count).toBe(6);
    expect(ds.warnings).toEqual(['resized 1 image that was not 64×64 (scaled to cover 64×64, centre-cropped)']);
    // Down to 32 and back up loses detail but it is still the same face.
    expect(faceDistance(ds.pixels, 2, fx.source, 2)).toBeLessThan(15);
  });

  it('fails on a tag line without its image, naming the first and the count', async () => {
    const fx = await writeMldsFolder(tmp, { count: 8, missing: [3, 5] });
    await expect(loadMlds(fx.dir, { cacheDir: null })).rejects.toThrow(
      "tags.csv:4 names id '3', but images/ has no 3.jpg (or .png, .webp…); 2 of the 8 ids in tags.csv have no image: add the images or use --skip-bad to skip those lines",
    );
  });

  it('skips tag lines without images under skipBad', async () => {
    const fx = await writeMldsFolder(tmp, { count: 8, missing: [3, 5] });
    const ds = await loadMlds(fx.dir, { cacheDir: null, skipBad: true, minColourCount: 0 });
    expect(ds.count).toBe(6);
    expect(ds.warnings).toEqual(["skipped 2 tags.csv lines whose image is missing (first: tags.csv:4, id '3')"]);
    expect(faceDistance(ds.pixels, 3, fx.source, 4)).toBeLessThan(4);
  });

  it('refuses a set with many unreadable images, naming the first, or skips them under skipBad', async () => {
    const fx = await writeMldsFolder(tmp, { count: 8, corrupt: [6] });
    const err = await loadMlds(fx.dir, { cacheDir: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(
      /^1 of the 8 images of .*\/faces\/tags\.csv cannot be read \(first: images\/6\.jpg: .+\); replace or delete them, or use --skip-bad to train on the other 7$/,
    );
    expect((err as Error).message).not.toContain('\n');

    const ds = await loadMlds(fx.dir, { cacheDir: null, skipBad: true, minColourCount: 0 });
    expect(ds.count).toBe(7);
    expect(ds.warnings).toHaveLength(1);
    expect(ds.warnings[0]).toMatch(/^skipped 1 unreadable image \(images\/6\.jpg: .+\)$/);
    expect(faceDistance(ds.pixels, 6, fx.source, 7)).toBeLessThan(4);
    expect(ds.hairVocab[ds.hair[6]]).toBe(fx.hair[7]);
  });

  it('skips a handful of unreadable images with a warning naming the first, without --skip-bad', async () => {
    const fx = await writeMldsFolder(tmp, { count: 66, corrupt: [9, 40] });
    const ds = await loadDataFolder(fx.dir, { cacheDir: null, minColourCount: 0 });
    expect(ds.count).toBe(64);
    expect(ds.warnings).toHaveLength(1);
    expect(ds.warnings[0]).toMatch(/^skipped 2 unreadable images \(first: images\/9\.jpg: .+\)$/);
    expect(ds.hairVocab[ds.hair[9]]).toBe(fx.hair[10]);
  });

  it('ignores images without tag lines, with a warning', async () => {
    const fx = await writeMldsFolder(tmp, { count: 5, untagged: 2 });
    const ds = await loadMlds(fx.dir, { cacheDir: null, minColourCount: 0 });
    expect(ds.count).toBe(5);
    expect(ds.warnings).toEqual(['ignored 2 images in images/ that have no line in tags.csv']);
  });

  it('reports a malformed tags.csv line with its number', async () => {
    const fx = await writeMldsFolder(tmp, { count: 3, extraLines: ['3;red hair blue eyes'] });
    await expect(loadMlds(fx.dir, { cacheDir: null })).rejects.toThrow(/^tags\.csv:4: expected/);
  });

  it('says how to point at data when the folder or images/ is missing, or --data names a file', async () => {
    const nowhere = join(tmp, 'nowhere');
    await expect(loadMlds(nowhere, { cacheDir: null })).rejects.toThrow(
      `data folder not found: ${nowhere} (point --data DIR or ANIME_GAN_DATA at a folder of images, or at one holding tags.csv and images/)`,
    );
    const fx = await writeMldsFolder(tmp, { count: 2 });
    await rename(join(fx.dir, 'images'), join(tmp, 'images'));
    await expect(loadMlds(fx.dir, { cacheDir: null })).rejects.toThrow(
      `${fx.dir}/tags.csv names images, but there is no images/ folder beside it: put the images in ${fx.dir}/images/ as <id>.jpg`,
    );
    await expect(loadMlds(join(fx.dir, 'tags.csv'), { cacheDir: null })).rejects.toThrow('is a file, not a data folder');
  });

  it('fails clearly when tags.csv is empty', async () => {
    const fx = await writeMldsFolder(tmp, { count: 2 });
    await writeFile(join(fx.dir, 'tags.csv'), '');
    await expect(loadMlds(fx.dir, { cacheDir: null })).rejects.toThrow('tags.csv is empty');
  });
});

describe('loadDataFolder cache', () => {
  it('writes one cache file and reads it back on the next load', async () => {
    const fx = await writeMldsFolder(tmp, { count: 10, small: [1] });
    const cacheDir = join(tmp, 'cache');
    const first = await loadMlds(fx.dir, { cacheDir });
    const files = await readdir(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^faces-[0-9a-f]{12}-[0-9a-f]{20}\.bin$/);

    // Rewriting an image in place changes neither the folder's stamp nor the file count, so
    // only a load that really used the cache still returns the original pixels.
    await writeFile(join(fx.dir, 'images', '0.jpg'), 'garbage');
    const second = await loadMlds(fx.dir, { cacheDir });
    expect(sameBytes(second.pixels, first.pixels)).toBe(true);
    expect(sameBytes(second.hair, first.hair)).toBe(true);
    expect(sameBytes(second.eyes, first.eyes)).toBe(true);
    expect(second.hairVocab).toEqual(first.hairVocab);
    expect(second.eyesVocab).toEqual(first.eyesVocab);
    expect(second.warnings).toEqual(first.warnings);
    expect(second.warnings).toContain('resized 1 image that was not 64×64 (scaled to cover 64×64, centre-cropped)');
  });

  it('recomputes colour warnings on a cached load', async () => {
    const fx = await writeMldsFolder(tmp, { count: 4 });
    const cacheDir = join(tmp, 'cache');
    const loose = await loadMlds(fx.dir, { cacheDir, minColourCount: 0 });
    expect(loose.warnings).toEqual([]);
    const strict = await loadMlds(fx.dir, { cacheDir, minColourCount: 10 });
    expect(strict.warnings.length).toBeGreaterThan(0);
  });

  it('ignores a truncated cache and rebuilds it', async () => {
    const fx = await writeMldsFolder(tmp, { count: 6 });
    const cacheDir = join(tmp, 'cache');
    const first = await loadMlds(fx.dir, { cacheDir });
    const [file] = await readdir(cacheDir);
    const fullSize = (await stat(join(cacheDir, file))).size;
    await truncate(join(cacheDir, file), fullSize - 100);
    const second = await loadMlds(fx.dir, { cacheDir });
    expect(sameBytes(second.pixels, first.pixels)).toBe(true);
    expect((await stat(join(cacheDir, file))).size).toBe(fullSize);
  });

  it('ignores a cache whose header does not match', async () => {
    const fx = await writeMldsFolder(tmp, { count: 4 });
    const cacheDir = join(tmp, 'cache');
    await loadMlds(fx.dir, { cacheDir });
    const [file] = await readdir(cacheDir);
    await writeFile(join(cacheDir, file), 'AGTFACES not really a cache');
    const ds = await loadMlds(fx.dir, { cacheDir });
    expect(ds.count).toBe(4);
  });

  it('replaces the cache when the data changes, keeping one file per folder', async () => {
    const fx = await writeMldsFolder(tmp, { count: 5 });
    const cacheDir = join(tmp, 'cache');
    await loadMlds(fx.dir, { cacheDir });
    const [before] = await readdir(cacheDir);
    await unlink(join(fx.dir, 'images', '4.jpg'));
    await writeFile(join(fx.dir, 'tags.csv'), '0,red hair blue eyes\n1,red hair blue eyes\n2,red hair red eyes\n3,red hair red eyes\n');
    const ds = await loadMlds(fx.dir, { cacheDir, minColourCount: 0 });
    expect(ds.count).toBe(4);
    expect(ds.hairVocab).toEqual(['red']);
    const after = await readdir(cacheDir);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
  });

  it('does not let a cache made with skipBad hide bad data from a strict load', async () => {
    const fx = await writeMldsFolder(tmp, { count: 5, extraLines: ['oops'] });
    const cacheDir = join(tmp, 'cache');
    const skipped = await loadMlds(fx.dir, { cacheDir, skipBad: true, minColourCount: 0 });
    expect(skipped.count).toBe(5);
    await expect(loadMlds(fx.dir, { cacheDir })).rejects.toThrow('tags.csv:6');
    const again = await loadMlds(fx.dir, { cacheDir, skipBad: true, minColourCount: 0 });
    expect(again.warnings).toEqual(skipped.warnings);
  });

  it('only warns when the cache cannot be written', async () => {
    const fx = await writeMldsFolder(tmp, { count: 3 });
    const blocker = join(tmp, 'not-a-folder');
    await writeFile(blocker, 'x');
    const ds = await loadMlds(fx.dir, { cacheDir: join(blocker, 'cache'), minColourCount: 0 });
    expect(ds.count).toBe(3);
    expect(ds.warnings).toHaveLength(1);
    expect(ds.warnings[0]).toMatch(/^could not write the face cache in .*not-a-folder\/cache \(.+\); the next start will decode the images again$/);
  });

  it('writes nothing when the cache is off', async () => {
    const fx = await writeMldsFolder(tmp, { count: 3 });
    const cacheDir = join(tmp, 'cache');
    await mkdir(cacheDir);
    await loadMlds(fx.dir, { cacheDir: null });
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('uses ANIME_GAN_CACHE when no cache folder is given', async () => {
    const fx = await writeMldsFolder(tmp, { count: 3 });
    const cacheDir = join(tmp, 'env-cache');
    const saved = process.env.ANIME_GAN_CACHE;
    process.env.ANIME_GAN_CACHE = cacheDir;
    try {
      await loadMlds(fx.dir);
    } finally {
      if (saved === undefined) delete process.env.ANIME_GAN_CACHE;
      else process.env.ANIME_GAN_CACHE = saved;
    }
    expect(await readdir(cacheDir)).toHaveLength(1);
  });
});
