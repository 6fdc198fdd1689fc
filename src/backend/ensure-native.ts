/**
 * The first-run build of the native CPU kernels, for installs whose install step never ran (npm
 * told to skip install scripts): the sources ship inside the package, so the program compiles
 * them once into the user's cache and every later run loads that. Tried once per package
 * version and Node ABI; a failure is recorded there and `doctor` reports it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildScript, findAddon, firstRunBuildDir, installBuildDir, readBuildStatus } from './kernels/native-location.js';

/** Builds the addon when nothing has tried yet; returns a line for the user about what happened, or null. */
export function ensureNativeBuilt(env: NodeJS.ProcessEnv = process.env): string | null {
  const off = env.ANIME_GAN_NATIVE;
  if (off === '0' || off === 'off' || process.platform === 'win32') return null;
  if (findAddon(env)) return null;
  // The install step tried (and failed: its reason is on record), or a first run already tried.
  if (readBuildStatus(installBuildDir) || readBuildStatus(firstRunBuildDir(env))) return null;
  if (!existsSync(buildScript)) return null;
  const out = firstRunBuildDir(env);
  process.stderr.write('anime-gan-tui: building the native CPU kernels for this machine (once, about 20 s)…\n');
  const result = spawnSync(process.execPath, [buildScript, out], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  const status = readBuildStatus(out);
  if (status?.ok) return 'anime-gan-tui: native CPU kernels built';
  const why = status && !status.ok ? status.reason : result.error ? result.error.message : 'the build stopped';
  return `anime-gan-tui: native CPU kernels not built (${why}); training uses the slower wasm kernels (see: anime-gan-tui doctor)`;
}
