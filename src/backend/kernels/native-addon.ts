/**
 * The optional native addon (built from native/ at install time, see native-location.ts):
 * convolutions (oneDNN where it opens, else im2col + OpenBLAS) and matmuls that work inside the
 * wasm backend's heap, fused norms, and a bulk JPEG decoder. Any reason a part is missing — not
 * built, no OpenBLAS, oneDNN or libjpeg on the system, switched off — leaves the next kernel
 * down (OpenBLAS's, wasm's, sharp) in charge; loading is tried once.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { findAddon, missingReason, type AddonLocation } from './native-location.js';
import { firstLine } from '../../util/errors.js';

/** Offsets are in bytes into `heap`; see native/src/addon.cc for each argument list. */
export interface NativeAddon {
  setThreads(n: number): void;
  open(candidates: string): string;
  /** onednn: "oneDNN 2.6.3 (brgconv:avx512_core)", or "" when the convolutions are not on it. */
  info(): { library: string; config: string; threads: number; onednn: string };
  /** "" names the libraries matching the headers the addon was built with. */
  openOneDnn(candidates: string): string;
  /** Convolutions on oneDNN (true, when open) or on im2col + OpenBLAS (false). */
  useOneDnn(on: boolean): void;
  /** The kernel threads' fused multiply-add rate over about `ms`, in GFLOP/s: the machine's peak. */
  peakGflops(ms: number): number;
  gemm(heap: ArrayBuffer, args: Float64Array): void;
  conv2d(heap: ArrayBuffer, args: Float64Array): void;
  conv2dBackpropInput(heap: ArrayBuffer, args: Float64Array): void;
  conv2dBackpropFilter(heap: ArrayBuffer, args: Float64Array): void;
  epilogue(heap: ArrayBuffer, args: Float64Array): void;
  biasAct(heap: ArrayBuffer, args: Float64Array): void;
  actGrad(heap: ArrayBuffer, args: Float64Array): void;
  /** One Adam update (native/src/adam.h); absent from addons built before it. */
  adam?(heap: ArrayBuffer, args: Float64Array): void;
  batchNormAct(heap: ArrayBuffer, args: Float64Array): void;
  batchNormActGrad(heap: ArrayBuffer, args: Float64Array): void;
  columnSums(heap: ArrayBuffer, args: Float64Array): void;
  openJpeg(candidates: string): string;
  /** Status per path: 0 decoded into slot firstSlot + i of out, 1 declined (left to sharp). */
  decodeJpegFiles(paths: string[], out: Uint8Array, firstSlot: number, side: number): Uint8Array;
  /** Sends fd 2 to a temporary file until releaseStderr(), which returns what was written. */
  captureStderr(): boolean;
  releaseStderr(): string;
}

export type NativeStatus =
  | {
      ok: true;
      addon: NativeAddon;
      library: string;
      threads: number;
      /** The convolutions' library: oneDNN's version, or why they stay on OpenBLAS. */
      convolutions: { onednn: true; version: string } | { onednn: false; reason: string };
    }
  | { ok: false; reason: string };

/** Where Debian, Ubuntu and Fedora put OpenBLAS; ANIME_GAN_BLAS names another (colon-separated). */
const BLAS_CANDIDATES = 'libopenblas.so.0:libopenblas.so:libopenblasp.so.0:libopenblas.dylib';
const JPEG_CANDIDATES = 'libjpeg.so.62:libjpeg.so.8:libjpeg.so';

type Loaded = { addon: NativeAddon; location: AddonLocation } | { reason: string };

let module: Loaded | null = null;
let blas: NativeStatus | null = null;
let jpeg: NativeAddon | null | undefined;

function threadCount(): number {
  const asked = Number(process.env.ANIME_GAN_THREADS);
  return Number.isInteger(asked) && asked > 0 ? asked : os.availableParallelism();
}

function loadModule(): Loaded {
  const off = process.env.ANIME_GAN_NATIVE;
  if (off === '0' || off === 'off') return { reason: 'switched off (ANIME_GAN_NATIVE=0)' };
  const location = findAddon();
  if (!location) return { reason: missingReason() };
  try {
    const addon = createRequire(import.meta.url)(location.path) as NativeAddon;
    addon.setThreads(threadCount());
    return { addon, location };
  } catch (err) {
    const why = firstLine(err);
    return { reason: `${location.path} failed to load (${why})` };
  }
}

/** The addon itself, whether or not OpenBLAS opens (for what needs neither BLAS nor libjpeg). */
export function nativeModule(): NativeAddon | null {
  module ??= loadModule();
  return 'addon' in module && typeof module.addon.captureStderr === 'function' ? module.addon : null;
}

/** Where the loaded addon came from, or why there is none (for `doctor`). */
export function nativeOrigin(): { location: AddonLocation } | { reason: string } {
  module ??= loadModule();
  return 'addon' in module ? { location: module.location } : { reason: module.reason };
}

/** The addon with OpenBLAS open, or why not. */
export function nativeStatus(): NativeStatus {
  if (blas) return blas;
  module ??= loadModule();
  if (!('addon' in module)) return (blas = { ok: false, reason: module.reason });
  const { addon } = module;
  const why = addon.open(process.env.ANIME_GAN_BLAS || BLAS_CANDIDATES);
  if (why !== '') return (blas = { ok: false, reason: `no OpenBLAS (${why}); apt-get install libopenblas0` });
  const info = addon.info();
  return (blas = { ok: true, addon, library: info.library, threads: info.threads, convolutions: openOneDnn(addon) });
}

/** ANIME_GAN_DNNL=0 keeps the convolutions on OpenBLAS; another value names the libraries to try. */
function openOneDnn(addon: NativeAddon): Extract<NativeStatus, { ok: true }>['convolutions'] {
  const asked = process.env.ANIME_GAN_DNNL ?? '';
  if (asked === '0' || asked === 'off') return { onednn: false, reason: 'switched off (ANIME_GAN_DNNL=0)' };
  // An addon built from older sources, in a clone whose install step has not run since.
  if (typeof addon.openOneDnn !== 'function') return { onednn: false, reason: 'the addon was built without oneDNN support' };
  const why = addon.openOneDnn(asked);
  if (why !== '') return { onednn: false, reason: why };
  return { onednn: true, version: addon.info().onednn };
}

export function nativeAddon(): NativeAddon | null {
  const s = nativeStatus();
  return s.ok ? s.addon : null;
}

/** The addon with libjpeg open, or null. */
export function nativeJpeg(): NativeAddon | null {
  if (jpeg !== undefined) return jpeg;
  module ??= loadModule();
  jpeg = 'addon' in module && module.addon.openJpeg(JPEG_CANDIDATES) === '' ? module.addon : null;
  return jpeg;
}
