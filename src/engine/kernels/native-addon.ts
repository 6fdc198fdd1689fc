/**
 * The optional native addon (package `anime-gan-native`, built from native/ at install time):
 * OpenBLAS convolutions and matmuls that work inside the wasm backend's heap. Any reason it is
 * missing — not built, no OpenBLAS on the system, switched off — leaves the wasm kernels in
 * charge; loading is tried once per thread.
 */
import { createRequire } from 'node:module';
import os from 'node:os';

/** Offsets are in bytes into `heap`; see native/src/addon.cc for each argument list. */
export interface NativeAddon {
  open(candidates: string, threads: number): string;
  info(): { library: string; config: string; threads: number };
  gemm(heap: ArrayBuffer, args: Float64Array): void;
  conv2d(heap: ArrayBuffer, args: Float64Array): void;
  conv2dBackpropInput(heap: ArrayBuffer, args: Float64Array): void;
  conv2dBackpropFilter(heap: ArrayBuffer, args: Float64Array): void;
  epilogue(heap: ArrayBuffer, args: Float64Array): void;
  biasAct(heap: ArrayBuffer, args: Float64Array): void;
  actGrad(heap: ArrayBuffer, args: Float64Array): void;
  batchNormAct(heap: ArrayBuffer, args: Float64Array): void;
  batchNormActGrad(heap: ArrayBuffer, args: Float64Array): void;
}

export type NativeStatus =
  | { ok: true; addon: NativeAddon; library: string; threads: number }
  | { ok: false; reason: string };

/** Where Debian, Ubuntu and Fedora put OpenBLAS; ANIME_GAN_BLAS names another (colon-separated). */
const BLAS_CANDIDATES = 'libopenblas.so.0:libopenblas.so:libopenblasp.so.0:libopenblas.dylib';

let status: NativeStatus | null = null;

function threadCount(): number {
  const asked = Number(process.env.ANIME_GAN_BLAS_THREADS);
  return Number.isInteger(asked) && asked > 0 ? asked : os.availableParallelism();
}

function load(): NativeStatus {
  const off = process.env.ANIME_GAN_NATIVE;
  if (off === '0' || off === 'off') return { ok: false, reason: 'switched off (ANIME_GAN_NATIVE)' };
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)('anime-gan-native') as NativeAddon;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { ok: false, reason: `anime-gan-native not built (${why})` };
  }
  const why = addon.open(process.env.ANIME_GAN_BLAS || BLAS_CANDIDATES, threadCount());
  if (why !== '') return { ok: false, reason: `no OpenBLAS (${why}); apt-get install libopenblas0` };
  const info = addon.info();
  return { ok: true, addon, library: info.library, threads: info.threads };
}

export function nativeStatus(): NativeStatus {
  status ??= load();
  return status;
}

export function nativeAddon(): NativeAddon | null {
  const s = nativeStatus();
  return s.ok ? s.addon : null;
}
