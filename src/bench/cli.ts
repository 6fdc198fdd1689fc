#!/usr/bin/env node
/**
 * `npm run bench`: training throughput of one model on one backend, measured after a warm-up step,
 * printed as one JSON line (or a readable one). `--peer` runs the PyTorch reference peer with the
 * same settings in the same run and adds the ratio.
 */
import meow from 'meow';
import { BACKEND_CHOICES, MODEL_KINDS, LOSS_KINDS } from '../engine/config.js';
import { UsageError, choice, intIn, numberIn } from '../cli/usage-error.js';
import { benchTraining } from './train-bench.js';
import { runPeer } from './peer.js';

const cli = meow(
  `
  Usage
    $ npm run bench -- [--model M] [--width X] [--batch N] [--steps N] [--backend B] [--loss L] [--peer] [--json]

  Prints training img/s after one warm-up step. --peer also runs ../shared/peers/torch_dcgan.py
  (or $ANIME_GAN_PEER) with the same batch and width, and reports our speed as a share of its.
`,
  {
    importMeta: import.meta,
    flags: {
      model: { type: 'string', default: 'dcgan' },
      width: { type: 'number', default: 1 },
      batch: { type: 'number', default: 64 },
      steps: { type: 'number', default: 3 },
      backend: { type: 'string', default: 'auto' },
      loss: { type: 'string', default: 'gan' },
      peer: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  },
);

async function main(): Promise<number> {
  const f = cli.flags;
  const model = choice('model', f.model, MODEL_KINDS)!;
  const loss = choice('loss', f.loss, LOSS_KINDS)!;
  const backend = choice('backend', f.backend, BACKEND_CHOICES)!;
  const width = numberIn('width', f.width, 0, 4, true)!;
  const batch = intIn('batch', f.batch, 1, 1024)!;
  const steps = intIn('steps', f.steps, 1, 10000)!;
  const ours = await benchTraining({ model, loss, backend, width, batch, steps });
  const result: Record<string, unknown> = { ...ours };
  if (f.peer) {
    const peer = await runPeer({ batch, width, steps });
    result.peer = peer;
    if (peer.imgPerSec) result.ratioToPeer = Math.round((ours.imgPerSec / peer.imgPerSec) * 1000) / 1000;
  }
  if (f.json) process.stdout.write(JSON.stringify(result) + '\n');
  else {
    process.stdout.write(
      `${model} ×${width} batch ${batch} on ${ours.backend} (${ours.device}): ${ours.imgPerSec} img/s, ${ours.msPerStep} ms/step\n`,
    );
    if (result.peer) process.stdout.write(`peer: ${JSON.stringify(result.peer)}${result.ratioToPeer ? ` · ratio ${result.ratioToPeer}` : ''}\n`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    process.stderr.write(`bench: ${err.name === 'UsageError' ? '' : 'error: '}${err.message.split('\n')[0]}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
