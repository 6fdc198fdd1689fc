#!/usr/bin/env node
/** The command line: flags → settings → a command. Nothing else lives here. */
import meow from 'meow';
import { COMMAND_FLAGS, FLAGS, HELP, type FlagName } from './cli/flags.js';
import { UsageError } from './util/errors.js';
import { kebab } from './util/flag-values.js';
import { reportError } from './cli/report-error.js';
import { letInkDrawOnTerminal } from './terminal/interactive-terminal.js';
import { watchStdout } from './terminal/stdout-closed.js';
import { releaseDeadTerminalAtExit } from './terminal/dead-terminal.js';
import { loadSettings } from './settings/store.js';

/** A subcommand of the program (train, generate, …), as typed on the command line. */
type CliCommand = keyof typeof COMMAND_FLAGS;
const CLI_COMMANDS = Object.keys(COMMAND_FLAGS) as CliCommand[];

async function main(): Promise<number> {
  const cli = meow(HELP, {
    importMeta: import.meta,
    flags: FLAGS,
    allowUnknownFlags: true,
    booleanDefault: undefined,
    autoHelp: true,
    autoVersion: true,
  });
  // The flag table declares --help and --version (so they pass the unknown-flag check), which
  // turns meow's own handling off: answer them here, wherever they appear.
  if (cli.flags.help) cli.showHelp(0);
  if (cli.flags.version) cli.showVersion();
  const [first, ...rest] = cli.input;
  let command: CliCommand;
  if (first === undefined) {
    command = cli.flags.mode === 'infer' ? 'generate' : 'train';
  } else if ((CLI_COMMANDS as string[]).includes(first)) {
    command = first as CliCommand;
  } else {
    throw new UsageError(`unknown command '${first}': use one of ${CLI_COMMANDS.join(', ')} (see --help)`);
  }
  if (cli.flags.mode !== undefined && !['train', 'infer'].includes(cli.flags.mode)) {
    throw new UsageError(`--mode must be train or infer, got '${cli.flags.mode}'`);
  }
  checkFlags(command, cli.flags as Record<string, unknown>);
  const loaded = loadSettings();
  if (command === 'train' || command === 'generate' || command === 'eval' || command === 'doctor') {
    const { ensureNativeBuilt } = await import('./backend/ensure-native.js');
    const line = ensureNativeBuilt();
    if (line) process.stderr.write(`${line}\n`);
  }

  switch (command) {
    case 'train': {
      const { trainJobFromFlags, outputMode, previewMode, trainHeadless } = await import('./commands/train.js');
      const job = trainJobFromFlags(cli.flags, loaded);
      // Checked whichever output it ends up with: a typo is an error, not silently ignored.
      const preview = previewMode(cli.flags, loaded);
      if (cli.flags.detach) {
        const { trainDetached } = await import('./commands/detach.js');
        return trainDetached(job, process.argv.slice(2));
      }
      const mode = outputMode(cli.flags, Boolean(process.stdout.isTTY && process.stdin.isTTY));
      if (mode !== 'tui') return trainHeadless(job, mode, loaded);
      letInkDrawOnTerminal();
      const { trainWithDashboard } = await import('./commands/train-dashboard.js');
      return trainWithDashboard(job, preview, loaded);
    }
    case 'generate': {
      // On a terminal with nowhere to write files: the interactive generate view.
      if (!cli.flags.out && !cli.flags.outDir && process.stdout.isTTY && process.stdin.isTTY) {
        letInkDrawOnTerminal();
        const { generateOnTerminal } = await import('./commands/generate-tui.js');
        return generateOnTerminal(cli.flags, loaded);
      }
      const { generateToFiles } = await import('./commands/generate.js');
      return generateToFiles(cli.flags, loaded);
    }
    case 'eval': {
      const { evalCommand } = await import('./commands/eval.js');
      if (rest.length > 0) throw new UsageError('eval takes no folder: name the run with --run DIR, or faces with --faces DIR');
      return evalCommand(cli.flags, loaded);
    }
    case 'watch': {
      if (process.stdout.isTTY && process.stdin.isTTY && !cli.flags.plain && !cli.flags.json) letInkDrawOnTerminal();
      const { watchCommand } = await import('./commands/watch.js');
      const { previewMode } = await import('./commands/train.js');
      if (rest.length > 1) throw new UsageError('watch takes at most one run folder');
      return watchCommand(rest[0], { tty: Boolean(process.stdout.isTTY && process.stdin.isTTY) && !cli.flags.plain, json: Boolean(cli.flags.json), preview: previewMode(cli.flags, loaded), loaded });
    }
    case 'runs': {
      const { runsCommand } = await import('./commands/runs.js');
      if (rest.length > 1) throw new UsageError('runs takes at most one folder of runs');
      return runsCommand(rest[0], cli.flags);
    }
    case 'export': {
      const { exportCommand } = await import('./commands/export.js');
      if (rest.length > 1) throw new UsageError('export takes one run: anime-gan-tui export RUN [--out DIR]');
      return exportCommand(rest[0], cli.flags);
    }
    case 'config': {
      const { configCommand } = await import('./commands/config.js');
      return configCommand(rest, loaded);
    }
    case 'doctor': {
      const { doctorCommand } = await import('./commands/doctor.js');
      return doctorCommand(cli.flags, loaded);
    }
  }
}

/** Refuses flags meow does not know, and known flags the command does not take, in one line. */
function checkFlags(command: CliCommand, flags: Record<string, unknown>): void {
  const allowed = new Set<string>(COMMAND_FLAGS[command]);
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    if (!(key in FLAGS)) throw new UsageError(`unknown flag --${kebab(key)} (see anime-gan-tui --help)`);
    if (!allowed.has(key as FlagName)) throw new UsageError(`${command} does not take --${kebab(key)} (see anime-gan-tui --help)`);
  }
}

watchStdout(process.stdout);
watchStdout(process.stderr);
releaseDeadTerminalAtExit();
main().then(
  (code) => exit(code),
  (err: unknown) => exit(reportError(err, process.stderr)),
);

/**
 * Ends the process once the command is done: a wasm thread pool, a decoder thread or a native
 * library's threads must not keep a finished (or failed) trainer alive in the background.
 */
function exit(code: number): void {
  process.exitCode = code;
  // stdout and stderr are synchronous for files, pipes and terminals on POSIX; give any pending
  // callback one turn before leaving.
  setImmediate(() => process.exit(code));
}
