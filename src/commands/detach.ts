/**
 * `train --detach`: the same training as a background process that owns the run folder and
 * outlives the terminal (its own session, no TTY, output to <run>/trainer.log).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNS_DIR, newRunName } from '../run/run-folder.js';
import { readLock } from '../run/lock.js';
import type { TrainJob } from '../run/train-job.js';
import { JobError } from '../run/train-job.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli.js');

/** argv: the user's arguments, which the background trainer is started with (minus --detach). */
export async function trainDetached(job: TrainJob, argv: string[]): Promise<number> {
  const runDir = job.runDir ?? path.join(RUNS_DIR, newRunName(job.config.model));
  mkdirSync(runDir, { recursive: true });
  const args = argv.filter((a) => a !== '--detach');
  if (!job.runDir) args.push('--run', runDir);
  args.push('--json');
  const logFile = path.join(runDir, 'trainer.log');
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [CLI, ...args], { detached: true, stdio: ['ignore', log, log], env: process.env });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? 1));
  // Wait until the trainer owns the run (or fails to start), so what we print is true.
  for (let i = 0; i < 600; i++) {
    const lock = readLock(path.join(runDir, 'lock'));
    if (lock?.pid === child.pid && existsSync(path.join(runDir, 'run.json'))) break;
    if (exited !== null) {
      const last = readFileSync(logFile, 'utf8').trim().split('\n').pop() ?? '';
      throw new JobError(`the background trainer did not start: ${last.replace(/^anime-gan-tui: /, '')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.unref();
  process.stdout.write(
    [
      `training in the background (pid ${child.pid}), run ${runDir}`,
      `  watch it:  anime-gan-tui watch ${runDir}`,
      `  list runs: anime-gan-tui runs`,
      `  its log:   ${logFile}`,
    ].join('\n') + '\n',
  );
  return 0;
}
