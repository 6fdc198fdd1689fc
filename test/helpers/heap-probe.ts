/**
 * The live memory of a process a test spawned, measured after a full garbage collection in that
 * process (heap-probe.cjs, preloaded through NODE_OPTIONS): what a leak keeps, without the garbage
 * and allocator pages that make RSS wander by tens of MiB while a trainer works.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PRELOAD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'heap-probe.cjs');

export interface HeapSample {
  pid: number;
  /** V8's heap in use after collection, bytes. */
  heapUsed: number;
  /** Memory outside V8's heap that native code reports, ArrayBuffers included, bytes. */
  external: number;
  /** The ArrayBuffers' part of it (Buffers, typed arrays), bytes. */
  arrayBuffers: number;
  rss: number;
}

/** The environment for a spawned process that answers heapAfterGc; its samples go to `file`. */
export function heapProbeEnv(file: string): Record<string, string> {
  const inherited = process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : '';
  return { NODE_OPTIONS: `${inherited}--require ${JSON.stringify(PRELOAD)}`, AGT_HEAP_PROBE_FILE: file };
}

const samples = (file: string, pid: number): HeapSample[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as HeapSample)
        .filter((s) => s.pid === pid)
    : [];

/** Asks process `pid` (started with heapProbeEnv(file)) to collect its garbage and say what is left. */
export async function heapAfterGc(pid: number, file: string, timeoutMs = 30_000): Promise<HeapSample> {
  const before = samples(file, pid).length;
  process.kill(pid, 'SIGUSR2');
  const end = Date.now() + timeoutMs;
  for (;;) {
    const now = samples(file, pid);
    if (now.length > before) return now[before]!;
    if (Date.now() > end) throw new Error(`process ${pid} did not report its heap within ${timeoutMs} ms (was it started with heapProbeEnv?)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The JS heap and the ArrayBuffers (Buffers) it owns, in MiB: where a string, buffer or socket kept
 * by mistake lives. Not `external`, which also counts what native code reports (a tfjs backend's
 * own pool grows in steps of MiB while it trains).
 */
export const liveMiB = (s: HeapSample) => (s.heapUsed + s.arrayBuffers) / 2 ** 20;
