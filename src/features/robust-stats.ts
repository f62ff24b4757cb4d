/**
 * Order statistics on typed arrays without sorting: the k-th smallest value by Hoare's
 * selection algorithm ("quickselect", C. A. R. Hoare, "Algorithm 65: Find", CACM 4(7), 1961),
 * expected O(n), in place on a caller's scratch buffer so hot paths do not allocate.
 * Quantiles follow the "type 7" definition (linear interpolation between order statistics,
 * the default of R and NumPy: Hyndman & Fan, "Sample quantiles in statistical packages",
 * The American Statistician 50(4), 1996).
 */
import { PdmError } from '../core/errors.js';

/**
 * Rearranges buf[lo..hi] (inclusive) so that buf[k] holds the value that would sit there if the
 * range were sorted, with smaller-or-equal values before it and larger-or-equal after. Returns
 * buf[k]. NaN must not be present (comparisons with NaN break the partition).
 */
export function selectInPlace(buf: Float64Array, lo: number, hi: number, k: number): number {
  let left = lo;
  let right = hi;
  while (right > left) {
    // Median of three as the pivot keeps sorted and reversed input linear.
    const mid = (left + right) >> 1;
    const a = buf[left]!;
    const b = buf[mid]!;
    const c = buf[right]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (buf[i]! < pivot) i++;
      while (buf[j]! > pivot) j--;
      if (i <= j) {
        const t = buf[i]!;
        buf[i] = buf[j]!;
        buf[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return buf[k]!;
}

/** Smallest value of buf[lo..hi] (inclusive). */
function minOf(buf: Float64Array, lo: number, hi: number): number {
  let m = buf[lo]!;
  for (let i = lo + 1; i <= hi; i++) if (buf[i]! < m) m = buf[i]!;
  return m;
}

/**
 * Type-7 quantile q in [0, 1] of the first `count` values of `buf`, which it reorders. NaN when
 * count is 0.
 */
export function quantileInPlace(buf: Float64Array, count: number, q: number): number {
  if (!(q >= 0 && q <= 1)) {
    throw new PdmError('PDM_INPUT_INVALID', `q: expected a quantile in [0, 1], got ${q}`);
  }
  if (count <= 0) return Number.NaN;
  const pos = q * (count - 1);
  const k = Math.floor(pos);
  const v = selectInPlace(buf, 0, count - 1, k);
  const frac = pos - k;
  // After selection everything above k is >= v; the next order statistic is their minimum.
  return frac > 0 && k + 1 < count ? v + frac * (minOf(buf, k + 1, count - 1) - v) : v;
}

/** Median of the first `count` values of `buf` (reordered); NaN when count is 0. */
export function medianInPlace(buf: Float64Array, count: number): number {
  return quantileInPlace(buf, count, 0.5);
}

/**
 * Type-7 quantile of the finite values of `x`, leaving `x` untouched (copies into `scratch`,
 * which must be at least x.length long, or allocates one). NaN when no value is finite.
 */
export function finiteQuantile(
  x: ArrayLike<number>,
  q: number,
  scratch: Float64Array = new Float64Array(x.length),
): number {
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) scratch[count++] = v;
  }
  return quantileInPlace(scratch, count, q);
}
