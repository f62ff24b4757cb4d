/**
 * Trends of one feature over one machine's history: the slope of a least-squares line, the
 * change since the machine's own baseline, and an exponentially weighted mean. Prognostics
 * work on trends rather than levels because levels differ from machine to machine (ISO
 * 13381-1:2015, Condition monitoring and diagnostics of machines - Prognostics, section 5;
 * the baseline-relative change is the "change from reference" of ISO 20816-1:2016 section 6.3).
 * Non-finite values (a capture that failed its quality checks) are skipped, never filled.
 */
import { PdmError } from '../core/errors.js';

/** Which part of the history the trend looks at, and its smoothing. Every field has a default. */
export interface TrendOptions {
  /** Only the last N captures (counting those with NaN values). Default: all. */
  readonly lastN?: number;
  /** Only captures within the last W hours before the latest one. Default: all. */
  readonly lastHours?: number;
  /** The baseline is the mean of the machine's first K finite values. Default 5. */
  readonly baselineCount?: number;
  /** Half-life of the exponentially weighted mean, hours. Default 24. */
  readonly ewmaHalfLifeH?: number;
}

/** Trend features; NaN where the window holds too few finite values. */
export interface TrendFeatures {
  /** Finite values in the window. */
  readonly count: number;
  /** Least-squares slope, value units per day (needs two distinct times). */
  readonly slopePerDay: number;
  /** Mean of the first `baselineCount` finite values of the whole history. */
  readonly baseline: number;
  /** Latest finite value in the window. */
  readonly latest: number;
  /** latest - baseline. */
  readonly changeFromBaseline: number;
  /** (latest - baseline) / |baseline|; NaN when the baseline is 0. */
  readonly relativeChange: number;
  /** Exponentially weighted mean over the window, weights halving every ewmaHalfLifeH. */
  readonly ewma: number;
}

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/**
 * Trend features of `values` observed at `timesH` (hours, non-decreasing, same length); see
 * the file header. The window ends at the last capture.
 */
export function trendFeatures(
  timesH: ArrayLike<number>,
  values: ArrayLike<number>,
  opts: TrendOptions = {},
): TrendFeatures {
  const n = timesH.length;
  if (values.length !== n) {
    invalid(`values: expected the length of timesH (${n}), got ${values.length}`);
  }
  const lastN = opts.lastN ?? Math.max(n, 1);
  const lastHours = opts.lastHours ?? Infinity;
  const k = opts.baselineCount ?? 5;
  const halfLife = opts.ewmaHalfLifeH ?? 24;
  if (!Number.isInteger(lastN) || lastN < 1)
    invalid(`lastN: expected an integer >= 1, got ${lastN}`);
  if (!(lastHours > 0)) invalid(`lastHours: expected > 0, got ${lastHours}`);
  if (!Number.isInteger(k) || k < 1) invalid(`baselineCount: expected an integer >= 1, got ${k}`);
  if (!(halfLife > 0)) invalid(`ewmaHalfLifeH: expected > 0, got ${halfLife}`);
  for (let i = 0; i < n; i++) {
    const t = timesH[i]!;
    if (!Number.isFinite(t)) invalid(`timesH[${i}]: expected a finite time, got ${t}`);
    if (i > 0 && t < timesH[i - 1]!) {
      invalid(`timesH[${i}]: expected non-decreasing times, got ${t} after ${timesH[i - 1]}`);
    }
  }

  let baseSum = 0;
  let baseCount = 0;
  for (let i = 0; i < n && baseCount < k; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      baseSum += v;
      baseCount++;
    }
  }
  const baseline = baseCount > 0 ? baseSum / baseCount : Number.NaN;

  const tEnd = n > 0 ? timesH[n - 1]! : 0;
  let start = Math.max(0, n - lastN);
  while (start < n && timesH[start]! < tEnd - lastHours) start++;

  // Centred sums (about the window's first time) keep the slope well conditioned.
  let count = 0;
  let st = 0;
  let sv = 0;
  let t0 = Number.NaN;
  let latest = Number.NaN;
  let ewma = Number.NaN;
  let tPrev = 0;
  for (let i = start; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const t = timesH[i]!;
    if (count === 0) {
      t0 = t;
      ewma = v;
    } else {
      const w = 1 - Math.pow(2, -(t - tPrev) / halfLife);
      ewma += w * (v - ewma);
    }
    tPrev = t;
    count++;
    st += t - t0;
    sv += v;
    latest = v;
  }
  let slopePerDay = Number.NaN;
  if (count >= 2) {
    const tm = st / count;
    const vm = sv / count;
    let stt = 0;
    let stv = 0;
    for (let i = start; i < n; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      const dt = timesH[i]! - t0 - tm;
      stt += dt * dt;
      stv += dt * (v - vm);
    }
    if (stt > 0) slopePerDay = (stv / stt) * 24;
  }
  const change = latest - baseline;
  return {
    count,
    slopePerDay,
    baseline,
    latest,
    changeFromBaseline: change,
    relativeChange: baseline !== 0 ? change / Math.abs(baseline) : Number.NaN,
    ewma,
  };
}
