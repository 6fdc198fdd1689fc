/**
 * `anime-gan-tui export [RUN] [--out DIR]`: a run's metrics as CSV, its epoch grids as a GIF and a
 * contact sheet, and both as a TensorBoard event file (see src/run/export.ts). Prints one line per
 * file written, or with --json one object.
 */
import path from 'node:path';
import { UsageError } from '../util/errors.js';
import { defaultExportDir, exportRun, type ExportResult } from '../run/export.js';
import { findRunFolder, newestRun, RUNS_DIR } from '../run/run-folder.js';

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

export function exportLines(r: ExportResult): string[] {
  const names = [...r.files.map((f) => f.file), ...r.skipped.map((s) => s.file)];
  const width = Math.max(...names.map((n) => n.length));
  const lines = [`exported ${r.run} to ${r.out}${r.out.endsWith(path.sep) ? '' : path.sep}`];
  for (const f of r.files) lines.push(`  ${f.file.padEnd(width)}  ${formatBytes(f.bytes).padStart(8)}  ${f.about}`);
  for (const s of r.skipped) lines.push(`  ${s.file.padEnd(width)}  ${'skipped'.padStart(8)}  ${s.reason}`);
  return lines;
}

export async function exportCommand(runArg: string | undefined, flags: { out?: string; json?: boolean }): Promise<number> {
  const run = runArg !== undefined ? findRunFolder(runArg) : newestRun();
  if (!run) throw new UsageError(`no runs in ${RUNS_DIR}/ to export: give the run, anime-gan-tui export RUN (anime-gan-tui runs lists them)`);
  if (flags.out !== undefined && flags.out.trim() === '') throw new UsageError('--out needs a folder: --out DIR');
  const out = flags.out ?? defaultExportDir(run);
  const result = await exportRun(run, out);
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  if (flags.json) process.stdout.write(JSON.stringify({ type: 'export', ...result }) + '\n');
  else process.stdout.write(exportLines(result).join('\n') + '\n');
  return 0;
}
