/**
 * How sure a metric measured on a few machines is: a percentile bootstrap over machines
 * (B. Efron & R. J. Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13). The rows of
 * one machine move together (its faults, its sensor, its operating profile), so the machines,
 * not the rows, are resampled: each resample draws as many machines as there are, with
 * replacement, and the metric is computed on their pooled statistics. The interval is the
 * (1 - level) / 2 and (1 + level) / 2 quantiles of the resampled metric. With 23 test machines
 * a macro F1 of 0.88 may well be 0.83-0.92, and a target is met only where its interval says so.
 * Deterministic: the resamples come from a seeded stream.
 */
import { Random } from '../../core/random.js';
import { PdmError } from '../../core/errors.js';
import { finiteQuantile } from '../../features/robust-stats.js';
import type { ConfusionMatrix } from './classification.js';
import { macroF1 } from './classification.js';

export interface BootstrapOptions {
  /** Resamples (default 1,000). */
  readonly resamples?: number;
  /** Coverage of the interval (default 0.95). */
  readonly level?: number;
  readonly seed?: number;
  /**
   * Fewer units than this give no interval (default 5): with a handful of machines the
   * resamples repeat the same few and the interval is narrower than the truth allows.
   */
  readonly minUnits?: number;
}

/**
 * Percentile interval [lo, hi] of stat over resamples of `units`, or null with fewer than
 * `minUnits` units or no resample giving a finite value. Resamples giving NaN (a recall with
 * no failure drawn) are left out, so such an interval is conditional on the statistic being
 * defined.
 */
export function bootstrapInterval<T>(
  units: readonly T[],
  stat: (sample: readonly T[]) => number,
  options: BootstrapOptions = {},
): [number, number] | null {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!(Number.isInteger(resamples) && resamples >= 1)) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `resamples: expected an integer >= 1, got ${resamples}`,
    );
  }
  if (!(level > 0 && level < 1)) {
    throw new PdmError('PDM_INPUT_INVALID', `level: expected a number in (0, 1), got ${level}`);
  }
  const n = units.length;
  if (n < Math.max(2, options.minUnits ?? 5)) return null;
  const rng = new Random(options.seed ?? 0, 'bootstrap');
  const values = new Float64Array(resamples);
  const sample: T[] = new Array<T>(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = units[rng.int(n)]!;
    values[b] = stat(sample);
  }
  const lo = finiteQuantile(values, (1 - level) / 2);
  const hi = finiteQuantile(values, (1 + level) / 2);
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/**
 * Macro F1 of pooled confusion matrices (k x k, one per machine, on the same labels), over the
 * classes that occur in the pooled truth or predictions, as the split's own macro F1 is.
 */
export function pooledMacroF1(matrices: readonly ConfusionMatrix[]): number {
  const k = matrices[0]?.length ?? 0;
  const sum = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const m of matrices)
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sum[i]![j]! += m[i]![j]!;
  const present = sum
    .map((row, i) => row.reduce((a, v) => a + v, 0) + sum.reduce((a, r) => a + r[i]!, 0))
    .flatMap((total, i) => (total > 0 ? [i] : []));
  if (present.length === 0) return Number.NaN;
  return macroF1(present.map((i) => present.map((j) => sum[i]![j]!)));
}
