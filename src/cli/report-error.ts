/**
 * What the command line says when a command throws, and the code it exits with: an AppError is
 * expected (bad input, a run it cannot use) and gets one line; anything else is a bug, reported
 * with its stack so that it can be fixed.
 */
import { AppError, firstLine } from '../util/errors.js';

export function reportError(err: unknown, stderr: { write(text: string): unknown }): number {
  if (err instanceof AppError) {
    stderr.write(`anime-gan-tui: ${firstLine(err)}\n`);
    return err.exitCode;
  }
  const stack = err instanceof Error ? err.stack : undefined;
  stderr.write(`anime-gan-tui: unexpected error: ${stack ?? String(err)}\n`);
  return 1;
}
