/**
 * `train --detach`: the same training as a background process that owns the run folder and
 * outlives the terminal (its own session, no TTY, output to <run>/trainer.log).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNS_DIR, newRunName } from '../run/run-folder.js';
import { readLock } from '../run/lock.js';
import type { TrainJob } from '../run/train-job.js';
import { JobError, preflightJob } from '../run/train-job.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli.js');

/** argv: the user's arguments, which the background trainer is started with (minus --detach). */
export async function trainDetached(job: TrainJob, argv: string[]): Promise<number> {
  const runDir = job.runDir ?? path.join(RUNS_DIR, newRunName(job.config.model));
  // Refuse what can be refused here (a run in use, missing data), in the user's own shell and
  // before anything is written; the background trainer checks again when it takes the run.
  await preflightJob({ ...job, runDir });
  const fresh = !existsSync(runDir);
  mkdirSync(runDir, { recursive: true });
  // In every spelling (--detach=true too): a child that detached again would start a chain.
  const args = argv.filter((a) => !/^--(no-)?(detach|json|plain)(=.*)?$/.test(a));
  if (!job.runDir) args.push('--run', runDir);
  // Readable lines: events.jsonl already holds every event as JSON for watchers and tools.
  args.push('--plain');
  const logFile = path.join(runDir, 'trainer.log');
  const log = openSync(logFile, 'a');
  // Where this trainer's own output starts: an earlier one's log may precede it.
  const logStart = statSync(logFile).size;
  const child = spawn(process.execPath, [CLI, ...args], { detached: true, stdio: ['ignore', log, log], env: process.env });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? 1));
  // Wait until the trainer owns the run (or fails to start), so what we print is true.
  for (let i = 0; i < 600; i++) {
    const lock = readLock(path.join(runDir, 'lock'));
    if (lock?.pid === child.pid && existsSync(path.join(runDir, 'run.json'))) break;
    if (exited !== null) {
      const lines = readFileSync(logFile).subarray(logStart).toString('utf8').trim().split('\n');
      // Its one-line error if it printed one, else whatever it printed last.
      const said = lines.find((l) => l.startsWith('anime-gan-tui: ')) ?? lines.at(-1) ?? `exit code ${exited}`;
      if (fresh) removeIfUnused(runDir, logFile);
      throw new JobError(`the background trainer did not start: ${said.replace(/^anime-gan-tui: /, '')}`);
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

/**
 * The folder this command made for a trainer that never started: only its log goes, then the
 * folder if nothing else is in it. Anything more (a run another trainer took meanwhile, or one
 * that got as far as its run.json) stays.
 */
function removeIfUnused(runDir: string, logFile: string): void {
  if (existsSync(path.join(runDir, 'run.json'))) return;
  rmSync(logFile, { force: true });
  try {
    rmdirSync(runDir);
  } catch {
    // Not empty: someone else's now.
  }
}
