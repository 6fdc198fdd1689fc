import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeBackends, selectBackend } from '../../src/backend/choose-backend.js';
import { adapterName, driverFix, gpuDeviceNodes, isSoftwareAdapter } from '../../src/backend/webgpu.js';
import { formatReport } from '../../src/commands/doctor.js';

/** Where a GPU is visible, auto may stop at webgpu before wasm. */
const gpuHere = gpuDeviceNodes().length > 0;

afterEach(() => {
  vi.restoreAllMocks();
});

/** These expect neither tfjs-node package to be installed (their install needs a download). */
describe('selectBackend', () => {
  it.skipIf(gpuHere)('auto falls through to wasm, names the kernels, and leaves install advice to doctor', async () => {
    const sel = await selectBackend('auto');
    expect(sel.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(sel.device).toMatch(/^CPU · (oneDNN|OpenBLAS|wasm SIMD|wasm) · \d+ threads?$/);
    expect(sel.reason).toBe('wasm: the first that starts here (tensorflow-gpu, webgpu, tensorflow did not; see doctor)');
    expect(sel.reason).not.toMatch(/npm i|apt-get/);
    expect(sel.tried.map((t) => [t.name, t.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['webgpu', false],
      ['tensorflow', false],
      ['wasm', true],
    ]);
    // Without a GPU device node auto does not even load Dawn.
    expect(sel.tried[1]!.why).toMatch(/no GPU device node/);
  });

  it('trains through conv2d on the backend auto picks', async () => {
    await selectBackend('auto');
    const grad = tf.tidy(() => {
      const x = tf.ones([2, 8, 8, 3]);
      const w = tf.ones([4, 4, 3, 5]);
      return tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same')))(w);
    });
    expect(grad.shape).toEqual([4, 4, 3, 5]);
    grad.dispose();
  });

  it('explicit cpu works, and prints no tfjs banner', async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    const sel = await selectBackend('cpu');
    expect(sel).toMatchObject({ name: 'cpu', device: 'CPU · pure JS · 1 thread', reason: 'cpu: requested' });
    expect(tf.getBackend()).toBe('cpu');
    // The banner comes with the cpu backend's first tensor.
    const sum = tf.add(tf.ones([3]), 1);
    expect(Array.from(sum.dataSync())).toEqual([2, 2, 2]);
    sum.dispose();
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('explicit tensorflow throws one line naming the package to install', async () => {
    const err = await selectBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/tensorflow.*tfjs-node not installed.*npm i @tensorflow\/tfjs-node/);
  });

  it('explicit tensorflow-gpu throws one line too', async () => {
    await expect(selectBackend('tensorflow-gpu')).rejects.toThrow(/npm i @tensorflow\/tfjs-node-gpu/);
  });
});

describe('describeBackends', () => {
  it('reports each backend, with a fix for those that do not load, and restores the current one', async () => {
    await selectBackend('cpu');
    const report = await describeBackends();
    expect(report.map((r) => r.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    expect(report.filter((r) => r.name !== 'webgpu').map((r) => [r.name, r.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['wasm', true],
      ['cpu', true],
    ]);
    for (const r of report) {
      if (r.name === 'webgpu') continue;
      if (r.ok) expect(r.device).toMatch(/^CPU · /);
      else expect(r.fix).toMatch(/^npm i @tensorflow\/tfjs-node/);
    }
    // webgpu depends on the optional packages and a Vulkan driver: either it names its adapter or says what to install.
    const webgpu = report[1]!;
    if (webgpu.ok) expect(webgpu.device).toBeTruthy();
    else expect(webgpu.fix).toMatch(/npm i webgpu|Vulkan driver|GPU driver/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('tells how to get tfjs-node-gpu past its refused download', async () => {
    const gpu = (await describeBackends()).find((r) => r.name === 'tensorflow-gpu')!;
    expect(gpu.fix).toMatch(/CUDA 11\.2, cuDNN 8\.1/);
    expect(gpu.fix).toMatch(/TFJS_NODE_CDN_STORAGE/);
    expect(gpu.fix).toMatch(/TFJS_NODE_BASE_URI/);
  });
});

describe('webgpu adapters', () => {
  const lavapipe = {
    vendor: 'mesa',
    architecture: 'software',
    device: 'llvmpipe-llvm-15-0-6-256-bits-',
    description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
    isFallbackAdapter: true,
  };
  const h100 = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100 80GB HBM3' };

  it('tells a software adapter from a GPU, and names both', () => {
    expect(isSoftwareAdapter(lavapipe)).toBe(true);
    expect(isSoftwareAdapter({ ...lavapipe, isFallbackAdapter: false })).toBe(true);
    expect(isSoftwareAdapter({ description: 'SwiftShader Device (Subzero)' })).toBe(true);
    expect(isSoftwareAdapter(h100)).toBe(false);
    expect(adapterName(h100)).toBe('NVIDIA H100 80GB HBM3');
    expect(adapterName(lavapipe)).toBe('llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1, software');
    expect(adapterName({ vendor: 'intel' })).toBe('intel');
  });

  it('points Linux at a Vulkan driver, Mesa from bookworm-backports for CPUs', () => {
    expect(driverFix('linux')).toMatch(/Vulkan driver/);
    expect(driverFix('linux')).toMatch(/bookworm-backports mesa-vulkan-drivers/);
    expect(driverFix('darwin')).toMatch(/Metal/);
  });
});

describe('doctor', () => {
  it('prints the device and any note for a backend that loads, the reason and fix for one that does not', () => {
    expect(formatReport({ name: 'webgpu', ok: true, device: 'llvmpipe, software', note: 'auto passes it over' })).toBe(
      '✓ webgpu          llvmpipe, software\n                  note: auto passes it over\n',
    );
    expect(formatReport({ name: 'tensorflow', ok: false, reason: 'tfjs-node not installed', fix: 'npm i @tensorflow/tfjs-node' })).toBe(
      '✗ tensorflow      tfjs-node not installed\n                  fix: npm i @tensorflow/tfjs-node\n',
    );
    expect(formatReport({ name: 'cpu', ok: true, device: 'CPU (pure JS, 1 thread)' })).toBe('✓ cpu             CPU (pure JS, 1 thread)\n');
  });
});
