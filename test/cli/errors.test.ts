/**
 * One way to fail: every error the program expects is an AppError and reaches the user as one
 * line with its own exit code; anything else is a bug and is reported with its stack.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/report-error.js';
import { AppError, UsageError } from '../../src/util/errors.js';
import { BackendError } from '../../src/backend/choose-backend.js';
import { DatasetError } from '../../src/data/dataset.js';
import { CheckpointError } from '../../src/engine/checkpoint.js';
import { UnknownColourError } from '../../src/engine/sampler.js';
import { TrainerError } from '../../src/engine/trainer.js';
import { JudgementError } from '../../src/judge/evaluate.js';
import { FaceFolderError } from '../../src/judge/face-folder.js';
import { ExportError } from '../../src/run/export.js';
import { RunLockedError } from '../../src/run/lock.js';
import { RunFolderError } from '../../src/run/run-folder.js';
import { SocketDirError } from '../../src/run/socket-dir.js';
import { JobError } from '../../src/run/train-job.js';
import { runCli } from '../helpers/cli.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every AppError subclass in src/ and the code it exits with when thrown with a message alone. */
const EXPECTED: Array<[new (message: string) => AppError, number]> = [
  [UsageError, 2],
  [BackendError, 2],
  [DatasetError, 2],
  [CheckpointError, 2],
  [UnknownColourError, 2],
  [TrainerError, 1],
  [JudgementError, 2],
  [FaceFolderError, 2],
  [ExportError, 2],
  [RunLockedError, 2],
  [RunFolderError, 2],
  [SocketDirError, 2],
  [JobError, 2],
];

/** Class names that extend AppError, directly or through another class of src/. */
function appErrorClassesInSrc(): string[] {
  const parents = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name)) {
        for (const m of readFileSync(file, 'utf8').matchAll(/\bclass (\w+) extends (\w+)/g)) parents.set(m[1]!, m[2]!);
      }
    }
  };
  walk(SRC);
  const isAppError = (name: string, seen = new Set<string>()): boolean => {
    const parent = parents.get(name);
    if (parent === undefined || seen.has(name)) return false;
    seen.add(name);
    return parent === 'AppError' || isAppError(parent, seen);
  };
  return [...parents.keys()].filter((name) => isAppError(name)).sort();
}

function report(err: unknown): { code: number; text: string } {
  let text = '';
  const code = reportError(err, { write: (chunk: string) => (text += chunk) });
  return { code, text };
}

describe('errors the program expects', () => {
  it('the list here covers every AppError subclass in src/', () => {
    expect(EXPECTED.map(([cls]) => cls.name).sort()).toEqual(appErrorClassesInSrc());
  });

  it.each(EXPECTED.map(([cls, code]) => [cls.name, cls, code] as const))('%s: one line, its exit code, no stack', (_name, cls, code) => {
    const err = new cls('what is wrong and what to do\nmore detail a person need not read');
    expect(err).toBeInstanceOf(AppError);
    expect(err.name).toBe(cls.name);
    const { code: exitCode, text } = report(err);
    expect(exitCode).toBe(code);
    expect(text).toBe('anime-gan-tui: what is wrong and what to do\n');
    expect(text).not.toContain('    at ');
  });

  it('a run that cannot be resumed as asked is bad input: TrainerError with exit code 2', () => {
    expect(report(new TrainerError('cannot resume runs/r: its model is dcgan, not acgan', 2))).toEqual({
      code: 2,
      text: 'anime-gan-tui: cannot resume runs/r: its model is dcgan, not acgan\n',
    });
  });
});

describe('errors nobody expected', () => {
  it('a plain Error is a bug: reported with its stack, exit code 1', () => {
    const { code, text } = report(new Error('boom'));
    expect(code).toBe(1);
    expect(text).toMatch(/^anime-gan-tui: unexpected error: Error: boom\n/);
    expect(text).toContain('    at ');
  });

  it('an error merely named like one of ours is still unexpected', () => {
    const err = new Error('looks expected');
    err.name = 'UsageError';
    const { code, text } = report(err);
    expect(code).toBe(1);
    expect(text).toContain('unexpected error');
  });

  it('something thrown that is not an Error is reported as it is', () => {
    expect(report('a string')).toEqual({ code: 1, text: 'anime-gan-tui: unexpected error: a string\n' });
  });
});

describe('the built command line', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'anime-gan-errors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a bad flag: one line on stderr, exit 2', async () => {
    const r = await runCli(['train', '--bogus-flag', '1'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('anime-gan-tui: unknown flag --bogus-flag (see anime-gan-tui --help)\n');
    expect(r.stdout).toBe('');
  });
});
