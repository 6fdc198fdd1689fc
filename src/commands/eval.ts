/**
 * `anime-gan-tui eval`: how good a generator's faces are, by the project's judge network (see
 * judge/): colour accuracy per pair with the judge's accuracy on real faces beside it,
 * diversity against real faces, and a Fréchet distance with the real-vs-real floor.
 */
import path from 'node:path';
import { BACKEND_CHOICES, isConditional } from '../engine/config.js';
import { selectBackend } from '../backend/choose-backend.js';
import type { FaceDataset } from '../data/dataset.js';
import { loadFaces, resolveDataDir } from '../data/resolve-data.js';
import { loadGenerator, type LoadedGenerator } from '../generate/load-generator.js';
import { choosePairs, generatedSets, judgeSets, referenceFor, UNCONDITIONAL_SETS } from '../judge/evaluate.js';
import { readFaceFolder } from '../judge/face-folder.js';
import { obtainJudge, type ReadyJudge } from '../judge/obtain-judge.js';
import { parsePairs, type Pair } from '../judge/pairs.js';
import type { FaceSet } from '../judge/score.js';
import { UsageError } from '../util/errors.js';
import { choice, inFlagRange } from '../util/flag-values.js';
import { EVAL_COUNT_RANGE, SEED_RANGE } from '../protocol/limits.js';
import type { LoadedSettings } from '../settings/store.js';
import { resolveSource, type GenerateFrom } from './generate.js';
import { evalReport, type EvalSummary } from '../terminal/eval-report.js';
import { progressLine } from '../terminal/progress-line.js';

/** `--data drawn`: compare with the built-in drawn faces (for runs trained on them). */
const DRAWN = 'drawn';

export interface EvalFlags {
  run?: string;
  checkpoint?: string;
  pairs?: string;
  count?: number;
  seed?: number;
  faces?: string;
  data?: string;
  backend?: string;
  json?: boolean;
  retrainJudge?: boolean;
  /** Judge G's own weights, not the run's average of them. */
  raw?: boolean;
}

/** The data the faces are compared with: --data, else the run's own, else the usual places. */
function dataFor(f: EvalFlags, loaded: LoadedSettings, from: GenerateFrom | null): { dir: string | null; drawnCount?: number } {
  if (f.data === DRAWN) return { dir: null };
  const named = resolveDataDir({ flag: f.data, env: process.env.ANIME_GAN_DATA, saved: null, projectDefault: null });
  if (named.dir) return { dir: named.dir };
  const own = from?.run?.readInfo().dataset;
  if (own?.source === 'drawn') return { dir: null, drawnCount: own.count };
  if (own?.dir) return { dir: own.dir };
  const usual = resolveDataDir({ saved: loaded.settings.dataDir });
  if (usual.dir) return { dir: usual.dir };
  throw new UsageError('eval compares faces with real ones: point --data (or ANIME_GAN_DATA) at the data set the model learned from');
}

export async function evalCommand(f: EvalFlags, loaded: LoadedSettings): Promise<number> {
  const count = inFlagRange('count', f.count, EVAL_COUNT_RANGE) ?? 25;
  const seed = inFlagRange('seed', f.seed, SEED_RANGE) ?? 1;
  const backendChoice = choice('backend', f.backend, BACKEND_CHOICES) ?? loaded.settings.backend;
  let asked: Pair[] | null = null;
  try {
    asked = f.pairs === undefined ? null : parsePairs(f.pairs);
  } catch (err) {
    throw new UsageError(`--pairs: ${(err as Error).message}`);
  }
  if (f.faces && (f.run || f.checkpoint)) throw new UsageError('give --faces DIR or a generator (--run / --checkpoint), not both');
  const from = f.faces ? null : resolveSource(f.run, f.checkpoint);
  const data = dataFor(f, loaded, from);
  const say = (line: string) => process.stderr.write(line);

  await selectBackend(backendChoice);
  let gen: LoadedGenerator | null = null;
  try {
    if (from) {
      gen = await loadGenerator(from.run ? from.run.checkpointsDir : '', from.checkpoint, (m) => say(`warning: skipped ${m}\n`), { raw: f.raw });
      if (!gen.vocab && asked) throw new UsageError(`this generator is ${gen.config.model}, which has no hair or eye colours: leave out --pairs`);
      for (const p of asked ?? []) {
        if (!gen.vocab!.hairVocab.includes(p.hair)) throw new UsageError(`the generator has no hair colour '${p.hair}': choose from ${gen.vocab!.hairVocab.join(', ')}`);
        if (!gen.vocab!.eyesVocab.includes(p.eyes)) throw new UsageError(`the generator has no eye colour '${p.eyes}': choose from ${gen.vocab!.eyesVocab.join(', ')}`);
      }
    }
    // Progress on a terminal only: in a log, the faces load in seconds from the cache anyway.
    const ds = await loadFaces(data.dir, { drawnCount: data.drawnCount, onProgress: process.stderr.isTTY ? progressLine('loading faces', say) : undefined });
    const judge = await obtainJudge(ds, { retrain: f.retrainJudge, onProgress: progressLine('training the judge for this data set (once: it is cached for later)', say) });
    const conditional = gen ? gen.vocab !== null : asked !== null || ds.hairVocab.length > 1;
    const pairs = choosePairs(ds, judge, asked, conditional, gen?.vocab ?? null);
    const sets: FaceSet[] = gen
      ? generatedSets(gen.g, gen.vocab, pairs, count, seed)
      : (await readFaceFolder(f.faces!, pairs, pairs ? count : count * UNCONDITIONAL_SETS)).map((x) => ({ pair: x.pair, faces: x.faces }));
    const ref = referenceFor(ds, judge, pairs, count, seed);
    const scores = judgeSets(judge, ref, sets);
    const summary: EvalSummary = {
      type: 'eval',
      source: gen ? describeGenerator(gen, from!) : { kind: 'faces', dir: path.resolve(f.faces!) },
      data: describeData(ds),
      judge: judgeInfo(judge),
      count,
      seed,
      ...scores,
    };
    process.stdout.write(f.json ? JSON.stringify(summary) + '\n' : evalReport(summary));
    return 0;
  } finally {
    gen?.dispose();
  }
}

function describeGenerator(gen: LoadedGenerator, from: GenerateFrom): EvalSummary['source'] {
  return {
    kind: 'generator',
    checkpoint: from.shipped ? 'shipped' : gen.checkpoint,
    model: gen.config.model,
    width: gen.config.width,
    step: gen.step,
    epoch: gen.epoch,
    conditional: isConditional(gen.config.model),
    weights: gen.weights,
  };
}

function describeData(ds: FaceDataset): EvalSummary['data'] {
  return { source: ds.source, dir: ds.dir, count: ds.count };
}

function judgeInfo(j: ReadyJudge): EvalSummary['judge'] {
  return { origin: j.trainedNow ? 'trained now' : j.origin, dir: j.dir, about: j.meta.about, heldOut: j.meta.heldOut };
}
