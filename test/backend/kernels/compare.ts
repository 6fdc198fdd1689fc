/** Runs the same computation on the cpu backend (the reference) and on wasm with our kernels. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { registerCpuKernels, registerWasmKernels } from '../../../src/backend/kernels/index.js';

export async function setupBackends(): Promise<void> {
  tf.enableProdMode();
  registerWasmKernels();
  registerCpuKernels();
  await tf.setBackend('wasm');
}

/** Deterministic values in [−1, 1): both backends must see the same inputs. */
export function values(shape: number[], seed: number): Float32Array {
  let s = seed * 2654435761 + 1;
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

/** `fn` builds its tensors from plain arrays, so it runs unchanged on either backend. */
export async function onBoth(
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const out = tf.tidy(fn);
    const list = Array.isArray(out) ? out : [out];
    const data = list.map((t) => t.dataSync() as Float32Array);
    tf.dispose(list);
    return data;
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  return { cpu, wasm };
}

/** Largest difference within `rtol` of the reference's largest magnitude. */
export function expectClose(actual: Float32Array, expected: Float32Array, rtol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
  }
  expect(scale).toBeGreaterThan(0);
  expect(diff).toBeLessThanOrEqual(rtol * scale);
}

export async function expectSameOnBoth(fn: () => tf.Tensor | tf.Tensor[], rtol = 1e-4): Promise<void> {
  const { cpu, wasm } = await onBoth(fn);
  expect(wasm.length).toBe(cpu.length);
  cpu.forEach((ref, i) => expectClose(wasm[i]!, ref, rtol));
}

/** Tensors and wasm heap buffers both, so a kernel that forgets an intermediate shows. */
export function allocations(): { tensors: number; buffers: number } {
  return { tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() };
}

export async function expectNoLeak(fn: () => tf.Tensor | tf.Tensor[], repeats = 3): Promise<void> {
  await tf.setBackend('wasm');
  tf.dispose(tf.tidy(fn));
  const before = allocations();
  for (let i = 0; i < repeats; i++) tf.dispose(tf.tidy(fn));
  expect(allocations()).toEqual(before);
}
