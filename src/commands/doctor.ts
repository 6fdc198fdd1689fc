/** `anime-gan-tui doctor`: each compute backend, whether it loads, its device, and how to fix it. */
import { describeBackends, type BackendReport } from '../backend/choose-backend.js';

const NAME_WIDTH = 15;

/** One backend as lines: a mark, the name, the device or the reason, then a note or a fix. */
export function formatReport(b: BackendReport): string {
  const pad = ''.padEnd(NAME_WIDTH);
  const lines = [`${b.ok ? '✓' : '✗'} ${b.name.padEnd(NAME_WIDTH)} ${b.ok ? b.device : b.reason}`];
  if (b.ok && b.note) lines.push(`  ${pad} note: ${b.note}`);
  if (!b.ok && b.fix) lines.push(`  ${pad} fix: ${b.fix}`);
  return lines.join('\n') + '\n';
}

export async function doctorCommand(flags: { json?: boolean }): Promise<number> {
  const report = await describeBackends();
  if (flags.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  for (const b of report) process.stdout.write(formatReport(b));
  return 0;
}
