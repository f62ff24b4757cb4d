/**
 * Small dense linear algebra for lumped models (n up to about 10) on row-major Float64Array
 * matrices: symmetric eigen-decomposition, linear solve, matrix-vector product.
 *
 * Sources:
 * - Cyclic Jacobi method: G. H. Golub & C. F. Van Loan, "Matrix Computations", 4th ed. (2013),
 *   section 8.5, with Rutishauser's rotation formulas (Numer. Math. 9, 1966) and the relative
 *   stopping test of J. Demmel & K. Veselic, "Jacobi's method is more accurate than QR",
 *   SIAM J. Matrix Anal. Appl. 13 (1992): an off-diagonal entry is negligible once
 *   |a_pq| <= eps sqrt(|a_pp a_qq|), which keeps small eigenvalues of a positive definite
 *   matrix accurate relative to themselves, not only to the largest one.
 * - Gaussian elimination with partial pivoting: Golub & Van Loan, section 3.4.
 */
import { PdmError } from './errors.js';

/** Eigenvalues and eigenvectors of a symmetric matrix: A = V diag(values) V^T. */
export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /** Orthonormal eigenvectors, row-major n x n: column k (entries k, n + k, ...) goes with values[k]. */
  readonly vectors: Float64Array;
}

const EPS = Number.EPSILON;
/** Jacobi converges quadratically; well-scaled 10 x 10 matrices need under 10 sweeps. */
const MAX_SWEEPS = 100;
/** Accepted asymmetry, relative to the largest entry. */
const SYMMETRY_TOL = 1e-10;

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/** Order n of a square matrix stored as n * n entries, or an error naming the parameter. */
function squareOrder(a: Float64Array, name: string): number {
  const n = Math.round(Math.sqrt(a.length));
  if (n < 1 || n * n !== a.length) {
    invalid(`${name}: expected a square matrix of n * n entries (n >= 1), got ${a.length} entries`);
  }
  return n;
}

function maxAbsFinite(a: Float64Array, name: string): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (!Number.isFinite(x)) invalid(`${name}[${i}]: expected a finite number, got ${x}`);
    m = Math.max(m, Math.abs(x));
  }
  return m;
}

/**
 * Eigen-decomposition of a symmetric matrix by the cyclic Jacobi method. The input is not
 * modified; it must be symmetric to within 1e-10 of its largest entry (the two triangles are
 * averaged).
 */
export function symmetricEigen(a: Float64Array): SymmetricEigen {
  const n = squareOrder(a, 'a');
  const scale = maxAbsFinite(a, 'a');
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    s[i * n + i] = a[i * n + i]!;
    for (let j = i + 1; j < n; j++) {
      const upper = a[i * n + j]!;
      const lower = a[j * n + i]!;
      if (Math.abs(upper - lower) > SYMMETRY_TOL * scale) {
        invalid(
          `a: expected a symmetric matrix, but a[${i}][${j}] = ${upper} and a[${j}][${i}] = ${lower}`,
        );
      }
      s[i * n + j] = s[j * n + i] = 0.5 * (upper + lower);
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  // Entries below this are zero for any purpose (their effect is eps^2 of the norm); the floor
  // lets the loop end where a diagonal entry is exactly zero.
  const floor = EPS * EPS * scale;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q]!;
        if (apq === 0) continue;
        const app = s[p * n + p]!;
        const aqq = s[q * n + q]!;
        const absApq = Math.abs(apq);
        if (
          absApq <= EPS * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq)) ||
          absApq <= floor
        ) {
          s[p * n + q] = s[q * n + p] = 0;
          continue;
        }
        rotate(s, v, n, p, q);
        rotated = true;
      }
    }
    if (!rotated) return sortedEigen(s, v, n);
  }
  return invalid(`a: the Jacobi eigen-decomposition did not converge in ${MAX_SWEEPS} sweeps`);
}

/** One Jacobi rotation J(p, q) that zeroes s[p][q]: s <- J^T s J, v <- v J. */
function rotate(s: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = s[p * n + q]!;
  const theta = (s[q * n + q]! - s[p * n + p]!) / (2 * apq);
  // The smaller root of t^2 + 2 theta t - 1 = 0 (rotation angle <= pi/4); hypot avoids overflow.
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.hypot(theta, 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const sn = t * c;
  const tau = sn / (1 + c);
  s[p * n + p] = s[p * n + p]! - t * apq;
  s[q * n + q] = s[q * n + q]! + t * apq;
  s[p * n + q] = s[q * n + p] = 0;
  for (let r = 0; r < n; r++) {
    if (r !== p && r !== q) {
      const g = s[r * n + p]!;
      const h = s[r * n + q]!;
      s[r * n + p] = s[p * n + r] = g - sn * (h + g * tau);
      s[r * n + q] = s[q * n + r] = h + sn * (g - h * tau);
    }
    const g = v[r * n + p]!;
    const h = v[r * n + q]!;
    v[r * n + p] = g - sn * (h + g * tau);
    v[r * n + q] = h + sn * (g - h * tau);
  }
}

function sortedEigen(s: Float64Array, v: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, k) => k).sort(
    (i, j) => s[i * n + i]! - s[j * n + j]!,
  );
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, k) => {
    values[k] = s[from * n + from]!;
    for (let r = 0; r < n; r++) vectors[r * n + k] = v[r * n + from]!;
  });
  return { values, vectors };
}

/**
 * Solves a x = b by Gaussian elimination with partial pivoting; a is n x n with n = b.length.
 * Neither input is modified. Throws when a pivot falls below n eps max|a|, i.e. a is singular
 * to working precision.
 */
export function solveLinear(a: Float64Array, b: ArrayLike<number>): Float64Array {
  const n = b.length;
  if (n < 1 || a.length !== n * n) {
    invalid(`a: expected ${n} x ${n} = ${n * n} entries to match b.length = ${n}, got ${a.length}`);
  }
  const scale = maxAbsFinite(a, 'a');
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) invalid(`b[${i}]: expected a finite number, got ${x[i]}`);
  }
  const tiny = n * EPS * scale;
  for (let k = 0; k < n; k++) {
    let pivotRow = k;
    for (let i = k + 1; i < n; i++) {
      if (Math.abs(m[i * n + k]!) > Math.abs(m[pivotRow * n + k]!)) pivotRow = i;
    }
    const pivot = m[pivotRow * n + k]!;
    if (!(Math.abs(pivot) > tiny)) {
      invalid(
        `a: matrix is singular to working precision (largest pivot ${pivot} in column ${k} of ${n})`,
      );
    }
    if (pivotRow !== k) {
      for (let j = k; j < n; j++) {
        const tmp = m[k * n + j]!;
        m[k * n + j] = m[pivotRow * n + j]!;
        m[pivotRow * n + j] = tmp;
      }
      const tmp = x[k]!;
      x[k] = x[pivotRow]!;
      x[pivotRow] = tmp;
    }
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k]! / pivot;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) m[i * n + j] = m[i * n + j]! - f * m[k * n + j]!;
      x[i] = x[i]! - f * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let j = i + 1; j < n; j++) sum -= m[i * n + j]! * x[j]!;
    x[i] = sum / m[i * n + i]!;
  }
  return x;
}

/** y = a x for an n x n matrix a with n = x.length; writes into `out` when given (not x). */
export function matVec(
  a: Float64Array,
  x: ArrayLike<number>,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  const n = x.length;
  if (a.length !== n * n) {
    invalid(`a: expected ${n} x ${n} = ${n * n} entries to match x.length = ${n}, got ${a.length}`);
  }
  if (out.length !== n) invalid(`out: expected length ${n}, got ${out.length}`);
  if (out === x) invalid('out: must not be the input vector x');
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += a[i * n + j]! * x[j]!;
    out[i] = sum;
  }
  return out;
}
