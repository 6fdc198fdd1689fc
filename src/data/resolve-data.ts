/** Which faces a run trains on: a data folder the user named, the project's default one, or drawn faces. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { FaceDataset } from './dataset.js';
import { drawFaces } from './drawn-faces.js';
import { loadDataFolder, type LoadFolderOptions } from './load-folder.js';

/** Where the project looks for data (the MLDS set) when nothing else is set, relative to the working folder. */
export const PROJECT_DATA_DIR = 'data/extra_data';
export const DEFAULT_DRAWN_COUNT = 2048;

export interface DataDirSources {
  /** The --data flag. */
  flag?: string | null;
  /** The ANIME_GAN_DATA environment variable. */
  env?: string | null;
  /** The data folder saved in the settings. */
  saved?: string | null;
  /** Overrides PROJECT_DATA_DIR; null disables the project default. */
  projectDefault?: string | null;
  /** Folder relative paths are taken from; default process.cwd(). */
  cwd?: string;
}

export interface ResolvedDataDir {
  /** Absolute folder to load, or null: train on drawn faces. */
  dir: string | null;
  from: 'flag' | 'env' | 'saved' | 'default' | 'none';
}

function expand(path: string, cwd: string): string {
  const home = path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
  return isAbsolute(home) ? home : resolve(cwd, home);
}

/**
 * --data, else ANIME_GAN_DATA, else the saved setting, else the project's data folder if it
 * exists, else none. A folder the user named is returned even when it does not exist, so that
 * loading it fails with a clear message instead of quietly training on something else.
 */
export function resolveDataDir(sources: DataDirSources): ResolvedDataDir {
  const cwd = sources.cwd ?? process.cwd();
  const named: Array<[ResolvedDataDir['from'], string | null | undefined]> = [
    ['flag', sources.flag],
    ['env', sources.env],
    ['saved', sources.saved],
  ];
  for (const [from, value] of named) {
    if (value && value.trim() !== '') return { dir: expand(value.trim(), cwd), from };
  }
  const projectDefault = sources.projectDefault === undefined ? PROJECT_DATA_DIR : sources.projectDefault;
  if (projectDefault) {
    const dir = expand(projectDefault, cwd);
    if (existsSync(dir)) return { dir, from: 'default' };
  }
  return { dir: null, from: 'none' };
}

export interface LoadFacesOptions extends LoadFolderOptions {
  /** How many faces to draw when there is no folder. Default DEFAULT_DRAWN_COUNT. */
  drawnCount?: number;
  /** Seed of the drawn faces. Default 1. */
  seed?: number;
}

/** Loads the data folder (either layout), or draws faces when `dir` is null. */
export async function loadFaces(dir: string | null, opts: LoadFacesOptions = {}): Promise<FaceDataset> {
  if (dir !== null) return loadDataFolder(dir, opts);
  const count = opts.drawnCount ?? DEFAULT_DRAWN_COUNT;
  opts.onProgress?.(0, count);
  const ds = drawFaces(count, opts.seed ?? 1);
  opts.onProgress?.(count, count);
  return ds;
}
