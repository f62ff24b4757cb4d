/**
 * Row sampling for the tree learners: subsets without replacement (Knuth's algorithm S, TAOCP
 * vol. 2, 3.4.2) for binning and stochastic boosting, and bootstrap counts (Breiman 1996,
 * "Bagging predictors") for forests. Both use a seeded stream and return ascending rows, so the
 * histogram passes that follow read memory in order.
 */
import type { Random } from '../../core/random.js';

/** min(k, n) distinct indices out of [0, n), ascending. */
export function sampleWithoutReplacement(n: number, k: number, rng: Random): Uint32Array {
  if (k >= n) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const out = new Uint32Array(k);
  let need = k;
  for (let i = 0, j = 0; i < n && need > 0; i++) {
    if (rng.uniform() * (n - i) < need) {
      out[j++] = i;
      need--;
    }
  }
  return out;
}

/**
 * How many times each of n rows is drawn in n draws with replacement: `counts[i]`, and the
 * rows drawn at least once, ascending, in `rows[0..inBag)`.
 */
export function bootstrapCounts(
  n: number,
  rng: Random,
): { counts: Uint16Array; rows: Uint32Array; inBag: number } {
  const counts = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.int(n);
    if (counts[r]! < 0xffff) counts[r]!++;
  }
  const rows = new Uint32Array(n);
  let inBag = 0;
  for (let i = 0; i < n; i++) if (counts[i]! > 0) rows[inBag++] = i;
  return { counts, rows, inBag };
}
