/** Run folders written by another version or edited by hand: readers skip what they cannot read. */
import { beforeAll, expect, it } from 'vitest';
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startJob } from '../../src/run/train-job.js';
import { RunFolder } from '../../src/run/run-folder.js';
import { listRuns, summarizeRun } from '../../src/run/run-status.js';
import { WatchClient } from '../../src/run/watch-client.js';
import type { WorkerMessage } from '../../src/protocol/messages.js';
import { runCli } from '../helpers/cli.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';
import { tinyJob } from '../helpers/trainer.js';

beforeAll(useWasm);
const root = tempDir('agt-tolerate-');

/** Lines a hand or another version could leave in events.jsonl. */
const JUNK = [
  'garbage',
  '{"type":"step","time":1,"step":"three","epoch":1}',
  '{"type":"step","time":1,"step":4,"epoch":1,"stepInEpoch":4,"stepsPerEpoch":512,"lambda":1,"dLoss":"x","gLoss":1,"dReal":0.5,"dFake":0.5,"imgPerSec":2}',
  '{"type":"sample","time":1,"step":4,"epoch":1,"path":7,"rows":0,"cols":0,"rowLabels":null}',
  '{"type":"done","time":1,"step":4,"epoch":1,"reason":"exploded","lastCheckpoint":null}',
  '{"type":"from-the-future","time":1}',
  '[1,2,3]',
  'null',
  '{"type":"start"}',
];

it('events.jsonl with junk lines: runs, the run summary and a watcher skip them and show the rest', async () => {
  const dir = path.join(root, 'checkpoints', 'edited');
  const job = tinyJob(dir, 3);
  const started = await startJob(job);
  await started.trainer.run();
  started.trainer.dispose();
  started.release();
  const run = new RunFolder(dir);
  const good = run.readEvents().length;
  // Junk between good lines, and a diverged step whose losses JSON wrote as null.
  const lines = readFileSync(run.eventsFile, 'utf8').trim().split('\n');
  const diverged = { ...JSON.parse(lines.find((l) => l.includes('"type":"step"'))!), dLoss: null, gLoss: null };
  writeFileSync(run.eventsFile, [lines[0], ...JUNK, ...lines.slice(1, -1), JSON.stringify(diverged), ...JUNK, lines.at(-1)].join('\n') + '\n');

  expect(run.readEvents()).toHaveLength(good + 1);
  const summary = summarizeRun(run);
  expect(summary.state).toBe('done');
  expect(listRuns(path.join(root, 'checkpoints')).map((r) => r.name)).toEqual(['edited']);

  const watcher = new WatchClient(dir);
  const seen: WorkerMessage[] = [];
  watcher.subscribe((m) => seen.push(m));
  await new Promise((r) => setTimeout(r, 400));
  const events = seen.flatMap((m) => (m.type === 'event' ? [m.event.type] : []));
  expect(events[0]).toBe('start');
  expect(events.at(-1)).toBe('done');
  expect(events).toHaveLength(good + 1);
  // More junk arriving while it follows the file is skipped too.
  appendFileSync(run.eventsFile, JUNK.join('\n') + '\n');
  await new Promise((r) => setTimeout(r, 700));
  expect(seen.filter((m) => m.type === 'event')).toHaveLength(good + 1);
  await watcher.close();

  // The command line says the same, in a table and as JSON, without a crash.
  cpSync(path.join(root, 'checkpoints'), path.join(root, 'cli', 'checkpoints'), { recursive: true });
  const table = await runCli(['runs'], { cwd: path.join(root, 'cli') });
  expect(table.stderr).toBe('');
  expect(table.stdout).toMatch(/^edited\s+done/m);
  const json = await runCli(['runs', '--json'], { cwd: path.join(root, 'cli') });
  expect(JSON.parse(json.stdout.trim())).toMatchObject({ name: 'edited', state: 'done' });
}, 120_000);
