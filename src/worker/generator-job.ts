/** What the standalone generator thread is started with (plain data: it crosses the thread boundary). */
import type { BackendChoice } from '../engine/config.js';

/** The standalone generator thread's script. */
export const GENERATOR_WORKER = new URL('./generator-worker.js', import.meta.url);

export interface GeneratorJob {
  backend: BackendChoice;
  /** The run's checkpoints folder: its newest good checkpoint is used unless `checkpoint` names one. */
  checkpointsDir: string;
  checkpoint: string | null;
  /** Run folder: where saved PNGs go, and the name shown. */
  runDir: string;
  /** The checkpoint is the model that ships with the package (the view says so). */
  shipped: boolean;
  /** Draw with G's own weights, not the run's average of them (generate --raw). */
  raw?: boolean;
  /**
   * Most threads that share each request (this one plus helpers), brought in when one thread is
   * slow: a 4×4 grid at width 1 took ~150 ms of one core on plain wasm, about half on two. With
   * the native kernels, which use every core themselves, the command asks for one.
   */
  threads: number;
  /** How slow (ms) a request on one thread must be to bring in the helpers; default 80. */
  splitAboveMs?: number;
}

/** A helper thread's part of a request: noise and conditions in, RGB bytes out. */
export interface HelperTask {
  id: number;
  z: Float32Array;
  cond: Float32Array | null;
}

export interface HelperResult {
  id: number;
  faces?: Uint8Array;
  error?: string;
}

/** A job drawing from the model that ships with the package; saved faces go where the user stands. */
export function shippedJob(backend: BackendChoice, checkpoint: string): GeneratorJob {
  return { backend, checkpointsDir: '', checkpoint, runDir: process.cwd(), shipped: true, threads: 1 };
}
