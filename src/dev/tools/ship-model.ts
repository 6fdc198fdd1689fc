/**
 * Makes the model that ships with the package from a finished run:
 *
 *   node dist/dev/tools/ship-model.js --run checkpoints/RUN [--checkpoint DIR] [--epochs 1,3,10]
 *
 * writes checkpoints/shipped/generator/ (the generator alone, with its colour vocabulary; see
 * src/generate/shipped-model.ts) and checkpoints/shipped/samples-by-epoch.png, the run's
 * fixed-noise grids after the given epochs and the last one, side by side and labelled, as a
 * palette PNG small enough to keep in the repository (docs/models.md shows it).
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { parseArgs } from 'node:util';
import { readCheckpoint, listCheckpoints } from '../../engine/checkpoint.js';
import { SHIPPED_DIR, SHIPPED_GENERATOR, writeGeneratorOnly } from '../../generate/shipped-model.js';
import type { TrainerCheckpointState } from '../../engine/trainer-state.js';
import { FACE_SIDE } from '../../util/face.js';

const { values: args } = parseArgs({
  options: {
    run: { type: 'string' },
    checkpoint: { type: 'string' },
    epochs: { type: 'string', default: '1,3,10' },
    columns: { type: 'string', default: '4' },
  },
});

function fail(message: string): never {
  process.stderr.write(`ship-model: ${message}\n`);
  process.exit(2);
}

async function newestCheckpoint(run: string): Promise<string> {
  const found = await listCheckpoints(path.join(run, 'ckpt'));
  if (found.length === 0) fail(`no checkpoint in ${run}/ckpt`);
  return found[0]!;
}

/** A label strip drawn as SVG (sharp renders it). */
function label(text: string, width: number, height: number): Buffer {
  return Buffer.from(
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#111"/>` +
      `<text x="50%" y="70%" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(height * 0.55)}" fill="#eee" text-anchor="middle">${text}</text></svg>`,
  );
}

/** The first `columns` faces of each row of every chosen epoch's grid, one panel per epoch. */
async function samplesByEpoch(run: string, epochs: number[], columns: number, out: string): Promise<void> {
  const available = (await fs.readdir(path.join(run, 'samples')))
    .map((f) => /^epoch-(\d+)\.png$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  if (available.length === 0) fail(`no samples/epoch-NNNN.png in ${run}`);
  const last = available[available.length - 1]!;
  const chosen = [...new Set([...epochs.filter((e) => available.includes(e) && e < last), last])];
  const first = sharp(path.join(run, 'samples', `epoch-${String(chosen[0]).padStart(4, '0')}.png`));
  const { height = 0 } = await first.metadata();
  const panelWidth = columns * FACE_SIDE;
  const gap = 8;
  const strip = 28;
  const width = chosen.length * panelWidth + (chosen.length - 1) * gap;
  const layers: sharp.OverlayOptions[] = [];
  for (const [i, epoch] of chosen.entries()) {
    const file = path.join(run, 'samples', `epoch-${String(epoch).padStart(4, '0')}.png`);
    const panel = await sharp(file).extract({ left: 0, top: 0, width: panelWidth, height }).toBuffer();
    const left = i * (panelWidth + gap);
    const name = epoch === last ? `epoch ${epoch} (last)` : `epoch ${epoch}`;
    layers.push({ input: label(name, panelWidth, strip), left, top: 0 }, { input: panel, left, top: strip });
  }
  await sharp({ create: { width, height: height + strip, channels: 3, background: '#111' } })
    .composite(layers)
    .png({ palette: true, colours: 256, effort: 10 })
    .toFile(out);
  process.stdout.write(`wrote ${out} (epochs ${chosen.join(', ')})\n`);
}

async function main(): Promise<void> {
  // Only the generator's tensor names are needed from tfjs: the plain JS backend does.
  await tf.setBackend('cpu');
  const run = args.run ?? fail('give --run checkpoints/RUN');
  if (!existsSync(path.join(run, 'run.json'))) fail(`${run} is not a run folder`);
  const checkpoint = args.checkpoint ?? (await newestCheckpoint(run));
  const { meta } = await readCheckpoint<TrainerCheckpointState>(checkpoint);
  const c = meta.extra.config;
  const minutes = Math.round(await trainingMinutes(run));
  const about = `${c.model} ×${c.width}, ${meta.epoch} epoch${meta.epoch === 1 ? '' : 's'} on MLDS`;
  const tmpRoot = path.join(SHIPPED_DIR, '.tmp-generator');
  await fs.rm(tmpRoot, { recursive: true, force: true });
  const written = await writeGeneratorOnly(checkpoint, tmpRoot, about);
  await fs.rm(SHIPPED_GENERATOR, { recursive: true, force: true });
  await fs.rename(written, SHIPPED_GENERATOR);
  await fs.rm(tmpRoot, { recursive: true, force: true });
  const bytes = (await fs.stat(path.join(SHIPPED_GENERATOR, 'weights.bin'))).size;
  process.stdout.write(`wrote ${SHIPPED_GENERATOR}: ${about} (${meta.step} steps, ${minutes} min of training); ${(bytes / 1e6).toFixed(1)} MB\n`);
  const epochs = (args.epochs ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  await samplesByEpoch(run, epochs, Number(args.columns) || 4, path.join(SHIPPED_DIR, 'samples-by-epoch.png'));
}

/** Training time of the run, summed over its sessions (each from its start event to its last event). */
async function trainingMinutes(run: string): Promise<number> {
  let total = 0;
  let start: number | null = null;
  let last = 0;
  for (const line of (await fs.readFile(path.join(run, 'events.jsonl'), 'utf8')).split('\n')) {
    let e: { type?: unknown; time?: unknown };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      continue;
    }
    if (typeof e.time !== 'number') continue;
    if (e.type === 'start') {
      if (start !== null) total += last - start;
      start = e.time;
    }
    last = e.time;
  }
  if (start !== null) total += last - start;
  return total / 60_000;
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
