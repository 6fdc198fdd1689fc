/**
 * Every package the program needs at run time supports the Node versions it declares: a
 * dependency that wants a newer Node may install with a warning and then break at run time.
 * Reads the tree npm resolved here; `.ci/run` also installs the packed tarball without the lock
 * file and fails on any EBADENGINE warning, which covers a fresh resolution.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const ours = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

/**
 * The Node versions our range admits, as the checks see them: its lowest version and the first
 * and a late release of every major up to 26. (semver.subset would also demand prereleases such
 * as 21.0.0-rc, which no one runs.)
 */
function versionsWeSupport(): string[] {
  const lowest = semver.minVersion(ours)?.version;
  const majors = Array.from({ length: 7 }, (_, i) => 20 + i).flatMap((m) => [`${m}.0.0`, `${m}.99.0`]);
  return [lowest, ...majors].filter((v): v is string => v !== undefined && semver.satisfies(v, ours));
}

function runtimeTree(): string[] {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter((line) => line && line !== root);
}

describe('the resolved dependency tree', () => {
  it('declares a Node range, and every runtime package supports all of it', () => {
    expect(semver.validRange(ours)).not.toBeNull();
    const paths = runtimeTree();
    expect(paths.length).toBeGreaterThan(20);
    const misfits: string[] = [];
    for (const dir of paths) {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; engines?: { node?: string } };
      const theirs = pkg.engines?.node;
      const unsupported = theirs ? versionsWeSupport().filter((v) => !semver.satisfies(v, theirs)) : [];
      if (unsupported.length > 0) misfits.push(`${pkg.name}@${pkg.version} wants node ${theirs} (not ${unsupported[0]})`);
    }
    expect(misfits).toEqual([]);
  });

  it('holds one copy of @tensorflow/tfjs-core', () => {
    const copies = runtimeTree().filter((p) => p.endsWith(join('@tensorflow', 'tfjs-core')));
    expect(copies).toHaveLength(1);
  });
});
