/**
 * A live trainer's control socket under abuse: a few hundred malformed commands, a client that
 * floods and never reads, and a 50 MB line. The trainer must answer each bad line with exactly one
 * error line, keep stepping, keep λ, and keep nothing of what it was sent.
 *
 * Memory is judged by what the trainer still holds after a full garbage collection (heapAfterGc),
 * not by RSS: a training process's RSS grows a few MiB per 100 steps on its own and jumps by tens
 * of MiB as its allocator and tfjs pools please, so on a slow machine, where the fuzz spans more
 * steps, it crossed any bound loose enough to pass. A kept line or buffer stays in the collected
 * heap, which training alone moves by about 0.1 MiB per 100 steps (measured over 1,000 steps).
 */
import { afterAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { connectControl } from '../../src/run/control-socket.js';
import { RunFolder } from '../../src/run/run-folder.js';
import { BAD_COMMANDS } from '../helpers/bad-commands.js';
import { runCli } from '../helpers/cli.js';
import { heapAfterGc, heapProbeEnv, liveMiB } from '../helpers/heap-probe.js';
import { tempDir } from '../helpers/tmp.js';

const cwd = tempDir('agt-fuzz-');
const runDir = path.join(cwd, 'checkpoints/fuzz');
const run = new RunFolder(runDir);
const heapFile = path.join(cwd, 'heap.jsonl');
let pid = 0;

/**
 * Bad lines just under the line limit, 4 MiB in all: were the trainer to keep what it is sent
 * (the lines, their chunks, the replies of clients that left), the collected heap would show it.
 */
const NEAR_LIMIT_LINES = Array.from({ length: 256 }, (_, i) => `{"type":"set-lambda","lambda":"${String(i).padStart(16_000, 'l')}"}`);
/** What the collected heap may grow by over the fuzz: well above training's own drift, well under the 4 MiB above. */
const KEPT_BOUND_MIB = 2;

afterAll(async () => {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 400 && !/^done \(/m.test(readFileSync(path.join(runDir, 'trainer.log'), 'utf8')); i++) await sleep(50);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lastStep = () => run.readEvents().findLast((e) => e.type === 'step')?.step ?? 0;

/**
 * The trainer's live memory in MiB: the least of three collections a moment apart, so buffers
 * that a step or a sample holds only while it runs do not count.
 */
async function settledHeap(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await sleep(200);
    samples.push(liveMiB(await heapAfterGc(pid, heapFile)));
  }
  return Math.min(...samples);
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function connect(): Promise<net.Socket> {
  const socket = await connectControl(runDir);
  expect(socket, 'the trainer listens on its control socket').not.toBeNull();
  return socket!;
}

/** Streams `bytes` of 'a' without a newline, respecting backpressure, so this process stays small. */
async function sendLongLine(socket: net.Socket, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
  }
}

it('answers each of a few hundred malformed commands with one error line, keeps training, and keeps none of them', async () => {
  const started = await runCli(['train', '--detach', '--model', 'acgan', '--width', '0.0625', '--batch', '4', '--steps', '1000000', '--run', 'checkpoints/fuzz'], { cwd, env: heapProbeEnv(heapFile) });
  expect(started.stderr).toBe('');
  pid = Number(/pid (\d+)/.exec(started.stdout)![1]);
  await until(() => lastStep() >= 5, 60_000, 'the first steps');
  // Warm: the heap grows by about 1.5 MiB over the first steps and the first sample (step 50), then stays.
  await until(() => lastStep() >= 55, 60_000, 'the first sample');
  const stepBefore = lastStep();
  const lambdaEventsBefore = run.readEvents().filter((e) => e.type === 'lambda').length;
  const before = await settledHeap();

  // A client that floods and never reads a reply, and one that sends 50 MB without a newline.
  const flooder = await connect();
  flooder.write('x\n'.repeat(200_000));
  const longLiner = await connect();
  const longLine = sendLongLine(longLiner, 50 * 1024 * 1024);

  // Meanwhile a client that reads: every malformed line, lines just under the limit, then one more too long (20 KiB).
  const client = await connect();
  const replies: string[] = [];
  let partial = '';
  client.setEncoding('utf8');
  client.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    replies.push(...parts);
  });
  const sent = [...BAD_COMMANDS, ...NEAR_LIMIT_LINES, '{"type":"pause","pad":"' + 'p'.repeat(20 * 1024) + '"}'];
  expect(BAD_COMMANDS.length).toBeGreaterThan(300);
  client.write(sent.map((l) => l + '\n').join(''));

  await until(() => replies.length >= sent.length, 60_000, `${sent.length} replies`);
  await longLine;
  // Nothing more comes: exactly one line per bad command.
  await sleep(500);
  expect(replies).toHaveLength(sent.length);
  for (const [i, line] of replies.entries()) {
    const reply = JSON.parse(line) as { type: string; message: string };
    expect(reply.type, sent[i]!.slice(0, 80)).toBe('error');
    expect(reply.message.length, sent[i]!.slice(0, 80)).toBeGreaterThan(10);
  }
  expect(JSON.parse(replies.at(-1)!).message).toMatch(/^line longer than 16384 bytes, discarded/);
  expect(replies.filter((r) => /no-such-colour/.test(r)).length).toBeGreaterThan(0);

  // Training went on, and λ is as it was.
  await until(() => lastStep() >= stepBefore + 10, 60_000, 'steps after the fuzz');
  expect(run.readEvents().filter((e) => e.type === 'lambda')).toHaveLength(lambdaEventsBefore);

  // The long-line client hears about its line once, as soon as it passes the limit.
  const heard: string[] = [];
  longLiner.setEncoding('utf8');
  longLiner.on('data', (c: string) => heard.push(...c.split('\n').filter(Boolean)));
  longLiner.write('\n{"type":"nope"}\n');
  await until(() => heard.length >= 2, 10_000, 'the long-line client\'s replies');
  expect(heard.map((l) => JSON.parse(l).message)).toEqual([expect.stringMatching(/^line longer than/), expect.stringMatching(/^unknown command type "nope"/)]);

  // Once the clients have gone, nothing of theirs stays: not their lines, nor the flooder's queued
  // lines and unread replies (a few MiB, which the trainer holds only while the flooder is connected).
  for (const s of [flooder, longLiner, client]) s.destroy();
  await sleep(500);
  const after = await settledHeap();
  console.log(`trainer's heap after GC: ${before.toFixed(2)} MiB before, ${after.toFixed(2)} MiB after ${sent.length} bad lines, 200k flood lines and a 50 MiB line (steps ${stepBefore} to ${lastStep()})`);
  expect(after - before).toBeLessThan(KEPT_BOUND_MIB);

  // A good command still works after all that.
  const last = await connect();
  last.write('{"type":"stop"}\n');
  await until(() => /^done \(stopped\)/m.test(readFileSync(path.join(runDir, 'trainer.log'), 'utf8')), 60_000, 'the stop');
  last.destroy();
  pid = 0;
}, 300_000);
