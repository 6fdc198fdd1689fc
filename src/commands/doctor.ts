/**
 * `anime-gan-tui doctor`: each compute backend, whether it loads, its device, and how to fix it;
 * then, on a terminal, what images it shows the faces with, and why.
 */
import { describeBackends, type BackendReport } from '../backend/choose-backend.js';
import { PREVIEW_MODES, type PreviewMode } from '../settings/schema.js';
import type { LoadedSettings } from '../settings/store.js';
import { detectTerminal, type TerminalCaps } from '../ui/preview/detect.js';
import { DEFAULT_CELL, resolvePreview, type ResolvedPreview } from '../ui/preview/mode.js';
import { choice } from '../util/flag-values.js';

const NAME_WIDTH = 15;

/** One backend as lines: a mark, the name, the device or the reason, then a note or a fix. */
export function formatReport(b: BackendReport): string {
  const pad = ''.padEnd(NAME_WIDTH);
  const lines = [`${b.ok ? '✓' : '✗'} ${b.name.padEnd(NAME_WIDTH)} ${b.ok ? b.device : b.reason}`];
  if (b.ok && b.note) lines.push(`  ${pad} note: ${b.note}`);
  if (!b.ok && b.fix) lines.push(`  ${pad} fix: ${b.fix}`);
  return lines.join('\n') + '\n';
}

const PREVIEW_NAMES: Record<ResolvedPreview['kind'], string> = {
  kitty: 'kitty images (Unicode placeholders)',
  iterm: 'iTerm2 inline images',
  sixel: 'sixel images',
  blocks: 'half-block mosaics',
  off: 'none',
};

/** What the terminal was found to show, and the previews that makes for `mode`. */
export function formatTerminal(caps: TerminalCaps | null, mode: PreviewMode, env: NodeJS.ProcessEnv): string {
  const lines = ['', 'terminal'];
  const pad = '  ';
  if (caps === null) {
    lines.push(`${pad}not asked: stdin or stdout is not a terminal`);
  } else {
    const found = [caps.kitty && 'kitty', caps.iterm && 'iTerm2', caps.sixel && 'sixel'].filter(Boolean).join(', ') || 'none';
    lines.push(`${pad}TERM=${env['TERM'] ?? ''}${env['TERM_PROGRAM'] ? ` TERM_PROGRAM=${env['TERM_PROGRAM']}` : ''} · images: ${found}`);
    for (const note of caps.notes) lines.push(`${pad}${note}`);
    if (!caps.cell && (caps.sixel || caps.iterm)) lines.push(`${pad}cell size unknown: ${DEFAULT_CELL.width}×${DEFAULT_CELL.height} px assumed for images`);
  }
  const shown = resolvePreview(mode, env, caps);
  lines.push(`${pad}previews (--preview ${mode}): ${PREVIEW_NAMES[shown.kind]}${shown.note ? ` (${shown.note})` : ''}`);
  return lines.join('\n') + '\n';
}

export async function doctorCommand(flags: { json?: boolean; preview?: string }, loaded?: LoadedSettings): Promise<number> {
  const mode = choice('preview', flags.preview, PREVIEW_MODES) ?? loaded?.settings.preview ?? 'auto';
  const report = await describeBackends();
  if (flags.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  for (const b of report) process.stdout.write(formatReport(b));
  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
  // The blank sixel that measures cells is drawn on the alternate screen, as the views do.
  const caps = tty ? await detectTerminal(process.env, { stdin: process.stdin, stdout: process.stdout }, { probeScreen: true }) : null;
  process.stdout.write(formatTerminal(caps, mode, process.env));
  return 0;
}
