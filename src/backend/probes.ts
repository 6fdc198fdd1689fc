/**
 * Loading one compute backend: each probe either leaves tfjs running on it and describes the
 * device, or says why it cannot and what would fix that. Optional packages are loaded with a
 * dynamic import, so a missing one is an ordinary outcome rather than a crash at startup.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendName, Probe, ProbeOptions } from './probe.js';
import { firstLine } from '../util/errors.js';

export type { BackendName, Probe, ProbeOptions } from './probe.js';

const require = createRequire(import.meta.url);

/** tfjs-node-gpu 4.x runs libtensorflow 2.9.1, which was built against exactly these. */
const CUDA_LIBS =
  'libtensorflow 2.9.1 needs CUDA 11.2 and cuDNN 8.1: check nvidia-smi, and that libcudart.so.11.0 and libcudnn.so.8 are on LD_LIBRARY_PATH';

const NATIVE = {
  'tensorflow-gpu': {
    pkg: '@tensorflow/tfjs-node-gpu',
    short: 'tfjs-node-gpu',
    // Its install step downloads libtensorflow from Google's storage, which answers 403 (tfjs#8742).
    fix:
      'npm i @tensorflow/tfjs-node-gpu@4.22.0 to train on an NVIDIA GPU (CUDA 11.2, cuDNN 8.1); its install downloads ' +
      'libtensorflow 2.9.1: where that is refused, point TFJS_NODE_CDN_STORAGE (a mirror of https://storage.googleapis.com/) ' +
      'or TFJS_NODE_BASE_URI (the full …/libtensorflow/libtensorflow- prefix) at a mirror',
  },
  tensorflow: {
    pkg: '@tensorflow/tfjs-node',
    short: 'tfjs-node',
    fix: 'npm i @tensorflow/tfjs-node to use native TensorFlow',
  },
} as const;

function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** tfjs-node cannot name the GPU it uses; nvidia-smi can, when it is on PATH. */
function gpuName(): string {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\n')[0]!.trim() || 'NVIDIA GPU';
  } catch {
    return 'NVIDIA GPU';
  }
}

async function probeNative(name: 'tensorflow-gpu' | 'tensorflow'): Promise<Probe> {
  const { pkg, short, fix } = NATIVE[name];
  // tfjs-node-gpu also registers 'tensorflow'; a second native library would not register.
  const registered = tf.findBackendFactory('tensorflow') != null;
  if (!registered || name === 'tensorflow-gpu') {
    if (!isInstalled(pkg)) return { ok: false, reason: `${short} not installed`, fix };
    // TensorFlow's C++ start-up chatter goes to stderr unless told otherwise.
    process.env['TF_CPP_MIN_LOG_LEVEL'] ??= '2';
    try {
      await import(pkg);
    } catch (err) {
      const fix = name === 'tensorflow-gpu' ? `${CUDA_LIBS}; or reinstall ${pkg}` : `reinstall ${pkg}`;
      return { ok: false, reason: `${short} failed to load: ${firstLine(err)}`, fix };
    }
    if (tf.findBackendFactory('tensorflow') == null) {
      return {
        ok: false,
        reason: `${short} loaded another copy of @tensorflow/tfjs`,
        fix: `npm i ${pkg}@${tf.version_core} to match @tensorflow/tfjs`,
      };
    }
  }
  if (!(await tf.setBackend('tensorflow'))) {
    return { ok: false, reason: `${short} failed to start`, fix: `reinstall ${pkg}` };
  }
  const onGpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
  if (name === 'tensorflow-gpu') {
    return onGpu
      ? { ok: true, device: gpuName() }
      : { ok: false, reason: 'tfjs-node-gpu sees no CUDA GPU', fix: CUDA_LIBS };
  }
  return { ok: true, device: `CPU · TensorFlow · ${os.availableParallelism()} threads` };
}

/** The folder holding the .wasm binaries, found from this module rather than the cwd. */
function wasmDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

async function probeWasm(): Promise<Probe> {
  try {
    // Imported only here: loading it makes wasm tfjs's preferred backend for the process.
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const { registerWasmKernels, nativeStatus, nativeNote } = await import('./kernels/index.js');
    registerWasmKernels();
    wasm.setWasmPaths(wasmDir());
    if (!(await tf.setBackend('wasm'))) {
      return {
        ok: false,
        reason: 'the wasm backend failed to start',
        fix: 'reinstall @tensorflow/tfjs-backend-wasm (its .wasm files are missing or unreadable)',
      };
    }
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    // The optional native addon takes over convolutions, matmuls and fused norms when it loads:
    // the device names what runs the convolutions, and the threads that run them.
    const native = nativeStatus();
    const kernels = native.ok ? (native.convolutions.onednn ? 'oneDNN' : 'OpenBLAS') : simd ? 'wasm SIMD' : 'wasm';
    const threads = native.ok ? native.threads : wasm.getThreadsCount();
    return { ok: true, device: `CPU · ${kernels} · ${threads} thread${threads === 1 ? '' : 's'}`, note: nativeNote() };
  } catch (err) {
    return {
      ok: false,
      reason: `the wasm backend failed to load: ${firstLine(err)}`,
      fix: 'npm i @tensorflow/tfjs-backend-wasm',
    };
  }
}

async function probeCpu(): Promise<Probe> {
  if (!(await tf.setBackend('cpu'))) {
    return { ok: false, reason: 'the cpu backend failed to start', fix: 'reinstall @tensorflow/tfjs' };
  }
  return { ok: true, device: 'CPU · pure JS · 1 thread' };
}

export async function probe(name: BackendName, opts: ProbeOptions = { auto: false }): Promise<Probe> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return probeNative(name);
    case 'webgpu': {
      // Imported here so that nothing of Dawn's loads unless webgpu is probed.
      const { probeWebgpu } = await import('./webgpu.js');
      return probeWebgpu(opts);
    }
    case 'wasm':
      return probeWasm();
    case 'cpu':
      return probeCpu();
  }
}
