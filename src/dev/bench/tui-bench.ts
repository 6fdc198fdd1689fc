/**
 * What the dashboard costs training: img/s of the same worker-thread trainer with no UI and
 * with the dashboard attached (rendered into a fake terminal of a set size, half-block or sixel
 * previews, the real frame pacing), runs alternating so that drift on a shared machine hits both alike;
 * and the share of a core the UI thread spends meanwhile.
 *
 * The trainer runs in its worker, so the main thread's CPU time is the UI's. It is read per
 * thread from /proc (Linux); elsewhere the main event loop's utilisation stands in.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultConfig, type BackendChoice, type ModelKind } from '../../engine/config.js';
import type { StartEvent } from '../../protocol/events.js';
import { tapClient } from '../../protocol/client.js';
import type { WorkerMessage } from '../../protocol/messages.js';
import type { TrainJob } from '../../run/train-job.js';
import { WorkerTrainerClient } from '../../worker/worker-client.js';
import { fakeTerminal } from '../fake-terminal.js';

export interface TuiBenchOptions {
  model: ModelKind;
  width: number;
  batch: number;
  backend: BackendChoice;
  /** Steps timed per run, after `warmup` untimed ones. */
  steps: number;
  warmup: number;
  /** Runs of each mode. */
  rounds: number;
  columns: number;
  rows: number;
  sampleEvery: number;
  /** How the faces are drawn: half-blocks, or sixel / iTerm2 images through the frame writer. */
  preview: 'blocks' | 'sixel' | 'iterm';
}

interface RunResult {
  mode: 'headless' | 'tui';
  imgPerSec: number;
  /** Main-thread CPU seconds per wall second over the timed steps. */
  mainCpuShare: number | null;
  /** Images per CPU second of the trainer's threads, and the share of a core they got. */
  imgPerTrainerCpuSec: number | null;
  trainerCpuShare: number | null;
  /** The machine's 1-minute load average at the end of the run. */
  load: number;
  eventLoopUtilization: number;
}

export interface TuiBenchResult {
  bench: 'tui';
  model: ModelKind;
  width: number;
  batch: number;
  steps: number;
  warmup: number;
  rounds: number;
  terminal: string;
  preview: TuiBenchOptions['preview'];
  backend: string;
  device: string;
  imgPerSecHeadless: number;
  imgPerSecTui: number;
  ratio: number;
  /** The same ratio over the trainer thread's CPU time: what is left when the machine's load is taken out. */
  cpuRatio: number | null;
  /** The UI thread's share of one core with the dashboard attached (headless: the baseline). */
  uiCpuShare: number;
  uiCpuShareHeadless: number;
  runs: RunResult[];
}

/** CPU seconds of the whole process and of its main thread (null where /proc has no per-thread times). */
function cpuNow(): { process: number; main: number | null } {
  const usage = process.cpuUsage();
  let main: number | null = null;
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (USER_HZ, 100 on Linux).
    main = (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    // Not Linux: the event loop's utilisation stands in for the main thread.
  }
  return { process: (usage.user + usage.system) / 1e6, main };
}

/**
 * CPU seconds of the main thread and of everything else (the trainer's worker and the threads
 * its backend and libraries start) between two readings. Process totals count threads that
 * have ended, which per-thread readings would lose. On a machine shared with other work,
 * wall-clock img/s moves with the load; img per trainer CPU second says whether the
 * dashboard slowed the training itself.
 */
function cpuBetween(a: ReturnType<typeof cpuNow>, b: ReturnType<typeof cpuNow>): { main: number; trainer: number } | null {
  if (a.main === null || b.main === null) return null;
  const main = b.main - a.main;
  return { main, trainer: b.process - a.process - main };
}

function job(o: TuiBenchOptions, runDir: string): TrainJob {
  return {
    config: { ...defaultConfig(o.model), model: o.model, width: o.width, batch: o.batch, sampleEvery: o.sampleEvery },
    explicit: {},
    dataDir: null,
    dataFrom: 'none',
    skipBad: false,
    backend: o.backend,
    runDir,
    resume: false,
    until: { steps: o.warmup + o.steps },
    keepCheckpoints: 1,
    // Only the final checkpoint, after the timed steps.
    checkpointEvery: 0,
  };
}

async function oneRun(mode: RunResult['mode'], o: TuiBenchOptions, onStart: (e: StartEvent) => void): Promise<RunResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agt-bench-'));
  const worker = new WorkerTrainerClient(job(o, dir));
  const last = o.warmup + o.steps;
  let t0 = 0;
  let t1 = 0;
  let cpu0 = cpuNow();
  let cpu1 = cpu0;
  let wall0 = 0;
  let wall1 = 0;
  let elu0 = performance.eventLoopUtilization();
  let elu = 0;
  let failure: string | null = null;
  let finished: () => void = () => {};
  const over = new Promise<void>((resolve) => (finished = resolve));
  const observe = (m: WorkerMessage) => {
    if (m.type === 'fatal') failure = m.message;
    if (m.type === 'exited') finished();
    if (m.type !== 'event') return;
    const e = m.event;
    if (e.type === 'start') onStart(e);
    if (e.type === 'done') finished();
    if (e.type !== 'step') return;
    if (e.step === o.warmup) {
      t0 = e.time;
      cpu0 = cpuNow();
      wall0 = performance.now();
      elu0 = performance.eventLoopUtilization();
    } else if (e.step === last) {
      t1 = e.time;
      cpu1 = cpuNow();
      wall1 = performance.now();
      elu = performance.eventLoopUtilization(elu0).utilization;
    }
  };
  try {
    if (mode === 'headless') {
      worker.subscribe(observe);
      await over;
    } else {
      const { runTrainUi } = await import('../../ui/train/run-train-ui.js');
      // The dashboard subscribes as usual; the bench reads the same messages on their way in.
      const tapped = tapClient(worker, observe);
      const terminal = fakeTerminal(o.columns, o.rows);
      const ui = runTrainUi(tapped, {
        ...terminal.streams,
        preview: o.preview,
        patchConsole: false,
        env: { ...process.env, COLORTERM: 'truecolor', TERM: 'xterm-256color' },
      });
      await over;
      // Training is over, so one q leaves at once, as a user would.
      terminal.input.type('q');
      await ui;
    }
    await worker.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (failure) throw new Error(`trainer failed: ${failure}`);
  if (t1 <= t0) throw new Error('the trainer did not report the timed steps');
  const wall = (wall1 - wall0) / 1000;
  const cpu = wall > 0 ? cpuBetween(cpu0, cpu1) : null;
  const images = o.batch * o.steps;
  return {
    mode,
    imgPerSec: round(images / ((t1 - t0) / 1000)),
    mainCpuShare: cpu ? round(cpu.main / wall, 3) : null,
    imgPerTrainerCpuSec: cpu && cpu.trainer > 0 ? round(images / cpu.trainer) : null,
    trainerCpuShare: cpu ? round(cpu.trainer / wall, 3) : null,
    eventLoopUtilization: round(elu, 3),
    load: round(os.loadavg()[0]!),
  };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export async function benchTui(o: TuiBenchOptions, log: (line: string) => void = () => {}): Promise<TuiBenchResult> {
  // sharp must be loaded by the main thread before a worker uses it (lovell/sharp#2263).
  await import('sharp');
  let start: StartEvent | null = null;
  const runs: RunResult[] = [];
  // ABBA order, so a machine that speeds up or slows down over the bench favours neither.
  for (let r = 0; r < o.rounds; r++) {
    const order: Array<RunResult['mode']> = r % 2 === 0 ? ['headless', 'tui'] : ['tui', 'headless'];
    for (const mode of order) {
      const result = await oneRun(mode, o, (e) => (start = e));
      log(
        `${mode}: ${result.imgPerSec} img/s, ${result.imgPerTrainerCpuSec ?? '?'} img per trainer CPU s, ` +
          `trainer ${result.trainerCpuShare ?? '?'} and UI ${result.mainCpuShare ?? '?'} of a core, load ${result.load}`,
      );
      runs.push(result);
    }
  }
  const of = (mode: RunResult['mode']) => runs.filter((r) => r.mode === mode);
  const share = (list: RunResult[]) => mean(list.map((r) => r.mainCpuShare ?? r.eventLoopUtilization));
  const headless = mean(of('headless').map((r) => r.imgPerSec));
  const tui = mean(of('tui').map((r) => r.imgPerSec));
  const perCpu = (mode: RunResult['mode']) => {
    const xs = of(mode).map((r) => r.imgPerTrainerCpuSec);
    return xs.every((x) => x !== null) ? mean(xs as number[]) : null;
  };
  const s = start as StartEvent | null;
  return {
    bench: 'tui',
    model: o.model,
    width: o.width,
    batch: o.batch,
    steps: o.steps,
    warmup: o.warmup,
    rounds: o.rounds,
    terminal: `${o.columns}x${o.rows}`,
    preview: o.preview,
    backend: s?.backend ?? o.backend,
    device: s?.device ?? '',
    imgPerSecHeadless: round(headless),
    imgPerSecTui: round(tui),
    ratio: round(tui / headless, 3),
    cpuRatio: perCpu('tui') && perCpu('headless') ? round(perCpu('tui')! / perCpu('headless')!, 3) : null,
    uiCpuShare: round(share(of('tui')), 3),
    uiCpuShareHeadless: round(share(of('headless')), 3),
    runs,
  };
}
