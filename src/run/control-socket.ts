/**
 * The control channel of a running trainer: a Unix socket that takes TrainerCommands as JSON
 * lines from any number of watchers, and answers generate requests on the asking connection.
 * Events do not travel here: watchers read them from the run's events.jsonl.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FaceGrid, TrainerCommand } from '../protocol/messages.js';

/** What the socket sends back: an answer to a generate request, or a refusal. */
export type ControlReply =
  | { type: 'generated'; requestId: number; grid: Omit<FaceGrid, 'pixels'> & { pixels: string }; labels: Array<[string | null, string | null]> }
  | { type: 'error'; message: string };

/**
 * Socket paths are limited to about 100 bytes, and run folders can be deeper than that, so the
 * socket lives in the temp folder under a name derived from the run folder's real path.
 */
export function controlSocketPath(runDir: string): string {
  let real = path.resolve(runDir);
  try {
    real = realpathSync(real);
  } catch {
    // A run folder that does not exist yet: its resolved path is the key.
  }
  const id = createHash('sha1').update(real).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `anime-gan-tui-${process.getuid?.() ?? 'u'}`, `${id}.sock`);
}

/** Calls `onLine` for each non-empty newline-terminated line the socket receives. */
export function onLines(socket: net.Socket, onLine: (line: string) => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim()) onLine(line);
    }
  });
}

export interface ControlServer {
  close(): Promise<void>;
}

export type CommandHandler = (cmd: TrainerCommand, reply: (r: ControlReply) => void) => void;

export async function startControlServer(runDir: string, handle: CommandHandler): Promise<ControlServer> {
  const file = controlSocketPath(runDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // The run's lock is already ours, so a socket file left here belongs to a dead trainer.
  rmSync(file, { force: true });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    onLines(socket, (line) => {
      let cmd: TrainerCommand;
      try {
        cmd = JSON.parse(line) as TrainerCommand;
      } catch {
        socket.write(JSON.stringify({ type: 'error', message: 'not a JSON command' } satisfies ControlReply) + '\n');
        return;
      }
      handle(cmd, (r) => {
        if (!socket.destroyed) socket.write(JSON.stringify(r) + '\n');
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve());
  });
  // Watchers must not keep a finished trainer alive.
  server.unref();
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          rmSync(file, { force: true });
          resolve();
        });
      }),
  };
}

/** A watcher's connection. Resolves null when no trainer listens (it has ended or crashed). */
export function connectControl(runDir: string): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    const socket = net.createConnection(controlSocketPath(runDir));
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(null));
  });
}
