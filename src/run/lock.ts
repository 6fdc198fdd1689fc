/**
 * One trainer per run folder: the trainer holds `lock` (its pid and host) while it trains. A lock
 * whose process is gone is stale: reported, then taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { AppError } from '../util/errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  since: number;
}

export class RunLockedError extends AppError {}

export function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a lock names a process on this host that no longer runs. */
export function isStale(lock: LockInfo): boolean {
  return lock.host === os.hostname() && !isProcessAlive(lock.pid);
}

/** Throws RunLockedError when a live process other than this one holds the lock. */
export function assertLockFree(file: string): void {
  const other = readLock(file);
  if (other && !isStale(other) && other.pid !== process.pid) {
    throw new RunLockedError(`run is in use by process ${other.pid} on ${other.host} (stop that trainer first, or watch it instead)`);
  }
}

/**
 * Takes the lock or throws RunLockedError. Returns a release function and, when a dead trainer's
 * lock was taken over, a note saying so.
 */
export function acquireLock(file: string): { release: () => void; staleNote: string | null } {
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), since: Date.now() };
  let staleNote: string | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return { release: () => releaseIfMine(file), staleNote };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      assertLockFree(file);
      const other = readLock(file);
      staleNote = other
        ? `took over a stale lock from process ${other.pid}, which is no longer running`
        : 'replaced an unreadable lock file';
      rmSync(file, { force: true });
    }
  }
  throw new RunLockedError(`could not lock ${file}: another trainer took it at the same moment`);
}

function releaseIfMine(file: string): void {
  const cur = readLock(file);
  if (cur && cur.pid === process.pid && cur.host === os.hostname()) rmSync(file, { force: true });
}
