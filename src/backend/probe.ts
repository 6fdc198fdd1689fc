/**
 * What probing a compute backend answers. Its own module because both the probes and the WebGPU
 * probe they load lazily speak it, and neither should import the other for a type.
 */
import type { BackendChoice } from '../protocol/vocabulary.js';

export type BackendName = Exclude<BackendChoice, 'auto'>;

export type Probe =
  | { ok: true; device: string; /** Something worth knowing even though it works. */ note?: string }
  | { ok: false; reason: string; fix: string };

export interface ProbeOptions {
  /** Probing for `--backend auto`: webgpu then refuses a software adapter. */
  auto: boolean;
}
