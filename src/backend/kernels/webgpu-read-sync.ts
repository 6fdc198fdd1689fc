/**
 * Synchronous read-back for tfjs-backend-webgpu under Node. The engine reads results with
 * dataSync(); the webgpu backend implements that with OffscreenCanvas, which Node lacks, and
 * WebGPU itself only maps buffers asynchronously.
 *
 * Dawn's Node binding completes a buffer map inside its own "process events" tick, which it
 * schedules through globalThis.setImmediate (a native function taking no arguments, registered
 * while Dawn has work outstanding). Catching that tick and calling it while we wait lets a map
 * finish without returning to the event loop. The GPU keeps working meanwhile; we sleep a little
 * between tries so a software Vulkan driver keeps the CPU.
 */

import type { DataType } from '@tensorflow/tfjs';

/** The few WebGPU names used here; the typings package may be absent (optional dependency). */
interface MappableBuffer {
  readonly size: number;
  readonly mapState: 'unmapped' | 'pending' | 'mapped';
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
}

/** The parts of tfjs-backend-webgpu's WebGPUBackend this module touches (not public API). */
interface WebgpuBackendInternals {
  tensorMap: { get(dataId: object): { values: unknown; dtype: DataType; resource: unknown } | undefined };
  bufferManager: {
    acquireBuffer(size: number, usage: number): MappableBuffer;
    releaseBuffer(buffer: MappableBuffer): void;
  };
  commandEncoder: { copyBufferToBuffer(src: unknown, so: number, dst: unknown, doff: number, n: number): void };
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  convertAndCacheOnCPU(dataId: object, values: unknown): unknown;
  readSync(dataId: object): unknown;
}

type ConvertValues = (data: ArrayBuffer, dtype: DataType) => unknown;

const MAP_READ = 0x0001; // GPUBufferUsage.MAP_READ and GPUMapMode.READ
const COPY_DST = 0x0008; // GPUBufferUsage.COPY_DST
/** Longest wait for one read: a lost device must fail, not hang the trainer. */
const TIMEOUT_MS = 10 * 60_000;

let latestTick: (() => void) | null = null;
let hooked = false;

/** Catches Dawn's tick; must run before Dawn first schedules one (before navigator.gpu exists). */
export function hookDawnTicks(): void {
  if (hooked) return;
  hooked = true;
  const original = globalThis.setImmediate;
  const wrapped = function (this: unknown, fn: (...a: unknown[]) => void, ...args: unknown[]) {
    // Dawn's is a zero-argument native function; promise resolvers take one, ours are not native.
    if (args.length === 0 && typeof fn === 'function' && fn.length === 0 && /\[native code\]\s*\}$/.test(Function.prototype.toString.call(fn))) {
      latestTick = fn as () => void;
    }
    return Reflect.apply(original, this, [fn, ...args]) as NodeJS.Immediate;
  };
  // Keeps setImmediate.__promisify__ and friends.
  Object.assign(wrapped, original);
  globalThis.setImmediate = wrapped as typeof setImmediate;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Maps `buffer` for reading without yielding to the event loop. */
export function mapSync(buffer: MappableBuffer): void {
  let failure: unknown = null;
  buffer.mapAsync(MAP_READ).catch((err: unknown) => {
    failure = err;
  });
  // A getter that calls into Dawn: read afresh each time, after each tick.
  const state = (): string => buffer.mapState;
  const start = Date.now();
  let pause = 0.02;
  for (;;) {
    if (state() === 'mapped') return;
    const tick = latestTick;
    if (tick == null) throw new Error('webgpu: cannot read results synchronously (no Dawn event tick to drive)');
    tick();
    if (state() === 'mapped') return;
    if (failure != null || state() === 'unmapped') {
      throw new Error(`webgpu: reading a result from the GPU failed${failure instanceof Error ? `: ${failure.message}` : ''}`);
    }
    if (Date.now() - start > TIMEOUT_MS) throw new Error('webgpu: the GPU did not answer within 10 minutes');
    sleep(pause);
    pause = Math.min(pause * 2, 2);
  }
}

/** Copies a GPU buffer into a fresh ArrayBuffer, the way the backend's async read does. */
function readBufferSync(backend: WebgpuBackendInternals, resource: MappableBuffer): ArrayBuffer {
  const size = resource.size;
  const staging = backend.bufferManager.acquireBuffer(size, COPY_DST | MAP_READ);
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.commandEncoder.copyBufferToBuffer(resource, 0, staging, 0, size);
  backend.submitQueue();
  try {
    mapSync(staging);
    return staging.getMappedRange().slice(0);
  } finally {
    if (staging.mapState === 'mapped') staging.unmap();
    backend.bufferManager.releaseBuffer(staging);
  }
}

const PATCHED = Symbol.for('anime-gan-tui.webgpuReadSync');

/**
 * Replaces readSync on the backend's class. Values already on the CPU, strings and complex
 * tensors (whose parts come back through this readSync) keep the original path.
 */
export function patchReadSync(backend: object, convert: ConvertValues): void {
  const proto = Object.getPrototypeOf(backend) as WebgpuBackendInternals & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const original = proto.readSync;
  proto.readSync = function (this: WebgpuBackendInternals, dataId: object): unknown {
    const data = this.tensorMap.get(dataId);
    const resource = data?.resource as MappableBuffer | undefined;
    if (data == null || data.values != null || data.dtype === 'string' || data.dtype === 'complex64' || typeof resource?.mapAsync !== 'function') {
      return original.call(this, dataId);
    }
    const values = convert(readBufferSync(this, resource), data.dtype);
    return this.convertAndCacheOnCPU(dataId, values);
  };
  proto[PATCHED] = true;
}
