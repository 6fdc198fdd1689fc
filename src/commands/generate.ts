/** `anime-gan-tui generate`: faces from a run's checkpoint, as PNG files or one grid. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_CHOICES } from '../engine/config.js';
import { selectBackend } from '../backend/choose-backend.js';
import { makeFaces } from '../engine/face-request.js';
import { encodePng, faceAt, tileFaces } from '../engine/image.js';
import { loadGenerator } from '../generate/load-generator.js';
import { shippedGenerator } from '../generate/shipped-model.js';
import { RunFolder, newestRun, openRunFolder, RUNS_DIR } from '../run/run-folder.js';
import { UsageError } from '../util/errors.js';
import { choice, inFlagRange } from '../util/flag-values.js';
import { COUNT_RANGE, SEED_RANGE, TRUNCATION_RANGE } from '../protocol/limits.js';
import type { LoadedSettings } from '../settings/store.js';
import { FACE_SIDE } from '../util/face.js';

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
  /** Draw with G's own weights, not the run's average of them. */
  raw?: boolean;
}

/** What `generate` draws from: a run (its newest checkpoint unless one is named), a checkpoint alone, or the shipped model. */
export interface GenerateFrom {
  run: RunFolder | null;
  checkpoint: string | null;
  /** The shipped generator's description when it is the one used, else null. */
  shipped: boolean;
}

/** `--checkpoint shipped` names the generator that comes with the package. */
export const SHIPPED_NAME = 'shipped';

/** `--checkpoint best`: the checkpoint of the run that the judge rated best. */
export const BEST_NAME = 'best';

export function resolveSource(runFlag: string | undefined, checkpoint: string | undefined): GenerateFrom {
  if (checkpoint === SHIPPED_NAME && !existsSync(path.join(SHIPPED_NAME, 'meta.json'))) {
    if (runFlag) throw new UsageError('--checkpoint shipped is the model that comes with anime-gan-tui: leave out --run');
    const dir = shippedGenerator();
    if (!dir) throw new UsageError('this copy of anime-gan-tui has no shipped model (checkpoints/shipped/): give --run DIR');
    return { run: null, checkpoint: dir, shipped: true };
  }
  if (checkpoint === BEST_NAME && !existsSync(path.join(BEST_NAME, 'meta.json'))) {
    // The run's best checkpoint by the judge (see engine/best-checkpoint.ts): the newest run's without --run.
    const run = runFlag ? openRunFolder(runFlag) : newestRun();
    if (!run) throw new UsageError('--checkpoint best names a run\'s best checkpoint: give --run DIR');
    if (!existsSync(path.join(run.bestDir, 'meta.json'))) {
      throw new UsageError(`${run.dir} has no best checkpoint yet (the judge picks one at each epoch end): leave out --checkpoint, or train past an epoch`);
    }
    return { run, checkpoint: run.bestDir, shipped: false };
  }
  if (runFlag) return { run: openRunFolder(runFlag), checkpoint: checkpoint ?? null, shipped: false };
  if (checkpoint) return { run: null, checkpoint, shipped: false };
  const run = newestRun();
  if (run) return { run, checkpoint: null, shipped: false };
  // No run of the user's own yet: the model that ships with the package.
  const dir = shippedGenerator();
  if (dir) return { run: null, checkpoint: dir, shipped: true };
  throw new UsageError(`no runs in ${RUNS_DIR}/ yet: train one first, or give --run DIR`);
}

export async function generateToFiles(f: GenerateFlags, loaded: LoadedSettings): Promise<number> {
  if (!f.out && !f.outDir) throw new UsageError('give --out-dir DIR (one PNG per face) or --out FILE (one grid)');
  if (f.out && f.outDir) throw new UsageError('give --out or --out-dir, not both');
  const count = inFlagRange('count', f.count, COUNT_RANGE) ?? 16;
  const seed = inFlagRange('seed', f.seed, SEED_RANGE) ?? Math.floor(Math.random() * 1e9);
  const truncation = inFlagRange('truncation', f.truncation, TRUNCATION_RANGE) ?? 1;
  const backendChoice = choice('backend', f.backend, BACKEND_CHOICES) ?? loaded.settings.backend;
  const from = resolveSource(f.run, f.checkpoint);

  await selectBackend(backendChoice);
  const gen = await loadGenerator(from.run ? from.run.checkpointsDir : '', from.checkpoint, (m) => process.stderr.write(`warning: skipped ${m}\n`), { raw: f.raw });
  try {
    if (!gen.vocab && (f.hair || f.eyes)) {
      throw new UsageError(`this run is ${gen.config.model}, which has no hair or eye colours; leave out --hair and --eyes`);
    }
    // An unknown colour throws UnknownColourError: bad input, one line, exit 2.
    const result = makeFaces(gen.g, gen.vocab, { hair: f.hair ?? null, eyes: f.eyes ?? null, count, seed, truncation });
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
        writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}.png`), await encodePng(faceAt(result.faces, i), FACE_SIDE, FACE_SIDE));
      }
      writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(labels) + '\n');
    }
    const where = f.out ?? f.outDir!;
    const model = from.shipped ? 'shipped' : gen.checkpoint;
    const summary = { type: 'generated', count, seed, out: where, checkpoint: model, step: gen.step, weights: gen.weights, hair: f.hair ?? null, eyes: f.eyes ?? null };
    const what = from.shipped ? `the shipped model: ${gen.about ?? gen.config.model}` : `checkpoint ${gen.checkpoint}, ${gen.weights} G`;
    process.stdout.write(f.json ? JSON.stringify(summary) + '\n' : `wrote ${count} face${count === 1 ? '' : 's'} to ${where} (seed ${seed}, ${what})\n`);
    return 0;
  } finally {
    gen.dispose();
  }
}
