/**
 * Time-domain statistics of a vibration waveform, the condition indicators of ISO 13373-2
 * (Condition monitoring and diagnostics of machines - Vibration condition monitoring - Part 2:
 * Processing, analysis and presentation of vibration data) and of R. B. Randall,
 * "Vibration-based Condition Monitoring", Wiley 2011, ch. 4. With d = x - mean(x):
 *   rms = sqrt(mean d^2)             peak = max |d|          peak-to-peak = max d - min d
 *   crest = peak / rms               kurtosis = mean d^4 / (mean d^2)^2   (3 for Gaussian noise)
 *   skewness = mean d^3 / rms^3      shape = rms / mean |d|  impulse = peak / mean |d|
 * Two passes over the samples: the mean first, then every moment at once (the mean absolute
 * deviation needs the mean, and central sums are better conditioned than raw power sums).
 * Ratios of a constant signal are 0/0 and come out NaN; so does everything when a sample is NaN.
 */
import { PdmError } from '../core/errors.js';

/** Statistics of a waveform (same unit as the input, ratios dimensionless). */
export interface TimeDomainStats {
  readonly mean: number;
  readonly rms: number;
  readonly peak: number;
  readonly peakToPeak: number;
  readonly crestFactor: number;
  /** Non-excess kurtosis: 3 for Gaussian noise, 1.5 for a sinusoid. */
  readonly kurtosis: number;
  readonly skewness: number;
  readonly shapeFactor: number;
  readonly impulseFactor: number;
}

/** Statistics of x[from..to) (default: all of x); see the file header for the definitions. */
export function timeDomainStats(
  x: Float32Array | Float64Array,
  from = 0,
  to: number = x.length,
): TimeDomainStats {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > x.length) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `from, to: expected integers with 0 <= from < to <= ${x.length}, got [${from}, ${to})`,
    );
  }
  const n = to - from;
  if (n < 1) {
    throw new PdmError('PDM_INPUT_INVALID', `x: expected at least 1 sample, got ${n}`);
  }
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    sum += v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  return timeDomainStatsGiven(x, from, to, sum, min, max);
}

/**
 * `timeDomainStats` of x[from, to) for a caller that already has the first pass: the sum, the
 * minimum and the maximum of those samples, summed in index order (as `captureQuality` does for
 * a capture without gaps). The same result, bit for bit, one pass sooner.
 */
export function timeDomainStatsGiven(
  x: Float32Array | Float64Array,
  from: number,
  to: number,
  sum: number,
  min: number,
  max: number,
): TimeDomainStats {
  const n = to - from;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > x.length || n < 1) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `from, to: expected integers with 0 <= from < to <= ${x.length}, got [${from}, ${to})`,
    );
  }
  const mean = sum / n;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = from; i < to; i++) {
    const d = x[i]! - mean;
    const d2 = d * d;
    s1 += Math.abs(d);
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  if (Number.isNaN(sum)) {
    const nan = Number.NaN;
    return {
      mean: nan,
      rms: nan,
      peak: nan,
      peakToPeak: nan,
      crestFactor: nan,
      kurtosis: nan,
      skewness: nan,
      shapeFactor: nan,
      impulseFactor: nan,
    };
  }
  const m2 = s2 / n;
  const rms = Math.sqrt(m2);
  const meanAbs = s1 / n;
  const peak = Math.max(max - mean, mean - min);
  return {
    mean,
    rms,
    peak,
    peakToPeak: max - min,
    crestFactor: peak / rms,
    kurtosis: s4 / n / (m2 * m2),
    skewness: s3 / n / (m2 * rms),
    shapeFactor: rms / meanAbs,
    impulseFactor: peak / meanAbs,
  };
}
