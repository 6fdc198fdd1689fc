/**
 * A TrainerClient for a run this process did not start: history from events.jsonl, then the file
 * followed live; sample grids read from samples/; commands through the trainer's control socket.
 * Closing it leaves the trainer running.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type net from 'node:net';
import sharp from 'sharp';
import type { TrainerClient } from '../protocol/client.js';
import type { TrainerCommand, WorkerMessage } from '../protocol/messages.js';
import { parseEventLine, type SampleEvent } from '../protocol/events.js';
import { parseReplyLine, type ControlReply } from '../protocol/replies.js';
import { RunFolder } from './run-folder.js';
import { connectControl, onLines } from './control-socket.js';
import { isStale, readLock } from './lock.js';

const POLL_MS = 300;

export class WatchClient implements TrainerClient {
  private readonly run: RunFolder;
  private readonly listeners = new Set<(m: WorkerMessage) => void>();
  private readonly backlog: WorkerMessage[] = [];
  private offset = 0;
  private partial = '';
  private timer: NodeJS.Timeout | null = null;
  private socket: net.Socket | null = null;
  private connecting: Promise<net.Socket | null> | null = null;
  private finished = false;
  private goneReported = false;
  private lastSample: SampleEvent | null = null;
  private polls = 0;

  constructor(runDir: string) {
    this.run = new RunFolder(runDir);
    this.poll();
    void this.flushSample();
    this.timer = setInterval(() => this.poll(), POLL_MS);
  }

  private dispatch(m: WorkerMessage): void {
    if (this.listeners.size === 0) this.backlog.push(m);
    for (const l of this.listeners) l(m);
  }

  subscribe(listener: (m: WorkerMessage) => void): () => void {
    this.listeners.add(listener);
    for (const m of this.backlog.splice(0)) listener(m);
    return () => this.listeners.delete(listener);
  }

  /** Reads whatever events.jsonl gained since the last look. */
  private poll(): void {
    const file = this.run.eventsFile;
    if (existsSync(file)) {
      const size = statSync(file).size;
      if (size > this.offset) {
        const fd = openSync(file, 'r');
        const buf = Buffer.alloc(size - this.offset);
        readSync(fd, buf, 0, buf.length, this.offset);
        closeSync(fd);
        this.offset = size;
        const text = this.partial + buf.toString('utf8');
        const lines = text.split('\n');
        this.partial = lines.pop() ?? '';
        let sampled = false;
        for (const line of lines) {
          if (!line.trim()) continue;
          // Lines that are not events (another version's, a hand edit) are skipped.
          const event = parseEventLine(line);
          if (!event) continue;
          if (event.type === 'sample') {
            this.lastSample = event;
            sampled = true;
          }
          if (event.type === 'done') this.finished = true;
          if (event.type === 'start') {
            // A resumed run has a trainer again, which can die again.
            this.finished = false;
            this.goneReported = false;
          }
          this.dispatch({ type: 'event', event });
        }
        if (sampled && this.polls > 0) void this.flushSample();
      }
    }
    this.polls += 1;
    if (this.polls % 7 === 0) this.checkTrainer();
  }

  /** Shows the newest sample grid (PNG on disk) as the preview. */
  private async flushSample(): Promise<void> {
    const s = this.lastSample;
    if (!s) return;
    try {
      const { data, info } = await sharp(path.join(this.run.dir, s.path)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      this.dispatch({
        type: 'sample-grid',
        step: s.step,
        epoch: s.epoch,
        grid: { rows: s.rows, cols: s.cols, width: info.width, height: info.height, pixels: new Uint8Array(data), rowLabels: s.rowLabels },
      });
    } catch {
      // The PNG may have been replaced between the event and the read; the next one will do.
    }
  }

  /** A run that is neither finished nor locked by a live process has lost its trainer. */
  private checkTrainer(): void {
    if (this.finished || this.goneReported) return;
    const lock = readLock(this.run.lockFile);
    if (!lock || isStale(lock)) {
      this.goneReported = true;
      this.dispatch({
        type: 'event',
        event: {
          type: 'error',
          time: Date.now(),
          message: `the trainer of this run is gone (crashed or killed); continue it with: anime-gan-tui train --run ${this.run.dir} --resume`,
          trainerGone: true,
        },
      });
    }
  }

  send(command: TrainerCommand): void {
    void this.sendAsync(command);
  }

  private async sendAsync(command: TrainerCommand): Promise<void> {
    const socket = await this.connect();
    if (!socket) {
      this.dispatch({
        type: 'event',
        event: { type: 'warning', time: Date.now(), message: `no trainer is running this run, so '${command.type}' has nothing to act on` },
      });
      return;
    }
    socket.write(JSON.stringify(command) + '\n');
  }

  private connect(): Promise<net.Socket | null> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= connectControl(this.run.dir).then((socket) => {
      this.connecting = null;
      if (!socket) return null;
      this.socket = socket;
      onLines(socket, (line) => {
        const reply = parseReplyLine(line);
        if (reply) this.onReply(reply);
      });
      socket.on('close', () => (this.socket = null));
      socket.on('error', () => (this.socket = null));
      return socket;
    });
    return this.connecting;
  }

  private onReply(r: ControlReply): void {
    switch (r.type) {
      case 'generated':
        this.dispatch({ type: 'generated', requestId: r.requestId, labels: r.labels, grid: { ...r.grid, pixels: new Uint8Array(Buffer.from(r.grid.pixels, 'base64')) } });
        return;
      case 'error':
        this.dispatch({ type: 'event', event: { type: 'warning', time: Date.now(), message: r.message } });
        return;
    }
  }

  /** Stops watching; the trainer goes on. */
  async close(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.socket?.end();
    return 0;
  }
}
