/**
 * The generate view against a real generator thread (dist/worker/generator-worker.js) on a
 * checkpoint of a tiny run: the same seed and choices give the same pixels, whatever came in
 * between, and a request split over two threads gives exactly the faces one thread would.
 * Requests are split only on the plain wasm path (the native kernels already use every core),
 * so this file runs with them off, in the generator threads and here alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GenerateApp } from '../../src/ui/generate/generate-app.js';
import { WorkerTrainerClient } from '../../src/worker/worker-client.js';
import type { TrainerCommand } from '../../src/protocol/messages.js';
import { selectBackend } from '../../src/backend/choose-backend.js';
import { makeFaces } from '../../src/engine/face-request.js';
import { tileFaces } from '../../src/engine/image.js';
import { loadGenerator } from '../../src/generate/load-generator.js';
import { latestCheckpoint, writeCheckpoint } from '../../src/engine/checkpoint.js';
import { runCli } from '../helpers/cli.js';
import { renderTui, waitFor, type Tui } from '../helpers/render-tui.js';
import { tempDir } from '../helpers/tmp.js';

type Generate = Extract<TrainerCommand, { type: 'generate' }>;

const cwd = tempDir('agt-genpix-');
const runDir = path.join(cwd, 'runs/p');
const WORKER = pathToFileURL(path.resolve('dist/worker/generator-worker.js'));
const RIGHT = '\x1b[C';
const LEFT = '\x1b[D';

let client: WorkerTrainerClient;
let tui: Tui;
const pixels = new Map<number, Buffer>();
const sent: Generate[] = [];
/** The generator said its helper thread has joined. */
let split = false;

/**
 * One training step leaves G's output flat grey (batch-norm statistics still at their start),
 * so colours could not change a pixel. Shrinking the running variances makes every input show.
 */
async function sharpen(root: string): Promise<void> {
  const found = (await latestCheckpoint(root))!;
  const tensors = [...found.values.values()].map((t) => (/^g\/bn\d\/var$/.test(t.name) ? { ...t, values: t.values.map(() => 1e-3) } : t));
  const { tensors: _t, sha256: _s, format: _f, ...meta } = found.meta;
  await writeCheckpoint(root, { ...meta, step: meta.step + 1 }, tensors);
}

beforeAll(async () => {
  const r = await runCli(['train', '--model', 'acgan', '--width', '0.0625', '--batch', '4', '--steps', '1', '--run', 'runs/p', '--json'], { cwd });
  expect(r.code).toBe(0);
  await sharpen(path.join(runDir, 'ckpt'));
  // Read by each thread as it loads the kernels: the worker copies the environment at its start.
  process.env.ANIME_GAN_NATIVE = '0';
  client = new WorkerTrainerClient(
    // Split every request from the second on, however fast one thread would be.
    { backend: 'auto', checkpointsDir: path.join(runDir, 'ckpt'), checkpoint: null, runDir, threads: 2, splitAboveMs: 0 },
    WORKER,
  );
  // Record what the app asks, so each key's request can be matched with its answer.
  const send = client.send.bind(client);
  client.send = (c) => {
    if (c.type === 'generate') sent.push(c);
    send(c);
  };
  let seed = 100;
  tui = renderTui(<GenerateApp client={client} preview="blocks" env={{}} randomSeed={() => seed++} />, { columns: 80, rows: 24 });
  // After the app (the first subscriber, which gets what came before it).
  await new Promise((r) => setTimeout(r, 50));
  client.subscribe((m) => {
    if (m.type === 'generated') pixels.set(m.requestId, Buffer.from(m.grid.pixels));
    if (m.type === 'status' && /2 threads share each request/.test(m.message)) split = true;
  });
}, 180_000);

afterAll(async () => {
  tui?.unmount();
  await client?.close();
});

/** Runs `keys` and waits for the answer to the request they led to. */
async function facesAfter(keys: string): Promise<{ req: Generate; px: Buffer }> {
  if (keys) tui.stdin.write(keys);
  let req: Generate | undefined;
  await waitFor(
    () => {
      req = sent.at(-1);
      return req !== undefined && pixels.has(req.requestId);
    },
    `faces after ${JSON.stringify(keys)}`,
    60_000,
  );
  return { req: req!, px: pixels.get(req!.requestId)! };
}

describe('generate view on a real generator', () => {
  it('same seed + same choices = same pixels; locked noise keeps them, r changes them', async () => {
    const first = await facesAfter(''); // seed 100, random colours
    tui.stdin.write('l');
    const aqua = await facesAfter(RIGHT); // hair aqua, still seed 100
    expect(aqua.req).toMatchObject({ seed: 100, hair: 'aqua' });
    expect(aqua.px.equals(first.px)).toBe(false);
    // The helper thread starts after the second answer; once it has loaded the checkpoint the
    // next grid is split over two threads, while `first` came from one.
    await waitFor(() => split, 'the helper thread to join', 60_000);
    const back = await facesAfter(LEFT); // random again, seed 100
    expect(back.req).toMatchObject({ seed: 100, hair: null });
    expect(back.px.equals(first.px)).toBe(true);
    const reroll = await facesAfter('r');
    expect(reroll.req.seed).toBe(101);
    expect(reroll.px.equals(first.px)).toBe(false);

    // One generator in this process draws the same bytes as the worker's.
    await selectBackend('auto');
    const gen = await loadGenerator(path.join(runDir, 'ckpt'), null);
    try {
      const r = makeFaces(gen.g, gen.vocab, { hair: null, eyes: null, count: first.req.count, seed: 100, truncation: 1 });
      const grid = tileFaces(r.faces, r.n, first.req.cols!);
      expect(Buffer.from(grid.pixels).equals(first.px)).toBe(true);
    } finally {
      gen.dispose();
    }
  }, 180_000);
});
