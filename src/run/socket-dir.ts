/**
 * Where control sockets live, and the checks that make that place safe. A socket's folder has a
 * predictable name, so on a shared machine another user could create it first and catch or fake
 * a trainer's commands: a folder is used only when it is a real directory (not a link), owned by
 * this user, with mode 0700.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AppError, firstLine } from '../util/errors.js';

export class SocketDirError extends AppError {}

/**
 * Folders a socket may live in, best first: XDG_RUNTIME_DIR (private to the user by design),
 * then one in the temp folder named after the user id.
 */
export function socketDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const uid = process.getuid?.() ?? 'u';
  const dirs: string[] = [];
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime)) dirs.push(path.join(runtime, 'anime-gan-tui'));
  dirs.push(path.join(os.tmpdir(), `anime-gan-tui-${uid}`));
  return dirs;
}

/** Throws, in one line saying what to do, unless `dir` is a directory of ours that no one else can enter. */
export function checkSocketDir(dir: string): void {
  const st = lstatSync(dir);
  const uid = process.getuid?.();
  if (st.isSymbolicLink() || !st.isDirectory()) {
    throw new SocketDirError(`refusing the socket folder ${dir}: it is not a directory (a link or a file); remove it, or set XDG_RUNTIME_DIR to a private folder`);
  }
  if (uid !== undefined && st.uid !== uid) {
    throw new SocketDirError(`refusing the socket folder ${dir}: it belongs to user ${st.uid}, not to you (${uid}); remove it, or set XDG_RUNTIME_DIR to a private folder`);
  }
  if ((st.mode & 0o777) !== 0o700) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    throw new SocketDirError(`refusing the socket folder ${dir}: its mode is ${mode}, not 0700; run 'chmod 700 ${dir}', or remove it`);
  }
}

/** Creates the folder (0700) where missing, then checks it; the parent must exist already. */
export function ensureSocketDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new SocketDirError(`cannot create the socket folder ${dir}: ${firstLine(err)}`);
  }
  checkSocketDir(dir);
}

/** The socket's file name: socket paths are limited to about 100 bytes, run folders are not. */
export function socketName(runDir: string): string {
  let real = path.resolve(runDir);
  try {
    real = realpathSync(real);
  } catch {
    // A run folder that does not exist yet: its resolved path is the key.
  }
  return `${createHash('sha1').update(real).digest('hex').slice(0, 16)}.sock`;
}

/** The first usable folder (created if need be); throws the first folder's refusal when none is. */
export function pickSocketDir(env: NodeJS.ProcessEnv = process.env): string {
  let first: Error | null = null;
  for (const dir of socketDirs(env)) {
    try {
      ensureSocketDir(dir);
      return dir;
    } catch (err) {
      first ??= err as Error;
    }
  }
  throw first ?? new SocketDirError('no folder for control sockets');
}

/** Where a watcher looks for a run's socket: every candidate folder that passes the checks. */
export function socketCandidates(runDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const name = socketName(runDir);
  return socketDirs(env).flatMap((dir) => {
    try {
      checkSocketDir(dir);
      return [path.join(dir, name)];
    } catch {
      // Missing, or not safe to trust: a socket there is not ours.
      return [];
    }
  });
}

/**
 * Removes sockets in `dir` that nothing listens on any more (their trainers were killed).
 * A refused connection is the proof; a socket that answers or is slow to is left alone.
 */
export async function sweepStaleSockets(dir: string, keep: string): Promise<number> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.sock') && path.join(dir, n) !== keep);
  } catch {
    return 0;
  }
  const removed = await Promise.all(
    names.map(async (n) => {
      const file = path.join(dir, n);
      try {
        if (!lstatSync(file).isSocket()) return false;
      } catch {
        return false;
      }
      if ((await probeSocket(file)) !== 'refused') return false;
      rmSync(file, { force: true });
      return true;
    }),
  );
  return removed.filter(Boolean).length;
}

function probeSocket(file: string): Promise<'listening' | 'refused' | 'unknown'> {
  return new Promise((resolve) => {
    const socket = net.createConnection(file);
    const timer = setTimeout(() => (socket.destroy(), resolve('unknown')), 1000);
    socket.once('connect', () => (clearTimeout(timer), socket.destroy(), resolve('listening')));
    socket.once('error', (err: NodeJS.ErrnoException) => (clearTimeout(timer), resolve(err.code === 'ECONNREFUSED' ? 'refused' : 'unknown')));
  });
}
