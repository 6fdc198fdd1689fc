/** Runs the PyTorch reference peer (same DCGAN) and reads its JSON line. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../util/paths.js';
import { firstLine } from '../../util/errors.js';

export interface PeerResult {
  peer?: string;
  imgPerSec?: number;
  msPerStep?: number;
  /** The 1-minute load average as the peer started. */
  load1?: number;
  error?: string;
}

/** ANIME_GAN_PEER, else shared/peers/ beside the checkout (the folder that holds it). */
export function peerScript(): string | null {
  const candidates = [process.env.ANIME_GAN_PEER, path.join(packageRoot, '..', 'shared', 'peers', 'torch_dcgan.py')];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

export function runPeer(o: { batch: number; width: number; steps: number }): Promise<PeerResult> {
  const script = peerScript();
  if (!script) return Promise.resolve({ error: 'peer script not found (set ANIME_GAN_PEER to torch_dcgan.py)' });
  const env = { ...process.env };
  // The peer's docstring: these two OpenBLAS overrides slow it down or break it.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const load1 = os.loadavg()[0];
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/python3',
      [script, '--batch', String(o.batch), '--width', String(o.width), '--steps', String(o.steps)],
      { env, timeout: 30 * 60_000 },
      (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve({ ...(JSON.parse(line) as PeerResult), load1 });
        } catch {
          resolve({ error: firstLine(err ?? stderr ?? 'no output') });
        }
      },
    );
  });
}
