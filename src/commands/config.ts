/** `anime-gan-tui config`: show saved preferences and the file's path; `set KEY VALUE`; `reset`. */
import { existsSync, statSync } from 'node:fs';
import { EYES_VOCAB, HAIR_VOCAB } from '../data/face-palette.js';
import { DEFAULT_SETTINGS, SETTING_CHECKS, isSettingKey, type Settings } from '../settings/schema.js';
import type { LoadedSettings } from '../settings/store.js';
import { UsageError } from '../util/errors.js';

/** Text from the command line to the setting's type: numbers for numeric keys, 'null'/'random' to clear. */
function parseValue(key: keyof Settings, raw: string): unknown {
  if (raw === 'null' || raw === 'none' || (raw === 'random' && (key === 'hair' || key === 'eyes'))) return null;
  if (typeof DEFAULT_SETTINGS[key] === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (key === 'diffAugmentP' && raw === 'ada') return raw;
  if (typeof DEFAULT_SETTINGS[key] === 'number' || key === 'lambda') return raw.trim() === '' ? NaN : Number(raw);
  return raw;
}

/** null means "random" for the colours, the model's own λ for lambda, "not set" otherwise. */
function show(v: unknown, key?: keyof Settings): string {
  if (v === null) return key === 'hair' || key === 'eyes' ? 'random' : key === 'lambda' ? "the model's own" : 'none';
  return String(v);
}

export function configCommand(args: string[], loaded: LoadedSettings): number {
  const out = (s: string) => process.stdout.write(s + '\n');
  const [verb, key, value, ...extra] = args;
  // `reset` is the cure for what the warnings complain about: no need to repeat them first.
  if (verb !== 'reset') for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
  if (verb === undefined) {
    out(`settings file: ${loaded.path}`);
    for (const k of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
      const source = loaded.ignored.includes(k) ? '  (default: the saved value is invalid)' : loaded.store?.has(k) ? '' : '  (default)';
      out(`  ${k.padEnd(8)} ${show(loaded.settings[k], k)}${source}`);
    }
    out(`change with 'anime-gan-tui config set KEY VALUE', or 'config reset'; flags given to a command win over these`);
    return 0;
  }
  if (verb === 'reset') {
    if (key !== undefined) throw new UsageError('usage: anime-gan-tui config reset (takes no arguments)');
    if (!loaded.store) throw new UsageError(`cannot reset: ${loaded.path} cannot be opened; remove it by hand`);
    loaded.store.clear();
    out(`settings reset to defaults (${loaded.path})`);
    return 0;
  }
  if (verb === 'set') {
    if (key === undefined || value === undefined || extra.length) throw new UsageError('usage: anime-gan-tui config set KEY VALUE');
    if (!isSettingKey(key)) throw new UsageError(`unknown setting '${key}': use one of ${Object.keys(DEFAULT_SETTINGS).join(', ')}`);
    const parsed = parseValue(key, value);
    const problem = SETTING_CHECKS[key](parsed) ?? typedColourProblem(key, parsed) ?? dataDirProblem(key, parsed);
    if (problem) throw new UsageError(`${key} ${problem}, got '${value}'`);
    if (!loaded.store) throw new UsageError(`cannot save: ${loaded.path} cannot be opened; remove it by hand`);
    loaded.store.set(key, parsed as never);
    const replaced = loaded.corrupt ? '; the unreadable old file was replaced' : '';
    out(`${key} = ${show(parsed, key)} (saved in ${loaded.path}${replaced})`);
    return 0;
  }
  throw new UsageError(`unknown config action '${verb}': use 'config', 'config set KEY VALUE' or 'config reset'`);
}

/**
 * A colour typed here must be one of the MLDS tags (or random): a typo would otherwise be saved
 * and only surface later in the generate view. The view itself saves whatever colour a run
 * offers, so a saved file may hold another data set's colour; only typing is held to MLDS's.
 */
function typedColourProblem(key: keyof Settings, value: unknown): string | null {
  if ((key !== 'hair' && key !== 'eyes') || value === null) return null;
  const known = key === 'hair' ? HAIR_VOCAB : EYES_VOCAB;
  return known.includes(value as string) ? null : `must be random or one of ${known.join(', ')}`;
}

/** A data folder typed here must at least exist; train checks its layout when it starts. */
function dataDirProblem(key: keyof Settings, value: unknown): string | null {
  if (key !== 'dataDir' || value === null) return null;
  return existsSync(value as string) && statSync(value as string).isDirectory() ? null : 'must be an existing folder (or none)';
}
