/**
 * A live trainer's control socket under abuse: a few hundred malformed commands, a client that
 * floods and never reads, and a 50 MB line. The trainer must answer each bad line with exactly one
 * error line, keep stepping, keep λ, and keep its memory flat.
 */
import { afterAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { connectControl } from '../../src/run/control-socket.js';
import { RunFolder } from '../../src/run/run-folder.js';
import { BAD_COMMANDS } from '../helpers/bad-commands.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const cwd = tempDir('agt-fuzz-');
const runDir = path.join(cwd, 'checkpoints/fuzz');
const run = new RunFolder(runDir);
let pid = 0;

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
/** Resident memory of the trainer process, in MiB. */
const rssMiB = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

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

it('answers each of a few hundred malformed commands with one error line, and keeps training with flat memory', async () => {
  const started = await runCli(['train', '--detach', '--model', 'acgan', '--width', '0.0625', '--batch', '4', '--steps', '1000000', '--run', 'checkpoints/fuzz'], { cwd });
  expect(started.stderr).toBe('');
  pid = Number(/pid (\d+)/.exec(started.stdout)![1]);
  await until(() => lastStep() >= 5, 60_000, 'the first steps');
  // Warm: by step 60 the trainer's memory has found its level (measured: +35 MiB from step 15 to 50, then about +3 MiB per 100 steps).
  await until(() => lastStep() >= 60, 60_000, 'warm-up steps');
  const rssBefore = rssMiB();
  const stepBefore = lastStep();
  const lambdaEventsBefore = run.readEvents().filter((e) => e.type === 'lambda').length;

  // A client that floods and never reads a reply, and one that sends 50 MB without a newline.
  const flooder = await connect();
  flooder.write('x\n'.repeat(200_000));
  const longLiner = await connect();
  const longLine = sendLongLine(longLiner, 50 * 1024 * 1024);

  // Meanwhile a client that reads: every malformed line, then one more too long (20 KiB).
  const client = await connect();
  const replies: string[] = [];
  let partial = '';
  client.setEncoding('utf8');
  client.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    replies.push(...parts);
  });
  const sent = [...BAD_COMMANDS, '{"type":"pause","pad":"' + 'p'.repeat(20 * 1024) + '"}'];
  expect(sent.length).toBeGreaterThan(300);
  client.write(sent.map((l) => l + '\n').join(''));

  await until(() => replies.length >= sent.length, 60_000, `${sent.length} replies`);
  await longLine;
  // Nothing more comes: exactly one line per bad command.
  await sleep(500);
  expect(replies).toHaveLength(sent.length);
  for (const [i, line] of replies.entries()) {
    const reply = JSON.parse(line) as { type: string; message: string };
    expect(reply.type, sent[i]).toBe('error');
    expect(reply.message.length, sent[i]).toBeGreaterThan(10);
  }
  expect(JSON.parse(replies.at(-1)!).message).toMatch(/^line longer than 16384 bytes, discarded/);
  expect(replies.filter((r) => /no-such-colour/.test(r)).length).toBeGreaterThan(0);

  // Training went on, λ is as it was, and memory stayed where it was.
  await until(() => lastStep() >= stepBefore + 10, 60_000, 'steps after the fuzz');
  expect(run.readEvents().filter((e) => e.type === 'lambda')).toHaveLength(lambdaEventsBefore);
  const rssAfter = rssMiB();
  console.log(`trainer RSS ${rssBefore.toFixed(1)} MiB before, ${rssAfter.toFixed(1)} MiB after ${sent.length} bad lines, 200k flood lines and a 50 MiB line`);
  expect(rssAfter - rssBefore).toBeLessThan(40);

  // The long-line client hears about its line once, as soon as it passes the limit.
  const heard: string[] = [];
  longLiner.setEncoding('utf8');
  longLiner.on('data', (c: string) => heard.push(...c.split('\n').filter(Boolean)));
  longLiner.write('\n{"type":"nope"}\n');
  await until(() => heard.length >= 2, 10_000, 'the long-line client\'s replies');
  expect(heard.map((l) => JSON.parse(l).message)).toEqual([expect.stringMatching(/^line longer than/), expect.stringMatching(/^unknown command type "nope"/)]);

  for (const s of [flooder, longLiner, client]) s.destroy();
  // A good command still works after all that.
  const last = await connect();
  last.write('{"type":"stop"}\n');
  await until(() => /^done \(stopped\)/m.test(readFileSync(path.join(runDir, 'trainer.log'), 'utf8')), 60_000, 'the stop');
  last.destroy();
  pid = 0;
}, 300_000);
