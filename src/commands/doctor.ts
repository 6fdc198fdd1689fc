/** `anime-gan-tui doctor`: each compute backend, whether it loads, its device, and how to fix it. */
import { describeBackends } from '../engine/backend.js';

export async function doctorCommand(flags: { json?: boolean }): Promise<number> {
  const report = await describeBackends();
  if (flags.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  for (const b of report) {
    const mark = b.ok ? '✓' : '✗';
    process.stdout.write(`${mark} ${b.name.padEnd(15)} ${b.ok ? b.device : b.reason}\n`);
    if (!b.ok && b.fix) process.stdout.write(`  ${''.padEnd(15)} fix: ${b.fix}\n`);
  }
  return 0;
}
