#!/usr/bin/env node
/**
 * `npm run bench`: training throughput of one model on one backend, measured after a warm-up step,
 * printed as one JSON line (or a readable one). `--peer` runs the PyTorch reference peer with the
 * same settings in the same run and adds the ratio. `--tui` compares the worker-thread trainer
 * with and without the dashboard attached (see tui-bench.ts).
 */
import meow from 'meow';
import { BACKEND_CHOICES, MODEL_KINDS, LOSS_KINDS } from '../../engine/config.js';
import { parseDiffAugment } from '../../protocol/vocabulary.js';
import { UsageError, firstLine } from '../../util/errors.js';
import { choice, intIn, numberIn } from '../../util/flag-values.js';
import { letInkDrawOnTerminal } from '../../terminal/interactive-terminal.js';
import { formatFlops } from './flops-report.js';
import { benchTraining } from './train-bench.js';
import { DEFAULT_SETTINGS } from '../../settings/schema.js';
import { runPeer } from './peer.js';

/** Previews the dashboard and generate benches can draw with (sixel and iTerm2 through the frame writer). */
const BENCH_PREVIEWS = ['blocks', 'sixel', 'iterm'] as const;

const cli = meow(
  `
  Usage
    $ npm run bench -- [--model M] [--width X] [--batch N] [--steps N] [--backend B] [--loss L] [--peer] [--json] [--profile] [--no-prefetch]
                       [--ema-beta X] [--diff-augment LIST] [--reuse-fake]
    $ npm run bench -- --tui [--model M] [--width X] [--batch N] [--steps N] [--rounds N] [--size 160x48] [--preview P] [--json]
    $ npm run bench -- --generate [--width X] [--backend B] [--preview P] [--json]
    $ npm run bench -- --prep [--json]
    $ npm run bench -- --quality [--model M] [--width X] [--batch N] [--data DIR] [--json]
    $ npm run bench -- --load [DIR] [--rounds N] [--json]

  Prints training img/s after one warm-up step. --peer also runs ../shared/peers/torch_dcgan.py
  (or $ANIME_GAN_PEER) with the same batch and width, and reports our speed as a share of its.
  --profile adds each kernel's time per step (JSON: "kernels"), and the GFLOP/s of each convolution
  and matrix product and of the whole step against the machine's peak, measured first (JSON:
  "flops"; printed without --json). --no-prefetch makes each batch
  on the training thread before its step, to measure what the prefetch thread saves.
  --ema-beta, --diff-augment and --reuse-fake train as train's flags of those names do (the
  augmentations always on), to time what each costs or saves; like train, the bench averages G at
  β 0.99 unless --ema-beta 0.

  --tui trains on drawn faces in a worker thread, alternately headless and with the dashboard
  drawing into a fake terminal of --size cells, --rounds times each (default 2), timing --steps steps
  (default 600, so that a round is long enough to average out the machine's other work) after
  20 warm-up steps; it prints img/s of both, their ratio, and the share of
  a core the UI thread used. Defaults there: acgan, width 0.125, batch 16. --preview blocks (the
  default), sixel or iterm: how the dashboard and the generate view draw the faces.

  --generate times the standalone generate view from pressing r to the new 4×4 grid on screen
  (acgan, width 1 unless --width), with one generator thread (as the command runs it) and with a
  second one joining when the first is slow; median of 10 presses.

  --load times loading a data folder (DIR, else the one train would use): the first load into
  an empty cache folder and a cached start, median of --rounds (default 2); for a folder with a
  tags file, also its images as a plain folder of links in a temp folder (removed afterwards).

  --quality times the judge's per-epoch quality check (generate and judge its faces) against an
  epoch of training of the same model on the data (--data, else ANIME_GAN_DATA, else drawn faces),
  and prints the share of training time it costs (defaults: acgan, width 0.5, batch 64).

  --prep times the CPU work around training (batch augmentation, drawing faces, replaying a
  watched run) against the budget each must fit in, and exits 1 when one is over it.
`,
  {
    importMeta: import.meta,
    flags: {
      // Defaults differ between the two benches; see main().
      model: { type: 'string' },
      width: { type: 'number' },
      batch: { type: 'number' },
      steps: { type: 'number' },
      backend: { type: 'string', default: 'auto' },
      loss: { type: 'string', default: 'gan' },
      peer: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      prefetch: { type: 'boolean', default: true },
      emaBeta: { type: 'number', default: DEFAULT_SETTINGS.emaBeta },
      diffAugment: { type: 'string', default: '' },
      reuseFake: { type: 'boolean', default: false },
      tui: { type: 'boolean', default: false },
      generate: { type: 'boolean', default: false },
      prep: { type: 'boolean', default: false },
      quality: { type: 'boolean', default: false },
      data: { type: 'string' },
      load: { type: 'boolean', default: false },
      rounds: { type: 'number', default: 2 },
      size: { type: 'string', default: '160x48' },
      preview: { type: 'string', default: 'blocks' },
    },
  },
);

async function main(): Promise<number> {
  const f = cli.flags;
  const model = choice('model', f.model ?? (f.tui ? 'acgan' : 'dcgan'), MODEL_KINDS)!;
  const loss = choice('loss', f.loss, LOSS_KINDS)!;
  const backend = choice('backend', f.backend, BACKEND_CHOICES)!;
  const width = numberIn('width', f.width ?? (f.tui ? 0.125 : 1), 0, 4, true)!;
  const batch = intIn('batch', f.batch ?? (f.tui ? 16 : 64), 1, 1024)!;
  const steps = intIn('steps', f.steps ?? (f.tui ? 600 : 3), 1, 10000)!;
  if (f.load) {
    const { benchLoad } = await import('./load-bench.js');
    const { resolveDataDir } = await import('../../data/resolve-data.js');
    const dir = resolveDataDir({ flag: cli.input[0] ?? null, env: process.env.ANIME_GAN_DATA }).dir;
    if (!dir) throw new UsageError('--load needs a data folder: give DIR, or set ANIME_GAN_DATA');
    const figures = await benchLoad(dir, intIn('rounds', f.rounds, 1, 100)!, (line) => process.stderr.write(line + '\n'));
    for (const x of figures) {
      process.stdout.write(
        f.json ? JSON.stringify({ bench: 'load', ...x }) + '\n' : `${x.layout} ${x.dir}: ${x.faces} faces, first load ${x.firstLoadMs} ms, cached start ${x.cachedMs} ms (median of ${x.rounds})\n`,
      );
    }
    return 0;
  }
  if (f.quality) {
    const { benchQuality } = await import('./quality-bench.js');
    const r = await benchQuality({ model: choice('model', f.model ?? 'acgan', MODEL_KINDS)!, width: f.width ?? 0.5, batch: f.batch ?? 64, dataDir: f.data ?? process.env.ANIME_GAN_DATA ?? null, backend: 'auto' });
    if (f.json) process.stdout.write(JSON.stringify(r) + '\n');
    else {
      process.stdout.write(
        `quality check of ${r.faces} faces (${r.model} ×${r.width}): ${r.judgeMs} ms; an epoch of ${r.data} at batch ${r.batch}: ${r.stepsPerEpoch} × ${r.msPerStep} ms; ` +
          `cost ${(r.share * 100).toFixed(2)}% of training (budget ${r.budget * 100}%)\n`,
      );
    }
    return r.share > r.budget ? 1 : 0;
  }
  if (f.prep) {
    const { benchPrep } = await import('./prep-bench.js');
    const figures = benchPrep();
    if (f.json) process.stdout.write(JSON.stringify(figures) + '\n');
    else for (const x of figures) process.stdout.write(`${x.name}: ${x.ms} ms (budget ${x.budgetMs} ms)${x.ms > x.budgetMs ? '  OVER' : ''}\n`);
    return figures.some((x) => x.ms > x.budgetMs) ? 1 : 0;
  }
  // These benches time Ink drawing into fake terminals; with CI set it would draw nothing.
  if (f.generate || f.tui) letInkDrawOnTerminal();
  if (f.generate) {
    process.env.NODE_ENV ??= 'production';
    const { benchGenerate } = await import('./generate-bench.js');
    const preview = choice('preview', f.preview, BENCH_PREVIEWS)!;
    const r = await benchGenerate({ width, backend, preview }, (line) => process.stderr.write(line + '\n'));
    if (f.json) process.stdout.write(JSON.stringify(r) + '\n');
    else {
      for (const run of r.runs) {
        process.stdout.write(
          `generate view (${r.preview}), ${r.grid} acgan ×${r.width} on ${r.backend}, ${run.threads > 1 ? `up to ${run.threads} threads` : '1 thread'}: key → grid on screen ` +
            `median ${run.medianMs} ms (min ${run.minMs}, max ${run.maxMs}); faces back after ${run.generatorMedianMs} ms\n`,
        );
      }
    }
    return 0;
  }
  if (f.tui) {
    // React's development build costs several times the CPU per frame; set before React loads.
    process.env.NODE_ENV ??= 'production';
    const { benchTui } = await import('./tui-bench.js');
    const rounds = intIn('rounds', f.rounds, 1, 100)!;
    const size = /^(\d+)x(\d+)$/.exec(f.size);
    if (!size) throw new UsageError(`--size must look like 160x48, got '${f.size}'`);
    const log = (line: string) => process.stderr.write(line + '\n');
    const preview = choice('preview', f.preview, BENCH_PREVIEWS)!;
    const r = await benchTui({ model, width, batch, backend, steps, warmup: 20, rounds, columns: Number(size[1]), rows: Number(size[2]), sampleEvery: 10, preview }, log);
    if (f.json) process.stdout.write(JSON.stringify(r) + '\n');
    else {
      process.stdout.write(
        `${model} ×${width} batch ${batch} on ${r.backend}, ${r.preview} previews: headless ${r.imgPerSecHeadless} img/s, with the dashboard ${r.imgPerSecTui} img/s ` +
          `(ratio ${r.ratio}); UI thread ${Math.round(r.uiCpuShare * 1000) / 10}% of a core\n`,
      );
    }
    return 0;
  }
  const diffAugment = parseDiffAugment(f.diffAugment);
  if (!diffAugment) throw new UsageError(`--diff-augment must be a list of translation, cutout, colour, got '${f.diffAugment}'`);
  const emaBeta = numberIn('emaBeta', f.emaBeta, 0, 1)!;
  const ours = await benchTraining({ model, loss, backend, width, batch, steps, profile: f.profile, prefetch: f.prefetch, emaBeta, diffAugment, reuseFake: f.reuseFake });
  const result: Record<string, unknown> = { ...ours };
  if (f.peer) {
    const peer = await runPeer({ batch, width, steps });
    result.peer = peer;
    if (peer.imgPerSec) result.ratioToPeer = Math.round((ours.imgPerSec / peer.imgPerSec) * 1000) / 1000;
  }
  if (f.json) process.stdout.write(JSON.stringify(result) + '\n');
  else {
    process.stdout.write(
      `${model} ×${width} batch ${batch}${emaBeta ? ` ema ${emaBeta}` : ''}${diffAugment.length ? ` aug ${diffAugment.join(',')}` : ''}${f.reuseFake ? ' reuse' : ''} on ${ours.backend} (${ours.device}): ${ours.imgPerSec} img/s, ${ours.msPerStep} ms/step\n`,
    );
    if (ours.flops) process.stdout.write(formatFlops(ours.flops).join('\n') + '\n');
    if (result.peer) process.stdout.write(`peer: ${JSON.stringify(result.peer)}${result.ratioToPeer ? ` · ratio ${result.ratioToPeer}` : ''}\n`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    process.stderr.write(`bench: ${err instanceof UsageError ? '' : 'error: '}${firstLine(err)}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
