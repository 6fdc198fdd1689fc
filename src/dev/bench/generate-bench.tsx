/**
 * `npm run bench -- --generate`: how long from pressing r in the standalone generate view to the
 * new 4×4 grid on screen, for an untrained acgan at the given width, with the real generator
 * thread(s), the real view and Ink's real (throttled) rendering into a fake terminal sized so the
 * layout asks for 4×4.
 *
 * "On screen" is the first frame written whose face lines are those of the new grid (compared
 * with the frame the view settles on), so it includes the generator, the half-block drawing and
 * every frame in between. With sixel or iTerm2 previews (a terminal of 10×20-pixel cells, the
 * frame writer as the command uses it), it is the frame that carries the new images. Untrained weights draw flat grey, which would make two grids look
 * alike, so the checkpoint's batch-norm variances are shrunk first: the work is the same.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink';
import type { BackendChoice } from '../../engine/config.js';
import type { TrainerClient } from '../../protocol/client.js';
import type { WorkerMessage } from '../../protocol/messages.js';
import { GenerateApp } from '../../ui/generate/generate-app.js';
import { PlaceholderContext, substitutingStream } from '../../ui/preview/placeholders.js';
import { FrameWriter } from '../../ui/preview/frame-writer.js';
import { envCaps, type TerminalCaps } from '../../ui/preview/detect.js';
import { isImageKind, resolvePreview, TerminalContext } from '../../ui/preview/mode.js';
import { generateBoxes, generateLayout } from '../../ui/generate/generate-layout.js';
import type { FaceBox } from '../../ui/preview/fit.js';
import { WorkerTrainerClient } from '../../worker/worker-client.js';
import { FakeTerminalIn, FakeTerminalOut } from '../fake-terminal.js';

export interface GenerateBenchResult {
  bench: 'generate';
  width: number;
  grid: string;
  terminal: string;
  preview: BenchPreview;
  backend: string;
  presses: number;
  /** Per thread count: key → grid on screen, and key → faces back from the generator (ms). */
  runs: Array<{ threads: number; medianMs: number; minMs: number; maxMs: number; generatorMedianMs: number; samplesMs: number[] }>;
  load: number;
}

export type BenchPreview = 'blocks' | 'sixel' | 'iterm';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** What of a frame shows faces: half-block lines, or the images it sends. */
const faceLines = (frame: string) =>
  frame.includes('\x1bP') || frame.includes('\x1b]1337;File=')
    ? (frame.match(/\x1bP[^\x1b]*\x1b\\|\x1b\]1337;File=[^\x07]*\x07/g) ?? []).join('')
    : frame.split('\n').filter((l) => l.includes('▄')).join('\n');
const showsFaces = (frame: string) => frame.includes('▄') || frame.includes('\x1bP') || frame.includes('\x1b]1337;File=');

/** A terminal whose cells are 10×20 pixels, which shows `preview` (images: as the frame writer draws them). */
function imageTerminal(preview: BenchPreview): TerminalCaps {
  return { ...envCaps({}), sixel: preview === 'sixel', iterm: preview === 'iterm', cell: { width: 10, height: 20 }, answered: true };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A terminal on which the generate view asks for exactly rows×cols faces of these sizes. */
function terminalFor(rows: number, cols: number, boxes?: readonly FaceBox[]): { columns: number; rows: number } {
  for (let r = 20; r <= 80; r++) {
    for (let c = 60; c <= 200; c++) {
      const { shape } = generateLayout({ columns: c, rows: r }, false, 1, boxes);
      if (shape.rows === rows && shape.cols === cols) return { columns: c, rows: r };
    }
  }
  throw new Error(`no terminal size gives a ${rows}×${cols} grid`);
}

async function makeCheckpoint(dir: string, width: number): Promise<string> {
  const cli = fileURLToPath(new URL('../../cli.js', import.meta.url));
  const args = [cli, 'train', '--model', 'acgan', '--width', String(width), '--batch', '4', '--steps', '1', '--run', 'run', '--json'];
  const env: NodeJS.ProcessEnv = { ...process.env, ANIME_GAN_CONFIG_DIR: path.join(dir, '.config'), ANIME_GAN_CACHE: path.join(dir, '.cache') };
  delete env.ANIME_GAN_DATA;
  const code = await new Promise<number | null>((resolve) => spawn(process.execPath, args, { cwd: dir, env, stdio: 'ignore' }).on('close', resolve));
  if (code !== 0) throw new Error(`training the benchmark's checkpoint failed (exit ${code})`);
  const { latestCheckpoint, writeCheckpoint } = await import('../../engine/checkpoint.js');
  const root = path.join(dir, 'run', 'ckpt');
  const found = (await latestCheckpoint(root))!;
  const tensors = [...found.values.values()].map((t) => (/^g\/bn\d\/var$/.test(t.name) ? { ...t, values: t.values.map(() => 1e-3) } : t));
  const { tensors: _t, sha256: _s, format: _f, ...meta } = found.meta;
  await writeCheckpoint(root, { ...meta, step: meta.step + 1 }, tensors);
  return path.join(dir, 'run');
}

async function measure(runDir: string, backend: BackendChoice, threads: number, presses: number, preview: BenchPreview, log: (s: string) => void) {
  const worker = new WorkerTrainerClient(
    { backend, checkpointsDir: path.join(runDir, 'ckpt'), checkpoint: null, runDir, shipped: false, threads },
    new URL('../../worker/generator-worker.js', import.meta.url),
  );
  const answered = new Map<number, number>();
  let sentId = 0;
  let backendName = backend as string;
  const tapped: TrainerClient = {
    send: (c) => {
      if (c.type === 'generate') sentId = c.requestId;
      worker.send(c);
    },
    close: () => worker.close(),
    subscribe: (listener) =>
      worker.subscribe((m: WorkerMessage) => {
        if (m.type === 'generated') answered.set(m.requestId, performance.now());
        if (m.type === 'generator') backendName = m.info.backend;
        listener(m);
      }),
  };
  const env: NodeJS.ProcessEnv = { ...process.env, COLORTERM: 'truecolor', TERM: 'xterm-256color' };
  delete env.TMUX;
  const caps = imageTerminal(preview);
  const images = isImageKind(resolvePreview(preview, env, caps).kind);
  const size = terminalFor(4, 4, images ? generateBoxes(resolvePreview(preview, env, caps), true) : undefined);
  const stdout = new FakeTerminalOut(size.columns, size.rows, { record: true });
  const stdin = new FakeTerminalIn();
  const tree = (
    <TerminalContext.Provider value={caps}>
      <PlaceholderContext.Provider value={true}>
        <GenerateApp client={tapped} preview={preview} env={env} />
      </PlaceholderContext.Provider>
    </TerminalContext.Provider>
  );
  const writer = images ? new FrameWriter(() => ({ columns: stdout.columns, rows: stdout.rows })) : undefined;
  const app = render(tree, {
    stdout: substitutingStream(stdout as unknown as NodeJS.WriteStream, writer),
    stdin: stdin as unknown as NodeJS.ReadStream,
    // As the real command renders (generate-run.tsx), placeholder stream included.
    maxFps: 30,
    incrementalRendering: false,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const settle = async (id: number) => {
    while (!answered.has(id)) await sleep(5);
    // Quiet for a while after the answer: the half-blocks are drawn and shown.
    for (;;) {
      const n = stdout.chunks.length;
      await sleep(400);
      if (stdout.chunks.length === n) return;
    }
  };
  try {
    while (sentId === 0) await sleep(10);
    await settle(sentId);
    const samples: number[] = [];
    const generator: number[] = [];
    for (let i = 0; i < presses + 2; i++) {
      const before = stdout.chunks.length;
      const t0 = performance.now();
      stdin.type('r');
      const id = sentId;
      await settle(id);
      const frames = stdout.chunks.slice(before).map((text, k) => ({ text, t: stdout.times[before + k]! }));
      const final = faceLines([...frames].reverse().find((f) => showsFaces(f.text))!.text);
      const shown = frames.find((f) => faceLines(f.text) === final && !stripVTControlCharacters(f.text).includes('drawing…'));
      if (!shown) throw new Error('the new grid never reached the screen');
      // The first two warm the caches (JIT, sharp, terminal-image) and are not counted.
      if (i >= 2) {
        samples.push(shown.t - t0);
        generator.push(answered.get(id)! - t0);
      }
      log(`  threads ${threads} · press ${i + 1}: ${Math.round(shown.t - t0)} ms (faces back after ${Math.round(answered.get(id)! - t0)} ms)`);
    }
    const round = (x: number) => Math.round(x);
    return {
      backend: backendName,
      size,
      run: {
        threads,
        medianMs: round(median(samples)),
        minMs: round(Math.min(...samples)),
        maxMs: round(Math.max(...samples)),
        generatorMedianMs: round(median(generator)),
        samplesMs: samples.map(round),
      },
    };
  } finally {
    stdin.type('q');
    await Promise.race([app.waitUntilExit(), sleep(3000)]);
    app.unmount();
    await worker.close();
  }
}

export async function benchGenerate(o: { width: number; backend: BackendChoice; presses?: number; preview?: BenchPreview }, log: (s: string) => void): Promise<GenerateBenchResult> {
  const preview = o.preview ?? 'blocks';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agt-genbench-'));
  const presses = o.presses ?? 10;
  try {
    log(`training one step of acgan ×${o.width} for a checkpoint…`);
    const runDir = await makeCheckpoint(dir, o.width);
    const runs: GenerateBenchResult['runs'] = [];
    let backend = '';
    let size = { columns: 0, rows: 0 };
    // One thread, as the command runs it; then a second one joining when the first is slow.
    for (const threads of [1, 2]) {
      const m = await measure(runDir, o.backend, threads, presses, preview, log);
      runs.push(m.run);
      backend = m.backend;
      size = m.size;
    }
    return { bench: 'generate', width: o.width, grid: '4×4', terminal: `${size.columns}×${size.rows}`, preview, backend, presses, runs, load: os.loadavg()[0]! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
