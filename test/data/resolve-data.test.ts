import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/data/dataset.js';
import { DEFAULT_DRAWN_COUNT, loadFaces, resolveDataDir } from '../../src/data/resolve-data.js';
import { makeTempDir, removeDir, writeMldsFolder } from './mlds-fixture.js';

let tmp: string;
beforeEach(async () => {
  tmp = await makeTempDir('resolve');
});
afterEach(async () => {
  await removeDir(tmp);
});

describe('resolveDataDir', () => {
  it('prefers the flag, then the env var, then the saved setting, then the project folder', async () => {
    await mkdir(join(tmp, 'data', 'extra_data'), { recursive: true });
    const all = { flag: '/f', env: '/e', saved: '/s', cwd: tmp };
    expect(resolveDataDir(all)).toEqual({ dir: '/f', from: 'flag' });
    expect(resolveDataDir({ ...all, flag: null })).toEqual({ dir: '/e', from: 'env' });
    expect(resolveDataDir({ ...all, flag: undefined, env: '' })).toEqual({ dir: '/s', from: 'saved' });
    expect(resolveDataDir({ cwd: tmp })).toEqual({ dir: join(tmp, 'data', 'extra_data'), from: 'default' });
  });

  it('falls back to drawn faces only when nothing is named and the project folder is absent', () => {
    expect(resolveDataDir({ cwd: tmp })).toEqual({ dir: null, from: 'none' });
    expect(resolveDataDir({ cwd: tmp, projectDefault: null })).toEqual({ dir: null, from: 'none' });
  });

  it('returns a named folder that does not exist, so that loading it fails loudly', () => {
    expect(resolveDataDir({ flag: 'missing', cwd: tmp })).toEqual({ dir: join(tmp, 'missing'), from: 'flag' });
    expect(resolveDataDir({ saved: '/no/such/place', cwd: tmp })).toEqual({ dir: '/no/such/place', from: 'saved' });
  });

  it('resolves relative paths against cwd and expands ~', async () => {
    await mkdir(join(tmp, 'mine'));
    expect(resolveDataDir({ env: 'a/b', cwd: tmp }).dir).toBe(join(tmp, 'a', 'b'));
    expect(resolveDataDir({ saved: '~/faces', cwd: tmp }).dir).toBe(join(homedir(), 'faces'));
    expect(resolveDataDir({ projectDefault: 'mine', cwd: tmp })).toEqual({ dir: join(tmp, 'mine'), from: 'default' });
  });
});

describe('loadFaces', () => {
  it('draws faces when there is no folder', async () => {
    const ds = await loadFaces(null, { drawnCount: 32, seed: 4 });
    expect(ds.source).toBe('drawn');
    expect(ds.count).toBe(32);
    const again = await loadFaces(null, { drawnCount: 32, seed: 4 });
    expect(Buffer.from(again.pixels).equals(Buffer.from(ds.pixels))).toBe(true);
  });

  it('draws the default number of faces', async () => {
    expect((await loadFaces(null)).count).toBe(DEFAULT_DRAWN_COUNT);
  });

  it('loads an MLDS folder, and fails clearly on a missing one', async () => {
    const fx = await writeMldsFolder(tmp, { count: 4 });
    const ds = await loadFaces(fx.dir, { cacheDir: null, minFaces: 1 });
    expect(ds.source).toBe('mlds');
    expect(ds.count).toBe(4);
    await expect(loadFaces(join(tmp, 'gone'), { cacheDir: null })).rejects.toBeInstanceOf(DatasetError);
  });
});
