import { describe, expect, it } from 'vitest';
import { PdmError } from './errors.js';
import { matVec, solveLinear, symmetricEigen } from './linalg.js';
import { Random } from './random.js';

function randomSymmetric(rng: Random, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.between(-1, 1);
  }
  return a;
}

/** Largest |(V diag(values) V^T - a)_ij| and |(V^T V - I)_ij|. */
function residuals(a: Float64Array, n: number): { reconstruction: number; orthogonality: number } {
  const { values, vectors: v } = symmetricEigen(a);
  let reconstruction = 0;
  let orthogonality = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let r = 0;
      let o = 0;
      for (let k = 0; k < n; k++) {
        r += v[i * n + k]! * values[k]! * v[j * n + k]!;
        o += v[k * n + i]! * v[k * n + j]!;
      }
      reconstruction = Math.max(reconstruction, Math.abs(r - a[i * n + j]!));
      orthogonality = Math.max(orthogonality, Math.abs(o - (i === j ? 1 : 0)));
    }
  }
  return { reconstruction, orthogonality };
}

describe('symmetricEigen (cyclic Jacobi)', () => {
  it('reconstructs random symmetric matrices A = V diag(l) V^T to 1e-12', () => {
    const rng = new Random(2024, 'linalg', 'eigen');
    for (let n = 1; n <= 10; n++) {
      for (let trial = 0; trial < 20; trial++) {
        const { reconstruction, orthogonality } = residuals(randomSymmetric(rng, n), n);
        expect(reconstruction).toBeLessThan(1e-12);
        expect(orthogonality).toBeLessThan(1e-12);
      }
    }
  });

  it('returns ascending eigenvalues whose sum is the trace', () => {
    const rng = new Random(7, 'linalg', 'trace');
    const n = 8;
    const a = randomSymmetric(rng, n);
    const { values } = symmetricEigen(a);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i]!;
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(trace, 12);
    for (let k = 1; k < n; k++) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
  });

  it('finds the eigenvalues of [2 1; 1 2]: 1 and 3, vectors (1, -1)/sqrt2 and (1, 1)/sqrt2', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2));
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    // Column 0 is +-(1, -1)/sqrt2: its components have opposite signs and equal size.
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0]! + vectors[2]!).toBeCloseTo(0, 14);
    expect(vectors[1]! - vectors[3]!).toBeCloseTo(0, 14);
  });

  it('finds the eigenvalues of the 3 x 3 second-difference matrix: 2 - sqrt2, 2, 2 + sqrt2', () => {
    // Tridiagonal Toeplitz (2, -1): eigenvalues 2 - 2 cos(k pi / 4), k = 1, 2, 3.
    const { values } = symmetricEigen(Float64Array.of(2, -1, 0, -1, 2, -1, 0, -1, 2));
    expect(values[0]).toBeCloseTo(2 - Math.SQRT2, 14);
    expect(values[1]).toBeCloseTo(2, 14);
    expect(values[2]).toBeCloseTo(2 + Math.SQRT2, 14);
  });

  it('keeps the tiny eigenvalue of a graded positive definite matrix relatively accurate', () => {
    // A = D H D with H = [1 0.5; 0.5 1] (well conditioned) and D = diag(1, 1e-6): eigenvalues
    // near 1 and 0.75e-12. The small one follows stably from det(A) / l_max, with
    // l_max = (tr + sqrt(tr^2 - 4 det)) / 2 free of cancellation.
    const a = Float64Array.of(1, 0.5e-6, 0.5e-6, 1e-12);
    const det = a[0]! * a[3]! - a[1]! * a[2]!;
    const tr = a[0]! + a[3]!;
    const lMax = (tr + Math.sqrt(tr * tr - 4 * det)) / 2;
    const { values } = symmetricEigen(a);
    expect(values[1]! / lMax).toBeCloseTo(1, 14);
    expect(values[0]! / (det / lMax)).toBeCloseTo(1, 12);
  });

  it('rejects non-square, non-finite and asymmetric input with the entry named', () => {
    expect(() => symmetricEigen(new Float64Array(3))).toThrow(PdmError);
    expect(() => symmetricEigen(Float64Array.of(1, Number.NaN, Number.NaN, 1))).toThrow(/a\[1\]/);
    expect(() => symmetricEigen(Float64Array.of(1, 2, 3, 1))).toThrow(/a\[0\]\[1\] = 2/);
  });
});

describe('solveLinear (Gaussian elimination, partial pivoting)', () => {
  it('solves a hand-computed 3 x 3 system', () => {
    //  2x +  y -  z =   8
    // -3x -  y + 2z = -11
    // -2x +  y + 2z =  -3   ->  x = 2, y = 3, z = -1 (substitute to check)
    const a = Float64Array.of(2, 1, -1, -3, -1, 2, -2, 1, 2);
    const b = [8, -11, -3];
    const x = solveLinear(a, b);
    expect(x[0]).toBeCloseTo(2, 13);
    expect(x[1]).toBeCloseTo(3, 13);
    expect(x[2]).toBeCloseTo(-1, 13);
    expect(Array.from(a)).toEqual([2, 1, -1, -3, -1, 2, -2, 1, 2]);
    expect(b).toEqual([8, -11, -3]);
  });

  it('pivots past a zero leading entry', () => {
    // y = 1, x + y = 2  ->  x = 1, y = 1
    const x = solveLinear(Float64Array.of(0, 1, 1, 1), [1, 2]);
    expect(Array.from(x)).toEqual([1, 1]);
  });

  it('throws PDM_INPUT_INVALID on a singular matrix', () => {
    const solve = (): Float64Array => solveLinear(Float64Array.of(1, 2, 2, 4), [1, 2]);
    expect(solve).toThrow(PdmError);
    expect(solve).toThrow(/singular/);
    expect(() => solveLinear(Float64Array.of(1, 2, 3), [1, 2])).toThrow(/4 entries/);
  });
});

describe('matVec', () => {
  it('multiplies a row-major matrix by a vector', () => {
    const y = matVec(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), [1, 0, -1]);
    expect(Array.from(y)).toEqual([-2, -2, -2]);
    const out = new Float64Array(2);
    expect(matVec(Float64Array.of(0, 1, 1, 0), [3, 4], out)).toBe(out);
    expect(Array.from(out)).toEqual([4, 3]);
    expect(() => matVec(new Float64Array(4), out, out)).toThrow(/out/);
  });
});
