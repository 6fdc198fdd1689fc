/** Where the program finds its own files and keeps its caches. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's own folder (two levels above src/util/… and dist/util/…). */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * ANIME_GAN_CACHE, else $XDG_CACHE_HOME/anime-gan-tui, else ~/.cache/anime-gan-tui: decoded
 * faces, trained judges and the first-run build of the native kernels all live under it.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ANIME_GAN_CACHE) return env.ANIME_GAN_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'anime-gan-tui');
}
