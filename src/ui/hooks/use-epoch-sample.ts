/**
 * Loads the epoch sample grid the scrubber points at, from the PNG the trainer saved in the run
 * folder. Decoding is I/O, so it lives here rather than in a view; grids are kept once read so
 * stepping back and forth does not decode the same file again.
 */
import path from 'node:path';
import { useEffect, useRef, useState } from 'react';
import sharp from 'sharp';
import type { FaceGrid } from '../../protocol/messages.js';
import { FACE_SIDE } from '../../util/face.js';

export interface EpochSample {
  epoch: number;
  step: number;
  /** null while the PNG is being read, or when it could not be. */
  grid: FaceGrid | null;
  failed: boolean;
}

export async function readEpochGrid(file: string, rowLabels: string[]): Promise<FaceGrid> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    rows: Math.max(1, Math.floor(info.height / FACE_SIDE)),
    cols: Math.max(1, Math.floor(info.width / FACE_SIDE)),
    width: info.width,
    height: info.height,
    pixels: new Uint8Array(data),
    rowLabels,
  };
}

export function useEpochSample(
  runDir: string | null,
  entry: { epoch: number; step: number; path: string } | null,
  rowLabels: string[],
): EpochSample | null {
  const cache = useRef(new Map<string, FaceGrid | 'failed'>());
  // Bumped when a read finishes, so the cached result is picked up by a new render.
  const [, setLoaded] = useState(0);
  const file = runDir && entry ? path.resolve(runDir, entry.path) : null;

  useEffect(() => {
    if (file === null || cache.current.has(file)) return;
    let live = true;
    readEpochGrid(file, rowLabels).then(
      (grid) => cache.current.set(file, grid),
      () => cache.current.set(file, 'failed'),
    ).finally(() => {
      if (live) setLoaded((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, [file, rowLabels]);

  if (file === null || entry === null) return null;
  const hit = cache.current.get(file);
  return { epoch: entry.epoch, step: entry.step, grid: hit && hit !== 'failed' ? hit : null, failed: hit === 'failed' };
}
