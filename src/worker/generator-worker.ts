/**
 * The generator thread of the standalone generate view: loads a checkpoint's generator and
 * answers 'generate' commands with 'generated' messages, speaking the trainer worker's protocol
 * so the same view and client work with either. Other trainer commands mean nothing here, except
 * 'stop', which ends the thread.
 *
 * One request can be shared with helper threads (the same file, started with `helper: true`):
 * this thread plans the noise and conditions, hands the later faces to the helpers, draws the
 * first ones itself, and tiles the lot. The split does not change a face: each is a function of
 * its own noise and conditions only (inference-mode batch norm). It is only made on the plain
 * wasm path (see splitSound).
 */
import path from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend/choose-backend.js';
import { Z_DIM } from '../engine/config.js';
import { planNoise } from '../engine/face-request.js';
import { loadGenerator, type LoadedGenerator } from '../generate/load-generator.js';
import { nativeAddon } from '../backend/kernels/native-addon.js';
import { generateFaces } from '../engine/sampler.js';
import { checkCommand, type GenerateRequest, type TrainerCommand, type WorkerMessage } from '../protocol/messages.js';
import { gridCols, gridOf } from '../generate/face-grid.js';
import type { GeneratorJob, HelperResult, HelperTask } from './generator-job.js';
import { FACE_BYTES } from '../util/face.js';
import { firstLine } from '../util/errors.js';

const port = parentPort;
if (!port) throw new Error('generator-worker must run in a worker thread');
const job = workerData as GeneratorJob & { helper?: boolean };

/** A request slower than this on one thread brings in the helpers (GeneratorJob.splitAboveMs). */
const SLOW_MS = 80;


if (job.helper) void runHelper();
else void runMain();

/** A helper: the same generator, drawing whatever slice of noise it is given. */
async function runHelper(): Promise<void> {
  try {
    await selectBackend(job.backend);
    const gen = await loadGenerator(job.checkpointsDir, job.checkpoint, undefined, { raw: job.raw });
    port!.on('message', (t: HelperTask) => {
      let result: HelperResult;
      try {
        result = { id: t.id, faces: generateFaces(gen.g, t.z, t.cond) };
      } catch (err) {
        result = { id: t.id, error: firstLine(err) };
      }
      port!.postMessage(result, result.faces ? [result.faces.buffer as ArrayBuffer] : []);
    });
    port!.postMessage({ ready: true });
  } catch (err) {
    port!.postMessage({ failed: firstLine(err) });
  }
}

class Helper {
  ready = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (f: Uint8Array) => void; reject: (e: Error) => void }>();
  readonly worker: Worker;

  /** onReady: the helper has loaded its generator and takes shares from now on. */
  constructor(checkpoint: string, onReady: () => void) {
    this.worker = new Worker(new URL(import.meta.url), { workerData: { ...job, checkpoint, helper: true } });
    this.worker.on('message', (m: HelperResult & { ready?: boolean; failed?: string }) => {
      if (m.ready) {
        this.ready = true;
        onReady();
      }
      else if (m.failed !== undefined) void this.worker.terminate();
      else this.settle(m);
    });
    // A helper that dies takes its share back to the main thread, never the request down.
    const down = () => {
      this.ready = false;
      for (const w of this.waiting.values()) w.reject(new Error('helper thread ended'));
      this.waiting.clear();
    };
    this.worker.on('error', down);
    this.worker.on('exit', down);
  }

  private settle(m: HelperResult): void {
    const w = this.waiting.get(m.id);
    this.waiting.delete(m.id);
    if (m.faces) w?.resolve(m.faces);
    else w?.reject(new Error(m.error ?? 'helper failed'));
  }

  run(z: Float32Array, cond: Float32Array | null): Promise<Uint8Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const task: HelperTask = { id, z, cond };
      this.worker.postMessage(task, [z.buffer as ArrayBuffer, ...(cond ? [cond.buffer as ArrayBuffer] : [])]);
    });
  }
}

function post(message: WorkerMessage): void {
  port!.postMessage(message, 'grid' in message ? [message.grid.pixels.buffer as ArrayBuffer] : []);
}

function warn(message: string): void {
  post({ type: 'event', event: { type: 'warning', time: Date.now(), message } });
}

async function runMain(): Promise<void> {
  let gen: LoadedGenerator | null = null;
  let helpers: Helper[] = [];
  // Only the newest request matters: the view drops answers to the ones it has superseded.
  let latest: GenerateRequest | null = null;
  let busy = false;
  let stopping = false;
  let answered = 0;
  let splitSound = false;

  const stop = () => {
    stopping = true;
    for (const h of helpers) void h.worker.terminate();
    gen?.dispose();
    post({ type: 'exited', code: 0 });
    port!.close();
  };

  const drain = async () => {
    if (busy || !gen) return;
    busy = true;
    while (latest && !stopping) {
      const req = latest;
      latest = null;
      try {
        const t0 = performance.now();
        await answer(gen, helpers.filter((h) => h.ready), req);
        // Helpers only where one thread is slow (wasm): with the native kernels a 4×4 grid takes
        // ~40 ms, and a second copy of the model would buy little for its memory and start-up.
        // The first answer warms the JIT and caches, so it does not count.
        answered += 1;
        if (helpers.length === 0 && job.threads > 1 && splitSound && answered >= 2 && performance.now() - t0 > (job.splitAboveMs ?? SLOW_MS)) {
          // Said as a status (the view shows none once the generator is up; the bench and tests
          // wait for it), so that a split can be told from one thread.
          const joined = () => post({ type: 'status', message: `${helpers.filter((h) => h.ready).length + 1} threads share each request` });
          for (let i = 1; i < job.threads; i++) helpers.push(new Helper(gen!.checkpoint, joined));
        }
      } catch (err) {
        warn(firstLine(err));
      }
    }
    busy = false;
  };

  port!.on('message', (value: unknown) => {
    const checked = checkCommand(value);
    if (!checked.ok) return warn(checked.message);
    const cmd: TrainerCommand = checked.value;
    if (cmd.type === 'stop') return stop();
    if (cmd.type !== 'generate') return;
    const { type: _type, ...req } = cmd;
    latest = req;
    // Let a burst of key presses arrive first, then draw the last of them.
    setImmediate(() => void drain());
  });

  try {
    post({ type: 'status', message: 'starting the compute backend…' });
    const backend = await selectBackend(job.backend);
    // Helpers only where each thread computes alone: in its own wasm instance. The native
    // kernels share one process-wide thread pool and BLAS library, which already use every
    // core; two generators on them at once bought no speed, and a grid split that way was seen
    // to differ now and then from one thread's (same seed, same choices, other pixels).
    splitSound = nativeAddon() === null;
    post({ type: 'status', message: `loading the generator from ${job.checkpoint ?? job.checkpointsDir}…` });
    gen = await loadGenerator(job.checkpointsDir, job.checkpoint, (m) => warn(`skipped ${m}`), { raw: job.raw });
    if (stopping) return;
    const vocab = gen.vocab;
    post({
      type: 'generator',
      info: {
        model: gen.config.model,
        width: gen.config.width,
        hairVocab: vocab?.hairVocab ?? [],
        eyesVocab: vocab?.eyesVocab ?? [],
        attributes: vocab ? [...vocab.attributes] : ['hair', 'eyes'],
        runDir: job.runDir,
        run: job.shipped ? 'shipped' : path.basename(path.resolve(job.runDir)),
        shipped: job.shipped ? (gen.about ?? gen.config.model) : null,
        checkpoint: gen.checkpoint,
        weights: gen.weights,
        step: gen.step,
        epoch: gen.epoch,
        backend: backend.name,
        device: backend.device,
      },
    });
    void drain();
  } catch (err) {
    post({ type: 'fatal', message: firstLine(err) });
    post({ type: 'exited', code: 2 });
    helpers = [];
    port!.close();
  }
}

async function answer(gen: LoadedGenerator, helpers: Helper[], req: GenerateRequest): Promise<void> {
  const plan = planNoise(gen.vocab, req);
  const { n } = plan;
  const condWidth = plan.cond ? plan.cond.length / n : 0;
  // Even shares, this thread taking the first; tiny requests are not worth the round trip.
  const parts = n < 4 ? 1 : Math.min(n, helpers.length + 1);
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * n) / parts));
  const slice = (i: number) => ({
    z: plan.z.slice(bounds[i]! * Z_DIM, bounds[i + 1]! * Z_DIM),
    cond: plan.cond ? plan.cond.slice(bounds[i]! * condWidth, bounds[i + 1]! * condWidth) : null,
  });
  const shared = helpers.slice(0, parts - 1).map((h, i) => {
    const part = slice(i + 1);
    return h.run(part.z, part.cond).catch(() => generateFaces(gen.g, slice(i + 1).z, slice(i + 1).cond));
  });
  const own = slice(0);
  const faces = new Uint8Array(n * FACE_BYTES);
  faces.set(generateFaces(gen.g, own.z, own.cond), 0);
  const rest = await Promise.all(shared);
  rest.forEach((part, i) => faces.set(part, bounds[i + 1]! * FACE_BYTES));
  post({ type: 'generated', requestId: req.requestId, grid: gridOf(faces, n, gridCols(req, n)), labels: plan.labels });
}
