/**
 * The run folders this user's trainers have started, wherever they are (`--run /elsewhere/r`), so
 * `runs` can list them beside those under checkpoints/. Kept as runs.json next to the saved
 * settings (ANIME_GAN_CONFIG_DIR moves both). Remembering is a convenience: it never fails a run.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';

interface Registry {
  runs: Array<{ dir: string; added: number }>;
}

function openRegistry(): Conf<Registry> {
  return new Conf<Registry>({
    projectName: 'anime-gan-tui',
    projectSuffix: '',
    configName: 'runs',
    ...(process.env.ANIME_GAN_CONFIG_DIR ? { cwd: process.env.ANIME_GAN_CONFIG_DIR } : {}),
    // A damaged file starts the list afresh rather than stopping a trainer or `runs`.
    deserialize: (text: string): Registry => {
      try {
        const value = JSON.parse(text) as Partial<Registry>;
        const runs = Array.isArray(value?.runs) ? value.runs.filter((r) => typeof r?.dir === 'string' && path.isAbsolute(r.dir)) : [];
        return { runs: runs.map((r) => ({ dir: r.dir, added: typeof r.added === 'number' ? r.added : 0 })) };
      } catch {
        return { runs: [] };
      }
    },
  });
}

function absolute(dir: string): string {
  const abs = path.resolve(dir);
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

/** Adds a run folder (a no-op when it is known already). */
export function rememberRun(dir: string, now = Date.now()): void {
  try {
    const store = openRegistry();
    const runs = store.get('runs') ?? [];
    const abs = absolute(dir);
    if (runs.some((r) => r.dir === abs)) return;
    store.set('runs', [...runs, { dir: abs, added: now }]);
  } catch {
    // An unwritable config folder: `runs DIR` still finds the run.
  }
}

/**
 * The remembered run folders that still exist; those whose folder was deleted are forgotten.
 * A folder without run.json yet (a trainer still loading its data) is kept.
 */
export function rememberedRuns(): string[] {
  try {
    const store = openRegistry();
    const runs = store.get('runs') ?? [];
    const kept = runs.filter((r) => existsSync(r.dir));
    if (kept.length !== runs.length) store.set('runs', kept);
    return kept.map((r) => r.dir);
  } catch {
    return [];
  }
}
