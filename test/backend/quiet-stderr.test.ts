import { writeSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { nativeModule } from '../../src/backend/kernels/native-addon.js';
import { dropChatter, withQuietStderr } from '../../src/backend/quiet-stderr.js';

const DAWN = [
  'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.',
  '    at CheckAndUpdateCompatibility (../../third_party/dawn/src/dawn/native/Limits.cpp:421)',
  'Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.',
  "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory",
  '    at operator() (/home/runner/build/node-webgpu/third_party/dawn/src/dawn/native/vulkan/BackendVk.cpp:368)',
  '',
].join('\n');

describe("Dawn's start-up chatter", () => {
  it('is dropped with the source lines under it', () => {
    expect(dropChatter(DAWN)).toBe('');
  });

  it('keeps real errors, with their own stack lines', () => {
    const real = 'Error: device lost: out of memory\n    at Device.lost (x.js:1)\n';
    expect(dropChatter(DAWN + real)).toBe(real);
  });

  it.skipIf(nativeModule() === null)('held back from fd 2 while a native library starts, real lines passed on', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const value = await withQuietStderr(async () => {
        writeSync(2, DAWN);
        writeSync(2, 'a real problem\n');
        return 7;
      });
      expect(value).toBe(7);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toBe('a real problem\n');
  });
});
