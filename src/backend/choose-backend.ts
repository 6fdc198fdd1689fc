/**
 * Choosing the compute backend: native TensorFlow on a GPU, WebGPU on a hardware GPU, native
 * TensorFlow on the CPU, wasm (XNNPACK) with our extra kernels, then pure JS. `auto` takes the
 * first that starts.
 */
import * as tf from '@tensorflow/tfjs';
import { probe, type BackendName } from './probes.js';
import type { BackendChoice } from '../protocol/vocabulary.js';
import { registerCpuKernels, registerGradients } from './kernels/register-common.js';
import { AppError } from '../util/errors.js';

export type { BackendName } from './probes.js';

export interface BackendSelection {
  /** The backend that runs: a BackendChoice other than 'auto'. */
  name: string;
  device: string;
  /** One sentence on why this backend: asked for, or the first of auto's order that started. */
  reason: string;
  tried: Array<{ name: string; ok: boolean; why: string }>;
}

export interface BackendReport {
  name: BackendName;
  ok: boolean;
  device?: string;
  /** For a backend that works: a caveat, e.g. that `auto` passes it over. */
  note?: string;
  reason?: string;
  fix?: string;
}

/** A backend the user asked for cannot start here; the message says what to install. */
export class BackendError extends AppError {}

const AUTO_ORDER: BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

/**
 * tfjs warns through console.warn: the cpu backend's "Hi, looks like you are running
 * TensorFlow.js in Node.js" banner, deprecations, re-registrations. Any of them would land in
 * the middle of the TUI or of --json output. In tfjs 4.22 prod mode only silences warnings.
 */
function prepare(): void {
  tf.enableProdMode();
  // Not tf.disableDeprecationWarnings(): that announces itself through console.warn.
  tf.env().set('DEPRECATION_WARNINGS_ENABLED', false);
  registerGradients();
  registerCpuKernels();
}

/**
 * Why this backend, for the dashboard: what was asked and what runs, never what to install (that
 * is `doctor`'s, and only for a backend known to be faster).
 */
function reasonFor(choice: BackendChoice, name: BackendName, passed: BackendName[]): string {
  if (choice !== 'auto') return `${name}: requested`;
  if (passed.length === 0) return `${name}: the fastest backend available`;
  return `${name}: the first that starts here (${passed.join(', ')} did not; see doctor)`;
}

/**
 * Starts tfjs on the chosen backend. `auto` falls through the list; an explicit choice tries
 * only itself and throws a one-line Error naming what to install.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  prepare();
  const candidates = choice === 'auto' ? AUTO_ORDER : [choice];
  const tried: BackendSelection['tried'] = [];
  let failed: { reason: string; fix: string } | null = null;
  for (const name of candidates) {
    const result = await probe(name, { auto: choice === 'auto' });
    if (result.ok) {
      tried.push({ name, ok: true, why: result.device });
      const passed = tried.filter((t) => !t.ok).map((t) => t.name as BackendName);
      return { name, device: result.device, reason: reasonFor(choice, name, passed), tried };
    }
    tried.push({ name, ok: false, why: result.reason });
    failed = result;
  }
  if (choice !== 'auto' && failed != null) {
    throw new BackendError(`backend '${choice}' is unavailable: ${failed.reason}; ${failed.fix}`);
  }
  throw new BackendError(`no compute backend could start: ${tried.map((t) => `${t.name}: ${t.why}`).join('; ')}`);
}

/**
 * Tries every backend in turn (for `doctor`), then returns tfjs to the backend it was on.
 */
export async function describeBackends(): Promise<BackendReport[]> {
  prepare();
  const previous = tf.engine().backendName as string | undefined;
  const reports: BackendReport[] = [];
  for (const name of AUTO_ORDER) {
    const result = await probe(name);
    reports.push(
      result.ok
        ? { name, ok: true, device: result.device, ...(result.note ? { note: result.note } : {}) }
        : { name, ok: false, reason: result.reason, fix: result.fix },
    );
  }
  if (previous) await tf.setBackend(previous);
  return reports;
}
