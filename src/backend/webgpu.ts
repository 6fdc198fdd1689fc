/**
 * The webgpu backend: @tensorflow/tfjs-backend-webgpu on Dawn's Node binding (npm `webgpu`, a
 * prebuilt dawn.node, no download). Both are optional dependencies, imported only here, so a
 * missing one is an ordinary probe result. Dawn drives Vulkan on Linux, Metal on macOS and
 * D3D12 on Windows; on Linux it needs a Vulkan driver, and Mesa's software one (lavapipe) is
 * enough to run, slowly.
 */
import { readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { Probe } from './probe.js';
import { registerWebgpuKernels } from './kernels/webgpu.js';
import { hookDawnTicks, patchReadSync } from './kernels/webgpu-read-sync.js';
import { withQuietStderr } from './quiet-stderr.js';
import { firstLine } from '../util/errors.js';

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface Adapter {
  info?: AdapterInfo;
}
interface Gpu {
  requestAdapter(options?: { powerPreference?: string }): Promise<Adapter | null>;
}
interface DawnModule {
  create(flags: string[]): Gpu;
  globals: Record<string, unknown>;
}

const PACKAGES = 'npm i webgpu @tensorflow/tfjs-backend-webgpu@4.22.0';

/** What to install when Dawn finds no adapter, per platform. */
export function driverFix(platform: NodeJS.Platform = process.platform): string {
  if (platform !== 'linux') return 'update the GPU driver (Dawn uses Metal on macOS, D3D12 on Windows)';
  return (
    "install a Vulkan driver: the GPU vendor's (NVIDIA: the driver's Vulkan ICD; in a container set " +
    'NVIDIA_DRIVER_CAPABILITIES to include graphics), or, to run on the CPU, Mesa ≥ 24 (Debian bookworm: ' +
    "apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1; bookworm's own Mesa 22 is refused by Dawn)"
  );
}

/** lavapipe / llvmpipe / SwiftShader: WebGPU that runs on the CPU. */
export function isSoftwareAdapter(info: AdapterInfo): boolean {
  if (info.isFallbackAdapter === true) return true;
  const text = [info.architecture, info.device, info.description].join(' ');
  return /llvmpipe|lavapipe|swiftshader|software/i.test(text);
}

/** A short name for the header and doctor, e.g. "NVIDIA H100 80GB HBM3". */
export function adapterName(info: AdapterInfo): string {
  const name = (info.description || info.device || info.vendor || 'unnamed adapter').trim();
  return isSoftwareAdapter(info) ? `${name}, software` : name;
}

/**
 * On Linux a hardware GPU shows up as a device node; without one only a software adapter could
 * answer, so `auto` need not load Dawn (21 MB, and lavapipe's warnings on stderr) to find out.
 */
export function gpuDeviceNodes(): string[] {
  const found: string[] = [];
  for (const [dir, pattern] of [['/dev/dri', /^renderD\d+$/], ['/dev', /^(nvidia\d+|dxg)$/]] as const) {
    try {
      for (const name of readdirSync(dir)) if (pattern.test(name)) found.push(`${dir}/${name}`);
    } catch {
      // No such folder: nothing there.
    }
  }
  return found;
}

/** Imported through a variable so that tsc does not need the optional packages' types. */
function importOptional(pkg: string): Promise<unknown> {
  return import(pkg);
}

let gpu: Gpu | null = null;

/** One navigator.gpu per thread: tfjs-backend-webgpu looks for it when it is first imported. */
async function installNavigatorGpu(): Promise<Gpu> {
  if (gpu) return gpu;
  const dawn = (await importOptional('webgpu')) as DawnModule;
  hookDawnTicks();
  // GPUBufferUsage, GPUMapMode, GPUShaderStage…: the backend reads them as globals.
  Object.assign(globalThis, dawn.globals);
  const created = dawn.create([]);
  const g = globalThis as { navigator?: object };
  // Node 20 has no navigator; Node 21+ has one without gpu.
  if (g.navigator == null) g.navigator = { gpu: created };
  else Object.defineProperty(g.navigator, 'gpu', { value: created, configurable: true });
  gpu = created;
  return created;
}

/** Loads Dawn and the backend, with Dawn's start-up chatter kept off the terminal. */
export function probeWebgpu(opts: { auto: boolean }): Promise<Probe> {
  return withQuietStderr(() => startWebgpu(opts));
}

async function startWebgpu(opts: { auto: boolean }): Promise<Probe> {
  if (opts.auto && process.platform === 'linux' && gpuDeviceNodes().length === 0) {
    return { ok: false, reason: 'no GPU device node (/dev/dri/renderD*, /dev/nvidia*)', fix: 'run where a GPU is visible (in a container: pass the device through)' };
  }
  let g: Gpu;
  try {
    g = await installNavigatorGpu();
  } catch (err) {
    const missing = /Cannot find (module|package)/.test(firstLine(err));
    return missing
      ? { ok: false, reason: "npm package webgpu (Dawn's Node binding) not installed", fix: PACKAGES }
      : { ok: false, reason: `Dawn (npm webgpu) failed to load: ${firstLine(err)}`, fix: 'reinstall webgpu' };
  }
  const adapter = await g.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (adapter == null) return { ok: false, reason: 'Dawn found no GPU adapter', fix: driverFix() };
  const info = adapter.info ?? {};
  const device = adapterName(info);
  if (opts.auto && isSoftwareAdapter(info)) {
    return { ok: false, reason: `only a software adapter (${device})`, fix: `${driverFix()}; --backend webgpu uses it anyway` };
  }
  try {
    await importOptional('@tensorflow/tfjs-backend-webgpu');
  } catch (err) {
    return /Cannot find (module|package)/.test(firstLine(err))
      ? { ok: false, reason: '@tensorflow/tfjs-backend-webgpu not installed', fix: PACKAGES }
      : { ok: false, reason: `tfjs-backend-webgpu failed to load: ${firstLine(err)}`, fix: PACKAGES };
  }
  if (tf.findBackendFactory('webgpu') == null) {
    return { ok: false, reason: 'tfjs-backend-webgpu loaded another copy of @tensorflow/tfjs', fix: `npm i @tensorflow/tfjs-backend-webgpu@${tf.version_core}` };
  }
  registerWebgpuKernels();
  // setBackend logs and returns false when the device cannot be made.
  const started = await tf.setBackend('webgpu').catch(() => false);
  if (!started) return { ok: false, reason: `the webgpu backend failed to start on ${device}`, fix: driverFix() };
  patchReadSync(tf.backend(), tf.util.convertBackendValuesAndArrayBuffer);
  const check = readBackCheck();
  if (check) return { ok: false, reason: `webgpu runs but cannot read results back: ${check}`, fix: 'npm i webgpu@0.6.2 (the version this was written against)' };
  return isSoftwareAdapter(info)
    ? { ok: true, device, note: 'a software adapter: --backend auto passes it over; --backend webgpu uses it' }
    : { ok: true, device };
}

/** Large enough to run on the GPU rather than the backend's CPU shortcut for small tensors. */
function readBackCheck(): string | null {
  try {
    const sum = tf.tidy(() => tf.sum(tf.add(tf.ones([4096]), tf.ones([4096]))));
    const value = sum.dataSync()[0];
    sum.dispose();
    return value === 8192 ? null : `1 + 1 summed to ${value}, not 8192`;
  } catch (err) {
    return firstLine(err);
  }
}
