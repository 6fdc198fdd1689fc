/**
 * `best/` beside `ckpt/`: a copy of the checkpoint the judge rated best. A copy, not a link, so
 * pruning old checkpoints never takes it; replaced through a temp folder and a rename, so a kill
 * leaves the old best or the new one, never half of one.
 */
import { promises as fs } from 'node:fs';

export async function keepBestCheckpoint(checkpoint: string, bestDir: string): Promise<void> {
  const tmp = `${bestDir}.tmp-${process.pid}`;
  const old = `${bestDir}.old-${process.pid}`;
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.cp(checkpoint, tmp, { recursive: true });
  // rename cannot replace a non-empty folder: move the old one aside first.
  await fs.rm(old, { recursive: true, force: true });
  await fs.rename(bestDir, old).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await fs.rename(tmp, bestDir);
  await fs.rm(old, { recursive: true, force: true });
}
