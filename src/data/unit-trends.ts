/**
 * Per-unit trend features of an imported table: over each row and the `window - 1` rows of its
 * unit before it, the mean of a column and its least-squares slope against time (per time
 * unit). Both need a full window: NaN on a unit's first `window - 1` rows. Within the window
 * missing values are skipped; NaN where fewer than one (mean) or `minSlopePoints(window)`
 * (slope) remain. Over fewer rows both would be noisier than on every later row (a slope's
 * standard error through m evenly spaced points is sigma sqrt(12 / (m (m^2 - 1))): 1.4 sigma
 * per step for two, 0.32 for five, 0.11 for ten), and the first rows of every unit would read
 * as sudden change to a model that learnt the full window's spread (the anomaly model flagged
 * them).
 */

/** Finite values a slope needs: half the window (at least 3, at most the window itself). */
export function minSlopePoints(window: number): number {
  return Math.min(window, Math.max(3, Math.ceil(window / 2)));
}

/** Rolling mean and slope of x over each unit's rows (`units`: row indices in time order). */
export function unitTrends(
  x: Float64Array,
  time: Float64Array,
  units: Iterable<readonly number[]>,
  window: number,
): { mean: Float64Array; slope: Float64Array } {
  const mean = new Float64Array(x.length);
  const slope = new Float64Array(x.length);
  const minPoints = Math.max(2, minSlopePoints(window));
  for (const rows of units) {
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      if (k + 1 < window) {
        mean[r] = Number.NaN;
        slope[r] = Number.NaN;
        continue;
      }
      const lo = k - window + 1;
      let st = 0;
      let sx = 0;
      let stt = 0;
      let stx = 0;
      let m = 0;
      // Times relative to the window's last row: raw sums of t and t^2 cancel badly when t is
      // large (hours since a date-time origin) next to the window's span.
      const tEnd = time[rows[k]!]!;
      for (let j = lo; j <= k; j++) {
        const v = x[rows[j]!]!;
        if (!Number.isFinite(v)) continue;
        const t = time[rows[j]!]! - tEnd;
        st += t;
        sx += v;
        stt += t * t;
        stx += t * v;
        m++;
      }
      mean[r] = m > 0 ? sx / m : Number.NaN;
      const det = m * stt - st * st;
      slope[r] = m >= minPoints && det > 0 ? (m * stx - st * sx) / det : Number.NaN;
    }
  }
  return { mean, slope };
}
