import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { finiteQuantile, medianInPlace, quantileInPlace, selectInPlace } from './robust-stats.js';

/** Type-7 quantile by sorting: the reference. */
function sortedQuantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const k = Math.floor(pos);
  return k + 1 < s.length ? s[k]! + (pos - k) * (s[k + 1]! - s[k]!) : s[k]!;
}

describe('robust statistics', () => {
  it('selects the k-th smallest value as sorting does, with ties and sorted input', () => {
    const rng = new Random(5, 'select');
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      // "+ 0" turns -0 into 0, which toBe (Object.is) tells apart.
      const values = Array.from({ length: n }, () => Math.round(rng.normal() * 5) + 0);
      const sorted = [...values].sort((a, b) => a - b);
      for (const k of [0, n >> 1, n - 1]) {
        expect(selectInPlace(Float64Array.from(values), 0, n - 1, k)).toBe(sorted[k]);
        expect(selectInPlace(Float64Array.from(sorted), 0, n - 1, k)).toBe(sorted[k]);
      }
    }
  });

  it('computes type-7 quantiles (R and NumPy default)', () => {
    // [1, 2, 3, 4]: median 2.5, q = 0.25 at position 0.75 -> 1.75.
    expect(medianInPlace(Float64Array.from([4, 1, 3, 2]), 4)).toBe(2.5);
    expect(quantileInPlace(Float64Array.from([4, 1, 3, 2]), 4, 0.25)).toBe(1.75);
    const rng = new Random(6, 'quantile');
    const values = Array.from({ length: 257 }, () => rng.normal());
    for (const q of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]) {
      expect(quantileInPlace(Float64Array.from(values), values.length, q)).toBe(
        sortedQuantile(values, q),
      );
    }
  });

  it('skips non-finite values and leaves the input untouched', () => {
    const x = [3, Number.NaN, 1, Infinity, 2];
    expect(finiteQuantile(x, 0.5)).toBe(2);
    expect(x).toEqual([3, Number.NaN, 1, Infinity, 2]);
    expect(finiteQuantile([Number.NaN], 0.5)).toBeNaN();
    expect(() => finiteQuantile([1], 2)).toThrow(/q: expected a quantile in \[0, 1\]/);
  });
});
