import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { checkSocketDir, pickSocketDir, socketCandidates, sweepStaleSockets } from '../../src/run/socket-dir.js';
import { connectControl, startControlServer } from '../../src/run/control-socket.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir('agt-sockdir-');
const savedEnv = { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR, TMPDIR: process.env.TMPDIR };
afterEach(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

let n = 0;
/** A fresh private folder to stand in for XDG_RUNTIME_DIR or the temp folder. */
function fresh(): string {
  const dir = path.join(root, `d${n++}`);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

describe('the socket folder', () => {
  it('prefers XDG_RUNTIME_DIR and creates its folder there with mode 0700', () => {
    const runtime = fresh();
    const dir = pickSocketDir({ XDG_RUNTIME_DIR: runtime });
    expect(dir).toBe(path.join(runtime, 'anime-gan-tui'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    process.env.XDG_RUNTIME_DIR = runtime;
    expect(path.dirname(socketCandidates(path.join(root, 'some-run'))[0]!)).toBe(dir);
  });

  it('refuses a folder that others can enter, a link, or one another user owns, saying what to do', () => {
    const runtime = fresh();
    const open = path.join(runtime, 'open');
    mkdirSync(open, { mode: 0o700 });
    chmodSync(open, 0o755);
    expect(() => checkSocketDir(open)).toThrow(/mode is 0755, not 0700; run 'chmod 700 .*open'/);
    const link = path.join(runtime, 'link');
    symlinkSync(fresh(), link);
    expect(() => checkSocketDir(link)).toThrow(/not a directory \(a link or a file\)/);
    if (process.getuid?.() === 0) {
      const theirs = path.join(runtime, 'theirs');
      mkdirSync(theirs, { mode: 0o700 });
      chownSync(theirs, 4242, 4242);
      expect(() => checkSocketDir(theirs)).toThrow(/belongs to user 4242, not to you \(0\)/);
    }
  });

  it('falls back to the temp folder when XDG_RUNTIME_DIR\'s is refused; a watcher never looks in a refused one', () => {
    const runtime = fresh();
    mkdirSync(path.join(runtime, 'anime-gan-tui'), { mode: 0o700 });
    chmodSync(path.join(runtime, 'anime-gan-tui'), 0o777);
    process.env.TMPDIR = fresh();
    const uid = process.getuid?.() ?? 'u';
    expect(pickSocketDir({ XDG_RUNTIME_DIR: runtime })).toBe(path.join(process.env.TMPDIR, `anime-gan-tui-${uid}`));
    process.env.XDG_RUNTIME_DIR = runtime;
    expect(socketCandidates('/some/run').map(path.dirname)).toEqual([path.join(process.env.TMPDIR, `anime-gan-tui-${uid}`)]);
  });

  it('a trainer refuses to listen when no folder is safe', async () => {
    process.env.XDG_RUNTIME_DIR = fresh();
    const tmp = fresh();
    process.env.TMPDIR = tmp;
    mkdirSync(path.join(tmp, `anime-gan-tui-${process.getuid?.() ?? 'u'}`), { mode: 0o700 });
    chmodSync(path.join(tmp, `anime-gan-tui-${process.getuid?.() ?? 'u'}`), 0o775);
    // A file where the folder should be.
    writeFileSync(path.join(process.env.XDG_RUNTIME_DIR, 'anime-gan-tui'), '');
    await expect(startControlServer(path.join(root, 'r'), () => {})).rejects.toThrow(/^refusing the socket folder .*anime-gan-tui: it is not a directory/);
  });
});

describe('stale sockets', () => {
  it('sockets of killed trainers are removed when a trainer starts; live ones stay', async () => {
    const runtime = fresh();
    process.env.XDG_RUNTIME_DIR = runtime;
    const dir = pickSocketDir();
    // A trainer killed with -9 leaves its socket file behind.
    const stale = path.join(dir, '0123456789abcdef.sock');
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    await new Promise((r) => child.on('exit', r));
    expect(existsSync(stale)).toBe(true);
    const live = net.createServer().listen(path.join(dir, 'fedcba9876543210.sock'));
    await new Promise((r) => live.once('listening', r));

    const server = await startControlServer(path.join(root, 'sweeping'), () => {});
    for (let i = 0; i < 100 && existsSync(stale); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(path.join(dir, 'fedcba9876543210.sock'))).toBe(true);
    expect(await sweepStaleSockets(dir, server.file)).toBe(0);
    await server.close();
    live.close();
  });

  it('a trainer whose socket file was removed (a temp cleaner, a logout) listens again', async () => {
    process.env.XDG_RUNTIME_DIR = fresh();
    const runDir = path.join(root, 'relisten');
    const seen: string[] = [];
    const server = await startControlServer(runDir, (cmd) => seen.push(cmd.type), { relistenMs: 100 });
    rmSync(path.dirname(server.file), { recursive: true });
    for (let i = 0; i < 100 && !existsSync(server.file); i++) await new Promise((r) => setTimeout(r, 20));
    const socket = await connectControl(runDir);
    expect(socket).not.toBeNull();
    socket!.write('{"type":"pause"}\n');
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['pause']);
    socket!.destroy();
    await server.close();
    expect(existsSync(server.file)).toBe(false);
  });
});
