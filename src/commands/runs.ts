/**
 * `anime-gan-tui runs [DIR]`: every run with its state, model, epoch, last losses and age; without
 * DIR, those under checkpoints/ and every run this user started elsewhere.
 */
import path from 'node:path';
import { listRuns, type RunSummary } from '../run/run-status.js';
import { RUNS_DIR } from '../run/run-folder.js';

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d`;
}

/** The judge's latest Fréchet distance, and the best with its epoch: "412 (398 ep 7)". */
function qualityCell(r: RunSummary): string {
  if (!r.quality) return '–';
  const fd = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const best = r.bestQuality && r.bestQuality !== r.quality ? ` (${fd(r.bestQuality.frechet)} ep ${r.bestQuality.epoch})` : ' (best)';
  return fd(r.quality.frechet) + best;
}

export function runsCommand(base: string | undefined, flags: { json?: boolean }, now = Date.now()): number {
  const runs = listRuns(base);
  if (flags.json) {
    for (const r of runs) process.stdout.write(JSON.stringify({
          ...r,
          lastStep: undefined,
          quality: undefined,
          bestQuality: undefined,
          dLoss: r.lastStep?.dLoss,
          gLoss: r.lastStep?.gLoss,
          frechet: r.quality?.frechet,
          bestFrechet: r.bestQuality?.frechet,
          bestEpoch: r.bestQuality?.epoch,
        }) + '\n');
    return 0;
  }
  if (runs.length === 0) {
    process.stdout.write(
      base !== undefined
        ? `no runs in ${base}/ yet: start one with 'anime-gan-tui train --run ${path.join(base, 'NAME')}'\n`
        : `no runs yet (none in ${RUNS_DIR}/, none started elsewhere): start one with 'anime-gan-tui train'\n`,
    );
    return 0;
  }
  // Runs outside the listed folder go by their path: that is what watch and --run want.
  const listed = path.resolve(base ?? RUNS_DIR);
  const rows = runs.map((r) => [
    path.dirname(path.resolve(r.dir)) === listed ? r.name : r.dir,
    r.state + (r.pid ? ` (pid ${r.pid})` : ''),
    `${r.model} ×${r.width}`,
    String(r.epoch || '–'),
    String(r.step || '–'),
    r.lastStep ? `D ${r.lastStep.dLoss.toFixed(3)} G ${r.lastStep.gLoss.toFixed(3)}` : '–',
    qualityCell(r),
    formatAge(now - r.lastActivity),
  ]);
  const head = ['run', 'state', 'model', 'epoch', 'step', 'last losses', 'Fréchet (best)', 'age'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write([line(head), ...rows.map(line)].join('\n') + '\n');
  return 0;
}
