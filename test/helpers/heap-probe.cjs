/**
 * Preloaded into a process a test spawns (see heapProbeEnv in heap-probe.ts), so the test can ask
 * what that process really holds: on SIGUSR2 it collects all garbage, then appends one JSON line
 * of its memory to the file named by AGT_HEAP_PROBE_FILE. After a full collection only live objects
 * count, so the figure does not move with the garbage a busy process happens to carry, nor with
 * the allocator's pages that RSS counts and an OS takes back whenever it likes.
 */
'use strict';
const { appendFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const file = process.env.AGT_HEAP_PROBE_FILE;
// Worker threads load preloads too; the process's own heap is the main thread's.
if (isMainThread && file) {
  // A context made after this flag is set carries gc(), without --expose-gc on the command line.
  require('node:v8').setFlagsFromString('--expose-gc');
  const gc = require('node:vm').runInNewContext('gc');
  process.on('SIGUSR2', () => {
    // Twice: the first pass may only run finalizers that free more on the second.
    gc();
    gc();
    const m = process.memoryUsage();
    appendFileSync(file, JSON.stringify({ pid: process.pid, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss }) + '\n');
  });
}
