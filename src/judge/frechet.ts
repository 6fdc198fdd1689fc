/**
 * The Fréchet distance between two sets of feature vectors, each taken as a Gaussian (the FID
 * formula, Heusel et al. 2017): |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½). The matrix square
 * roots come from symmetric eigendecompositions (ml-matrix), which stay real and stable where a
 * general sqrtm of Σ₁Σ₂ would need complex arithmetic.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface Gaussian {
  dim: number;
  mean: Float64Array;
  /** [dim, dim], sample covariance (n − 1). */
  cov: Matrix;
}

/** rows: n vectors of `dim` values, row-major. */
export function fitGaussian(rows: Float32Array, dim: number): Gaussian {
  const n = rows.length / dim;
  if (n < 2) throw new RangeError(`a Fréchet distance needs at least 2 faces per set, got ${n}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d]! += rows[i * dim + d]!;
  for (let d = 0; d < dim; d++) mean[d]! /= n;
  const centred = new Matrix(n, dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) centred.set(i, d, rows[i * dim + d]! - mean[d]!);
  const cov = centred.transpose().mmul(centred).div(n - 1);
  return { dim, mean, cov };
}

/** Σ^½ of a symmetric positive semi-definite matrix; tiny negative eigenvalues (rounding) count as 0. */
function sqrtPsd(m: Matrix): Matrix {
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const roots = e.realEigenvalues.map((x) => Math.sqrt(Math.max(0, x)));
  return v.mmul(Matrix.diag(roots)).mmul(v.transpose());
}

export function frechetDistance(a: Gaussian, b: Gaussian): number {
  let meanTerm = 0;
  for (let d = 0; d < a.dim; d++) meanTerm += (a.mean[d]! - b.mean[d]!) ** 2;
  const rootA = sqrtPsd(a.cov);
  const inner = rootA.mmul(b.cov).mmul(rootA);
  // Symmetrise: rounding leaves it a hair off, and the eigensolver assumes symmetry.
  const sym = inner.add(inner.transpose()).div(2);
  const cross = new EigenvalueDecomposition(sym, { assumeSymmetric: true }).realEigenvalues.reduce((s, x) => s + Math.sqrt(Math.max(0, x)), 0);
  return meanTerm + a.cov.trace() + b.cov.trace() - 2 * cross;
}

/** Mean Euclidean distance over all pairs of rows: how spread out a set of faces is. */
export function meanPairwiseDistance(rows: Float32Array, dim: number): number {
  const n = rows.length / dim;
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let k = 0; k < dim; k++) {
        const t = rows[i * dim + k]! - rows[j * dim + k]!;
        d2 += t * t;
      }
      sum += Math.sqrt(d2);
    }
  }
  return sum / ((n * (n - 1)) / 2);
}
