/**
 * Where the native addon lives. Its sources ship inside the package (native/), and it is built
 * by the package's install step into native/build/; where that step never ran (npm told not to
 * run install scripts), the program builds it once at its first run into the user's cache, keyed
 * by package version, Node ABI and CPU architecture. Each folder's status.json says how its build
 * went, so `doctor` can say why the addon is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { defaultCacheDir, packageRoot } from '../../util/paths.js';

export const ADDON_FILE = 'anime_gan_native.node';

/** The script that compiles the addon: `node BUILD_SCRIPT [OUT_DIR]`. */
export const buildScript = join(packageRoot, 'native', 'build.cjs');

/** Where the install step builds it. */
export const installBuildDir = join(packageRoot, 'native', 'build');

function packageVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)(join(packageRoot, 'package.json')) as { version?: string };
    return pkg.version ?? '0';
  } catch {
    return '0';
  }
}

/** Where a first run builds it when the install step did not. */
export function firstRunBuildDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultCacheDir(env), 'native', `${packageVersion()}-node${process.versions.modules}-${process.platform}-${process.arch}`);
}

export type BuildStatus = { ok: true; target: string } | { ok: false; reason: string };

/** What a build folder's status.json says, or null when no build was tried there. */
export function readBuildStatus(dir: string): BuildStatus | null {
  try {
    const s = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as Partial<{ ok: boolean; target: string; reason: string }>;
    if (s.ok === true) return { ok: true, target: String(s.target ?? 'native') };
    if (s.ok === false) return { ok: false, reason: String(s.reason ?? 'unknown') };
    return null;
  } catch {
    return null;
  }
}

export interface AddonLocation {
  path: string;
  /** How it got there, for `doctor`. */
  origin: 'install' | 'first run';
}

/** The built addon to load, install build first; null when neither exists. */
export function findAddon(env: NodeJS.ProcessEnv = process.env): AddonLocation | null {
  const install = join(installBuildDir, ADDON_FILE);
  if (existsSync(install)) return { path: install, origin: 'install' };
  const firstRun = join(firstRunBuildDir(env), ADDON_FILE);
  if (existsSync(firstRun)) return { path: firstRun, origin: 'first run' };
  return null;
}

/** Why no addon was found, from the builds' own records. */
export function missingReason(env: NodeJS.ProcessEnv = process.env): string {
  const status = readBuildStatus(firstRunBuildDir(env)) ?? readBuildStatus(installBuildDir);
  if (status && !status.ok) return `not built: ${status.reason}`;
  return 'not built (the install step did not run)';
}
