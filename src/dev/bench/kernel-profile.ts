/**
 * Per-kernel wall time on one backend, by wrapping every registered kernel function. Shapes are
 * part of the key because a kernel's speed depends on them far more than on its FLOPs.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelFlops } from './kernel-flops.js';

export interface KernelTime {
  kernel: string;
  calls: number;
  ms: number;
  /** Floating-point operations of those calls, in units of 10⁹ (0 for kernels not counted, see kernel-flops.ts). */
  gflop?: number;
}

export interface KernelProfiler {
  reset(): void;
  /** Slowest first; `byShape` splits each kernel by its inputs' shapes. */
  report(byShape: boolean): KernelTime[];
  stop(): void;
}

export function profileKernels(backendName: string): KernelProfiler {
  const times = new Map<string, KernelTime>();
  const originals: Array<[tf.KernelConfig, tf.KernelFunc]> = [];
  for (const config of tf.getKernelsForBackend(backendName)) {
    const inner = config.kernelFunc;
    originals.push([config, inner]);
    // The registry hands out the stored config, so replacing its function takes effect.
    (config as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
      const t0 = performance.now();
      const out = inner(args);
      const ms = performance.now() - t0;
      const shapes = Object.values(args.inputs).map((t) => (t as tf.TensorInfo | undefined)?.shape.join('x') ?? '-');
      const flops = kernelFlops(config.kernelName, args.inputs as Record<string, tf.TensorInfo>, args.attrs as Record<string, unknown>);
      for (const key of [config.kernelName, `${config.kernelName} ${shapes.join(' ')}`]) {
        const entry = times.get(key) ?? { kernel: key, calls: 0, ms: 0, gflop: 0 };
        entry.calls++;
        entry.ms += ms;
        entry.gflop = (entry.gflop ?? 0) + flops / 1e9;
        times.set(key, entry);
      }
      return out;
    };
  }
  return {
    reset: () => times.clear(),
    report: (byShape) =>
      [...times.values()]
        .filter((t) => t.kernel.includes(' ') === byShape)
        .sort((a, b) => b.ms - a.ms)
        .map((t) => ({ ...t, ms: Math.round(t.ms * 10) / 10 })),
    stop: () => {
      for (const [config, inner] of originals) (config as { kernelFunc: tf.KernelFunc }).kernelFunc = inner;
    },
  };
}
