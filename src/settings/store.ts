/**
 * Preferences saved with conf. A corrupt file or an invalid value costs a one-line warning and the
 * default, never a crash: precedence is flags > saved > defaults.
 */
import path from 'node:path';
import Conf from 'conf';
import { DEFAULT_SETTINGS, SETTING_CHECKS, type Settings } from './schema.js';
import { firstLine } from '../util/errors.js';

export interface LoadedSettings {
  settings: Settings;
  warnings: string[];
  /** The settings file (or, when even that cannot be worked out, the folder it would be in). */
  path: string;
  store: Conf<Partial<Settings>> | null;
  /** Keys whose saved value was refused, so the default stands in. */
  ignored: Array<keyof Settings>;
  /** The file exists but is not a JSON object: read as empty, and only an explicit `config set/reset` overwrites it. */
  corrupt: boolean;
}

function openStore(onCorrupt: (why: string) => void): Conf<Partial<Settings>> {
  return new Conf<Partial<Settings>>({
    projectName: 'anime-gan-tui',
    projectSuffix: '',
    // Tests and sandboxes point this elsewhere.
    ...(process.env.ANIME_GAN_CONFIG_DIR ? { cwd: process.env.ANIME_GAN_CONFIG_DIR } : {}),
    // conf throws on a file it cannot parse, from its constructor and from every get/set. Reading
    // such a file as empty keeps a typo in a hand-edited file from stopping the program.
    deserialize: (text: string) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        onCorrupt(firstLine(err));
        return {};
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        onCorrupt('not a JSON object');
        return {};
      }
      return value as Partial<Settings>;
    },
  });
}

export function loadSettings(): LoadedSettings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const warnings: string[] = [];
  const ignored: Array<keyof Settings> = [];
  let corruptWhy: string | null = null;
  let store: Conf<Partial<Settings>>;
  let saved: Record<string, unknown>;
  try {
    store = openStore((why) => (corruptWhy ??= why));
    saved = store.store as Record<string, unknown>;
  } catch (err) {
    // Unreadable (permissions, a folder in the file's place): nothing can be saved this run.
    const dir = process.env.ANIME_GAN_CONFIG_DIR;
    const where = dir ? path.join(dir, 'config.json') : 'the settings file';
    warnings.push(`saved settings in ${where} are unreadable (${firstLine(err)}); using defaults`);
    return { settings, warnings, path: where, store: null, ignored, corrupt: false };
  }
  if (corruptWhy !== null) {
    warnings.push(`saved settings in ${store.path} are unreadable (${corruptWhy}); using defaults (run 'anime-gan-tui config reset' to fix)`);
  }
  for (const [key, check] of Object.entries(SETTING_CHECKS) as Array<[keyof Settings, (v: unknown) => string | null]>) {
    if (!Object.hasOwn(saved, key)) continue;
    const problem = check(saved[key]);
    if (problem) {
      warnings.push(`saved setting ${key}=${JSON.stringify(saved[key])} ignored: it ${problem}`);
      ignored.push(key);
    } else (settings as unknown as Record<string, unknown>)[key] = saved[key];
  }
  return { settings, warnings, path: store.path, store, ignored, corrupt: corruptWhy !== null };
}

/** Remembers choices made in passing (the generate view's hair and eyes). Never throws. */
export function saveSettings(loaded: LoadedSettings, patch: Partial<Settings>): void {
  // A corrupt file is the user's to fix or reset; a passing save must not replace it unasked.
  if (!loaded.store || loaded.corrupt) return;
  try {
    for (const [k, v] of Object.entries(patch)) loaded.store.set(k, v);
  } catch {
    // Preferences are a convenience: failing to save them must not end a run.
  }
}
