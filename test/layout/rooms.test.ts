/**
 * The shape of src/ as a newcomer meets it: rooms that import one way only (the rules live in
 * .dependency-cruiser.cjs, checked here on every `npm test`), a README in each room saying what
 * lives there and what it may import, and files small enough to read in one sitting.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as { forbidden: Array<{ name: string }> };
/** The rooms, lowest first, as the config's one-way rules name them. */
const ROOMS = config.forbidden.flatMap((r) => /^(.+)-imports-only-lower-rooms$/.exec(r.name)?.[1] ?? []);

/** Files that are tables (one row a line) may run long; none is today. */
const TABLES = new Set<string>();
const MAX_LINES = 350;
const ENGINE_MAX_LINES = 4000;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').length - 1;

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

describe('the rooms of src/', () => {
  it('import one way only, with no circles, the UI never reaching tfjs and the engine never the UI', () => {
    // The package exports no path to its CLI, so it is run from where npm puts it.
    const cli = path.resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const out = execFileSync(process.execPath, [cli, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const result = JSON.parse(out) as { summary: { violations: Violation[]; totalCruised: number } };
    // A cruise that found nothing would pass every rule: it must have seen the whole tree.
    expect(result.summary.totalCruised).toBeGreaterThan(200);
    const broken = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(broken, 'imports that break the rooms’ order').toEqual([]);
  });

  it('are every folder of src/ but dev/, each with a README that says what it holds and may import', () => {
    expect(ROOMS.length).toBeGreaterThan(10);
    const folders = readdirSync('src').filter((n) => statSync(path.join('src', n)).isDirectory() && n !== 'dev');
    expect(folders.sort()).toEqual([...ROOMS].sort());
    for (const room of [...ROOMS, 'dev']) {
      const readme = path.join('src', room, 'README.md');
      expect(existsSync(readme), `${readme} is missing`).toBe(true);
      const text = readFileSync(readme, 'utf8');
      expect(text, `${readme} says what ${room}/ may import`).toMatch(/may import|imports/);
    }
  });

  it(`hold no source file over ${MAX_LINES} lines, and an engine under ${ENGINE_MAX_LINES}`, () => {
    const long = sourceFiles('src')
      .filter((f) => !TABLES.has(f))
      .map((f) => [f, lines(f)] as const)
      .filter(([, n]) => n > MAX_LINES)
      .map(([f, n]) => `${f}: ${n} lines`);
    expect(long, 'files to split').toEqual([]);
    const engine = sourceFiles('src/engine').reduce((sum, f) => sum + lines(f), 0);
    expect(engine, 'lines in src/engine').toBeLessThan(ENGINE_MAX_LINES);
  });
});
