import { describe, expect, it } from 'vitest';
import { fitGaussian, frechetDistance, meanPairwiseDistance } from '../../src/judge/frechet.js';
import { Rng } from '../../src/util/rng.js';

function normalRows(n: number, dim: number, seed: number, shift = 0, scale = 1): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * dim }, () => rng.normal() * scale + shift);
}

describe('Fréchet distance', () => {
  it('is 0 between a set and itself, and |Δμ|² between two sets that differ by a shift', () => {
    const a = normalRows(400, 4, 1);
    const g = fitGaussian(a, 4);
    expect(frechetDistance(g, g)).toBeCloseTo(0, 6);
    const shifted = a.map((x) => x + 2);
    // Same covariance, means 2 apart in each of 4 dimensions: 4 · 2².
    expect(frechetDistance(g, fitGaussian(shifted, 4))).toBeCloseTo(16, 4);
  });

  it('matches the closed form for two diagonal Gaussians: Σ (σ₁ − σ₂)²', () => {
    const a = fitGaussian(normalRows(20000, 3, 2, 0, 1), 3);
    const b = fitGaussian(normalRows(20000, 3, 3, 0, 3), 3);
    // Per dimension: σ₁² + σ₂² − 2σ₁σ₂ = (1 − 3)² = 4; three dimensions give 12 (sampling noise aside).
    expect(frechetDistance(a, b)).toBeGreaterThan(11);
    expect(frechetDistance(a, b)).toBeLessThan(13);
  });

  it('grows as one set narrows to a single point (a collapsed generator)', () => {
    const real = fitGaussian(normalRows(500, 8, 4), 8);
    const varied = fitGaussian(normalRows(500, 8, 5), 8);
    const collapsed = fitGaussian(normalRows(500, 8, 6, 0, 0.01), 8);
    expect(frechetDistance(collapsed, real)).toBeGreaterThan(5 * frechetDistance(varied, real));
  });

  it('refuses a set of one', () => {
    expect(() => fitGaussian(new Float32Array(4), 4)).toThrow(RangeError);
  });
});

describe('mean pairwise distance', () => {
  it('is 0 for identical rows and the distance itself for two', () => {
    expect(meanPairwiseDistance(new Float32Array(12).fill(1), 3)).toBe(0);
    expect(meanPairwiseDistance(Float32Array.from([0, 0, 3, 4]), 2)).toBe(5);
  });
});
