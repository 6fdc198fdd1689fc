/** `anime-gan-tui generate`: faces from a run's checkpoint, as PNG files or one grid. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_CHOICES } from '../engine/config.js';
import { selectBackend } from '../engine/backend.js';
import { makeFaces } from '../engine/face-request.js';
import { encodePng, faceAt, tileFaces } from '../engine/image.js';
import { loadGenerator } from '../engine/load-generator.js';
import { UnknownColourError } from '../engine/sampler.js';
import { RunFolder, newestRun, openRunFolder, RUNS_DIR } from '../run/run-folder.js';
import { UsageError, choice, intIn, numberIn } from '../cli/usage-error.js';
import type { LoadedSettings } from '../settings/store.js';

export interface GenerateFlags {
  run?: string;
  checkpoint?: string;
  hair?: string;
  eyes?: string;
  count?: number;
  seed?: number;
  outDir?: string;
  out?: string;
  truncation?: number;
  backend?: string;
  json?: boolean;
}

export function resolveRun(runFlag: string | undefined, checkpoint: string | undefined): RunFolder | null {
  if (runFlag) return openRunFolder(runFlag);
  if (checkpoint) return null;
  const run = newestRun();
  if (!run) throw new UsageError(`no runs in ${RUNS_DIR}/ yet: train one first, or give --run DIR`);
  return run;
}

export async function generateToFiles(f: GenerateFlags, loaded: LoadedSettings): Promise<number> {
  if (!f.out && !f.outDir) throw new UsageError('give --out-dir DIR (one PNG per face) or --out FILE (one grid)');
  if (f.out && f.outDir) throw new UsageError('give --out or --out-dir, not both');
  const count = intIn('count', f.count, 1, 4096) ?? 16;
  const seed = intIn('seed', f.seed, 0, 2 ** 31 - 1) ?? Math.floor(Math.random() * 1e9);
  const truncation = numberIn('truncation', f.truncation, 0, 4, true) ?? 1;
  const backendChoice = choice('backend', f.backend, BACKEND_CHOICES) ?? loaded.settings.backend;
  const run = resolveRun(f.run, f.checkpoint);

  await selectBackend(backendChoice);
  const gen = await loadGenerator(run ? run.checkpointsDir : '', f.checkpoint ?? null, (m) => process.stderr.write(`warning: skipped ${m}\n`));
  try {
    if (!gen.vocab && (f.hair || f.eyes)) {
      throw new UsageError(`this run is ${gen.config.model}, which has no hair or eye colours; leave out --hair and --eyes`);
    }
    let result;
    try {
      result = makeFaces(gen.g, gen.vocab, { hair: f.hair ?? null, eyes: f.eyes ?? null, count, seed, truncation });
    } catch (err) {
      if (err instanceof UnknownColourError) throw new UsageError(err.message);
      throw err;
    }
    const labels = result.labels;
    if (f.out) {
      const cols = Math.min(count, Math.ceil(Math.sqrt(count)));
      const grid = tileFaces(result.faces, result.n, cols);
      mkdirSync(path.dirname(path.resolve(f.out)), { recursive: true });
      writeFileSync(f.out, await encodePng(grid.pixels, grid.width, grid.height));
      writeFileSync(path.join(path.dirname(f.out), `${path.basename(f.out, path.extname(f.out))}.labels.json`), JSON.stringify(labels) + '\n');
    } else {
      const dir = f.outDir!;
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < result.n; i++) {
        writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}.png`), await encodePng(faceAt(result.faces, i), 64, 64));
      }
      writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(labels) + '\n');
    }
    const where = f.out ?? f.outDir!;
    const summary = { type: 'generated', count, seed, out: where, checkpoint: gen.checkpoint, step: gen.step, hair: f.hair ?? null, eyes: f.eyes ?? null };
    process.stdout.write(f.json ? JSON.stringify(summary) + '\n' : `wrote ${count} face${count === 1 ? '' : 's'} to ${where} (seed ${seed}, checkpoint ${gen.checkpoint})\n`);
    return 0;
  } finally {
    gen.dispose();
  }
}
