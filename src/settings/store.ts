/**
 * Preferences saved with conf. A corrupt file or an invalid value costs a one-line warning and the
 * default, never a crash: precedence is flags > saved > defaults.
 */
import Conf from 'conf';
import { DEFAULT_SETTINGS, SETTING_CHECKS, type Settings } from './schema.js';

export interface LoadedSettings {
  settings: Settings;
  warnings: string[];
  path: string;
  store: Conf<Partial<Settings>> | null;
}

function openStore(): Conf<Partial<Settings>> {
  return new Conf<Partial<Settings>>({
    projectName: 'anime-gan-tui',
    projectSuffix: '',
    // Tests and sandboxes point this elsewhere.
    ...(process.env.ANIME_GAN_CONFIG_DIR ? { cwd: process.env.ANIME_GAN_CONFIG_DIR } : {}),
  });
}

export function loadSettings(): LoadedSettings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const warnings: string[] = [];
  let store: Conf<Partial<Settings>>;
  try {
    store = openStore();
  } catch (err) {
    const where = process.env.ANIME_GAN_CONFIG_DIR ?? 'the config folder';
    warnings.push(`saved settings in ${where} are unreadable (${firstLine(err)}); using defaults (run 'anime-gan-tui config reset' to fix)`);
    return { settings, warnings, path: where, store: null };
  }
  const saved = store.store as Record<string, unknown>;
  for (const [key, check] of Object.entries(SETTING_CHECKS) as Array<[keyof Settings, (v: unknown) => string | null]>) {
    if (!(key in saved)) continue;
    const problem = check(saved[key]);
    if (problem) warnings.push(`saved setting ${key}=${JSON.stringify(saved[key])} ignored: it ${problem}`);
    else (settings as unknown as Record<string, unknown>)[key] = saved[key];
  }
  return { settings, warnings, path: store.path, store };
}

export function saveSettings(loaded: LoadedSettings, patch: Partial<Settings>): void {
  if (!loaded.store) return;
  try {
    for (const [k, v] of Object.entries(patch)) loaded.store.set(k, v);
  } catch {
    // Preferences are a convenience: failing to save them must not end a run.
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!;
}
