/**
 * The control channel of a running trainer: a Unix socket that takes TrainerCommands as JSON
 * lines from any number of watchers, and answers generate requests on the asking connection.
 * Events do not travel here: watchers read them from the run's events.jsonl.
 *
 * Whoever can reach the socket is not trusted with the trainer: every line is checked against the
 * protocol's schema and a bad one gets exactly one error line; lines are read in small batches
 * between training steps; a client that stops reading stops being read; long lines are skipped
 * as they stream in. No client can crash, stall or slow training.
 */
import { lstatSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { checkCommandLine, type TrainerCommand } from '../protocol/commands.js';
import { MAX_COMMAND_BYTES } from '../protocol/limits.js';
import type { ControlReply } from '../protocol/replies.js';
import { CommandLines, type LineItem } from './command-lines.js';
import { pickSocketDir, socketCandidates, socketName, sweepStaleSockets } from './socket-dir.js';

/** Lines handled per client per turn of the event loop: a flood waits its turn behind training. */
const LINES_PER_TURN = 32;
/** Replies a client has not read yet, in bytes, before its lines are no longer read. */
const UNREAD_REPLY_BYTES = 1 << 20;
/** Watchers at once; one more is told so and closed. */
const MAX_CLIENTS = 16;
/** How often a trainer checks that its socket file is still there (temp cleaners, logouts). */
const RELISTEN_MS = 10_000;

/** Calls `onLine` for each non-empty newline-terminated line (a watcher reading its trainer's replies). */
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
  /** The socket file it listens on. */
  readonly file: string;
  close(): Promise<void>;
}

export type CommandHandler = (cmd: TrainerCommand, reply: (r: ControlReply) => void) => void;

function send(socket: net.Socket, r: ControlReply): void {
  if (!socket.destroyed && socket.writable) socket.write(JSON.stringify(r) + '\n');
}

/** One client: its lines are queued, then handled a few per turn while it keeps reading replies. */
function serveClient(socket: net.Socket, handle: CommandHandler): void {
  const lines = new CommandLines(MAX_COMMAND_BYTES);
  const queue: LineItem[] = [];
  let scheduled = false;
  /** The client has sent all it will: answer what is queued, then close our side too. */
  let ended = false;
  const backedUp = () => socket.writableLength > UNREAD_REPLY_BYTES;
  // After training's next turn, not before: a flood waits behind the steps.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };

  const pump = () => {
    scheduled = false;
    if (socket.destroyed) return;
    for (let n = 0; n < LINES_PER_TURN && queue.length > 0 && !backedUp(); n++) {
      const item = queue.shift()!;
      if (item.kind === 'too-long') {
        send(socket, { type: 'error', message: `line longer than ${MAX_COMMAND_BYTES} bytes, discarded: a command is one short JSON object per line, e.g. {"type":"pause"}` });
        continue;
      }
      const checked = checkCommandLine(item.text);
      if (!checked.ok) send(socket, { type: 'error', message: checked.message });
      else handle(checked.value, (r) => send(socket, r));
    }
    // Backed up: nothing more is read or handled until 'drain' (the client read its replies).
    if (backedUp()) return;
    if (queue.length > 0) schedule();
    else if (ended) socket.end();
    else socket.resume();
  };

  socket.on('data', (chunk: Buffer) => {
    for (const item of lines.push(chunk)) queue.push(item);
    // Nothing more is read until the queue is handled, so it holds at most one chunk's lines.
    socket.pause();
    schedule();
  });
  socket.on('end', () => {
    ended = true;
    schedule();
  });
  socket.on('drain', schedule);
}

export async function startControlServer(runDir: string, handle: CommandHandler, opts: { relistenMs?: number } = {}): Promise<ControlServer> {
  const dir = pickSocketDir();
  const file = path.join(dir, socketName(runDir));
  const sockets = new Set<net.Socket>();
  // Half-open: a client that sends its lines and ends still gets every answer.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    if (sockets.size >= MAX_CLIENTS) {
      send(socket, { type: 'error', message: `${MAX_CLIENTS} watchers are connected already: close one and try again` });
      socket.end();
      socket.on('error', () => {});
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    serveClient(socket, handle);
  });
  // Errors after listening (a failed re-listen) must not take the trainer down.
  server.on('error', () => {});

  let listenedIno = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      // The run's lock is already ours, so a socket file left here belongs to a dead trainer.
      rmSync(file, { force: true });
      const onError = (err: Error) => reject(err);
      server.once('error', onError);
      server.listen(file, () => {
        server.off('error', onError);
        listenedIno = statSync(file).ino;
        resolve();
      });
    });
  await listen();
  // Watchers must not keep a finished trainer alive.
  server.unref();
  void sweepStaleSockets(dir, file);

  // A detached trainer outlives logins: a temp cleaner or the end of the user's session can remove
  // the socket file (or its folder); listen again so watchers can still reach it.
  const relisten = setInterval(() => {
    let same = false;
    try {
      same = lstatSync(file).ino === listenedIno;
    } catch {
      // Gone.
    }
    if (same) return;
    server.close();
    try {
      pickSocketDir();
    } catch {
      return;
    }
    void listen().catch(() => {});
  }, opts.relistenMs ?? RELISTEN_MS);
  relisten.unref();

  return {
    file,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(relisten);
        for (const s of sockets) s.destroy();
        server.close(() => {
          // Only our own socket: a later trainer of the same run may already listen at this path.
          try {
            if (lstatSync(file).ino === listenedIno) rmSync(file, { force: true });
          } catch {
            // Already gone.
          }
          resolve();
        });
      }),
  };
}

/** A watcher's connection. Resolves null when no trainer listens (it has ended or crashed). */
export async function connectControl(runDir: string): Promise<net.Socket | null> {
  for (const file of socketCandidates(runDir)) {
    const socket = await new Promise<net.Socket | null>((resolve) => {
      const s = net.createConnection(file);
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(null));
    });
    if (socket) return socket;
  }
  return null;
}
