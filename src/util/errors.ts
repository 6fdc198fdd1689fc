/**
 * One way to fail. Every error the program expects (bad input, a run it cannot use, a disk that
 * refuses a write) is an AppError: it carries the exit code the CLI ends with, and its message's
 * first line is all a person needs to read. Anything else that reaches the CLI is a bug, and is
 * printed with its stack.
 */

/** Exit codes: 1 = the work itself failed, 2 = the input was wrong (flags, data, a run folder). */
export type ExitCode = 1 | 2;

export class AppError extends Error {
  /** The code the process exits with when this error reaches the CLI. */
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = 2) {
    super(message);
    this.exitCode = exitCode;
    // The subclass's own name ('DatasetError', …), for logs and tests, without repeating it in each.
    this.name = new.target.name;
  }
}

/** Bad input from the user (a flag, an argument): one line, exit code 2. */
export class UsageError extends AppError {}

/** The first line of an error's message (or of anything thrown): what a one-line report shows. */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? '';
}
