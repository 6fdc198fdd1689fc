/** `anime-gan-tui config`: show saved preferences and the file's path; `set KEY VALUE`; `reset`. */
import { DEFAULT_SETTINGS, SETTING_CHECKS, isSettingKey, type Settings } from '../settings/schema.js';
import type { LoadedSettings } from '../settings/store.js';
import { UsageError } from '../cli/usage-error.js';

/** Text from the command line to the setting's type: numbers for numeric keys, 'null'/'random' to clear. */
function parseValue(key: keyof Settings, raw: string): unknown {
  if (raw === 'null' || raw === 'none' || (raw === 'random' && (key === 'hair' || key === 'eyes'))) return null;
  return typeof DEFAULT_SETTINGS[key] === 'number' || key === 'lambda' ? Number(raw) : raw;
}

export function configCommand(args: string[], loaded: LoadedSettings): number {
  const out = (s: string) => process.stdout.write(s + '\n');
  for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
  const [verb, key, value, ...extra] = args;
  if (verb === undefined) {
    out(`settings file: ${loaded.path}`);
    for (const k of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
      const v = loaded.settings[k];
      const saved = loaded.store?.has(k) ? '' : '  (default)';
      out(`  ${k.padEnd(8)} ${v === null ? 'none' : String(v)}${saved}`);
    }
    return 0;
  }
  if (verb === 'reset') {
    if (!loaded.store) throw new UsageError(`cannot reset: the settings file ${loaded.path} cannot be opened; delete it by hand`);
    loaded.store.clear();
    out(`settings reset to defaults (${loaded.path})`);
    return 0;
  }
  if (verb === 'set') {
    if (key === undefined || value === undefined || extra.length) throw new UsageError('usage: anime-gan-tui config set KEY VALUE');
    if (!isSettingKey(key)) throw new UsageError(`unknown setting '${key}': use one of ${Object.keys(DEFAULT_SETTINGS).join(', ')}`);
    const parsed = parseValue(key, value);
    const problem = SETTING_CHECKS[key](parsed);
    if (problem) throw new UsageError(`${key} ${problem}, got '${value}'`);
    if (!loaded.store) throw new UsageError(`cannot save: the settings file ${loaded.path} cannot be opened (run 'anime-gan-tui config reset')`);
    loaded.store.set(key, parsed as never);
    out(`${key} = ${parsed === null ? 'none' : String(parsed)} (saved in ${loaded.path})`);
    return 0;
  }
  throw new UsageError(`unknown config action '${verb}': use 'config', 'config set KEY VALUE' or 'config reset'`);
}
