/**
 * Where a training step's arithmetic goes, against the machine's measured peak: GFLOP/s of every
 * convolution and matrix product by shape, and of the whole step, so the next person knows what
 * is left (a layer far below the peak is worth work; the step's share says how much time goes
 * to everything that is not arithmetic).
 */
import { nativeModule } from '../../backend/kernels/native-addon.js';
import type { KernelTime } from './kernel-profile.js';

export interface LayerFlops {
  kernel: string;
  /** Per step. */
  calls: number;
  ms: number;
  gflops: number;
  /** Of the measured peak; null where none was measured. */
  share: number | null;
}

export interface StepFlops {
  /** The kernel threads' fused multiply-add rate, measured right before the timed steps (GFLOP/s). */
  peakGflops: number | null;
  /** Arithmetic of one step (convolutions and matrix products), in GFLOP. */
  stepGflop: number;
  /** That arithmetic over the whole step's time, and its share of the peak. */
  stepGflops: number;
  stepShare: number | null;
  /** Time per step in those kernels, and their rate there. */
  arithmeticMs: number;
  arithmeticGflops: number;
  /** Per kernel and shape, slowest first. */
  layers: LayerFlops[];
}

/** The peak to hold the kernels against, or null without the native addon. */
export function measurePeak(ms = 300): number | null {
  const addon = nativeModule();
  if (addon == null || typeof addon.peakGflops !== 'function') return null;
  addon.peakGflops(ms / 3); // wakes the threads and the vector units
  return addon.peakGflops(ms);
}

const round = (x: number, places = 1) => Math.round(x * 10 ** places) / 10 ** places;

/** From the profiler's per-shape report over `steps` steps of `msPerStep` each. */
export function stepFlops(byShape: KernelTime[], steps: number, msPerStep: number, peakGflops: number | null): StepFlops {
  const counted = byShape.filter((k) => (k.gflop ?? 0) > 0);
  const gflop = counted.reduce((sum, k) => sum + k.gflop!, 0) / steps;
  const ms = counted.reduce((sum, k) => sum + k.ms, 0) / steps;
  const share = (rate: number) => (peakGflops ? round(rate / peakGflops, 3) : null);
  const layers = counted.map((k) => {
    const gflops = k.gflop! / (k.ms / 1000);
    return { kernel: k.kernel, calls: k.calls / steps, ms: round(k.ms / steps), gflops: round(gflops), share: share(gflops) };
  });
  const stepGflops = gflop / (msPerStep / 1000);
  return {
    peakGflops: peakGflops === null ? null : round(peakGflops),
    stepGflop: round(gflop, 3),
    stepGflops: round(stepGflops),
    stepShare: share(stepGflops),
    arithmeticMs: round(ms),
    arithmeticGflops: round(gflop / (ms / 1000)),
    layers: layers.sort((a, b) => b.ms - a.ms),
  };
}

const percent = (share: number | null) => (share === null ? '' : ` (${Math.round(share * 100)}% of peak)`);

/** The readable form: one line for the step, then the slowest layers. */
export function formatFlops(f: StepFlops, top = 12): string[] {
  const peak = f.peakGflops === null ? 'peak not measured (no native addon)' : `measured peak ${f.peakGflops} GFLOP/s`;
  const lines = [
    `${peak}; a step does ${f.stepGflop} GFLOP: ${f.stepGflops} GFLOP/s over the step${percent(f.stepShare)}, ` +
      `${f.arithmeticGflops} GFLOP/s in convolutions and products (${f.arithmeticMs} ms a step)`,
  ];
  for (const l of f.layers.slice(0, top)) {
    lines.push(`  ${l.ms.toFixed(1).padStart(6)} ms  ${String(l.gflops).padStart(6)} GFLOP/s${percent(l.share)}  ${l.kernel} ×${l.calls}`);
  }
  return lines;
}
