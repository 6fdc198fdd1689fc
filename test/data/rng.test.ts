import { describe, expect, it } from 'vitest';
import { mixSeed, Rng } from '../../src/util/rng.js';

describe('Rng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 10 }, () => a.next());
    expect(Array.from({ length: 10 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniform values in [0, 1) and integers in [0, n)', () => {
    const rng = new Rng(1);
    const counts = new Array(10).fill(0);
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < 20000; i++) {
      const u = rng.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      counts[rng.int(10)]++;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(counts.reduce((a, b) => a + b)).toBe(20000);
    for (const c of counts) expect(c).toBeGreaterThan(1800);
  });

  it('draws standard normals', () => {
    const rng = new Rng(3);
    const n = 20000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(sq / n - (sum / n) ** 2) - 1)).toBeLessThan(0.03);
  });

  it('restores exactly from its state, which survives JSON', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 17; i++) rng.next();
    const saved = JSON.parse(JSON.stringify(rng.state));
    const ahead = Array.from({ length: 5 }, () => rng.nextUint32());
    const restored = Rng.fromState(saved);
    expect(Array.from({ length: 5 }, () => restored.nextUint32())).toEqual(ahead);
  });

  it('mixSeed separates nearby and large inputs', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(1, 0)).not.toBe(mixSeed(1, 1));
    expect(mixSeed(2 ** 40)).not.toBe(mixSeed(0));
    expect(mixSeed(5, 6)).toBe(mixSeed(5, 6));
  });
});
