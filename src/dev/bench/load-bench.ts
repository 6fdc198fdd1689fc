/**
 * `npm run bench -- --load [DIR]`: how long a data folder takes to load, the first time (an empty
 * cache folder: every image decoded, the cache written) and on a cached start, median of
 * --rounds. For a folder with a tags file it also times the same images as a plain folder:
 * links to them in a temp folder (never copies), removed afterwards.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDataFolder } from '../../data/load-folder.js';
import { inspectDataFolder, IMAGES_DIR } from '../../data/layout.js';

export interface LoadFigure {
  layout: 'tags' | 'folder';
  dir: string;
  faces: number;
  /** Median ms of a load with an empty cache folder (decode everything, write the cache). */
  firstLoadMs: number;
  /** Median ms of a load that finds the cache. */
  cachedMs: number;
  rounds: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]!);
}

async function time(dir: string, cacheDir: string): Promise<{ ms: number; faces: number }> {
  const t = performance.now();
  const ds = await loadDataFolder(dir, { cacheDir, minColourCount: 0 });
  return { ms: performance.now() - t, faces: ds.count };
}

async function benchOne(dir: string, rounds: number, log: (line: string) => void): Promise<LoadFigure> {
  const layout = (await inspectDataFolder(dir)).kind;
  const first: number[] = [];
  const cached: number[] = [];
  let faces = 0;
  for (let r = 0; r < rounds; r++) {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'agt-load-bench-cache-'));
    try {
      const a = await time(dir, cacheDir);
      const b = await time(dir, cacheDir);
      first.push(a.ms);
      cached.push(b.ms);
      faces = b.faces;
      log(`${layout} ${dir}: round ${r + 1}: first ${Math.round(a.ms)} ms, cached ${Math.round(b.ms)} ms`);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  return { layout, dir, faces, firstLoadMs: median(first), cachedMs: median(cached), rounds };
}

export async function benchLoad(dir: string, rounds: number, log: (line: string) => void): Promise<LoadFigure[]> {
  const figures = [await benchOne(dir, rounds, log)];
  const layout = await inspectDataFolder(dir);
  if (layout.kind !== 'tags') return figures;
  const plain = mkdtempSync(path.join(tmpdir(), 'agt-load-bench-plain-'));
  try {
    const images = path.join(dir, IMAGES_DIR);
    for (const name of await readdir(images)) symlinkSync(path.join(images, name), path.join(plain, name));
    figures.push(await benchOne(plain, rounds, log));
  } finally {
    rmSync(plain, { recursive: true, force: true });
  }
  return figures;
}
