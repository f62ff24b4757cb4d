/**
 * Mahalanobis-distance anomaly score: the squared distance of a feature vector from the
 * healthy distribution, d^2 = (x - mu)^T S^-1 (x - mu), with a shrunk covariance
 * S = (1 - a) C + a (tr C / d) I (Ledoit & Wolf, "A well-conditioned estimator for
 * large-dimensional covariance matrices", J. Multivar. Anal. 88 (2004); a fixed shrinkage
 * here) inverted through its eigen-decomposition. For Gaussian healthy data d^2 follows a
 * chi-square law with d degrees of freedom, so scores are comparable across feature sets
 * when divided by d. Missing features are replaced by the healthy mean (they add nothing).
 */
import { PdmError } from '../../core/errors.js';
import { symmetricEigen } from '../../core/linalg.js';
import { medianInPlace } from '../../features/robust-stats.js';

export interface MahalanobisModel {
  readonly kind: 'mahalanobis';
  readonly mean: number[];
  /** S^-1, row-major d x d. */
  readonly precision: number[];
  readonly dims: number;
}

/** Scores over this many times the median leave a row out of the fit (`fitMahalanobis`). */
export const OUTLIER_FACTOR = 10;

/**
 * Fits on rows of healthy data (row-major n x d); NaN entries are skipped per feature.
 *
 * Rows labelled healthy are not all healthy data: a sensor fault (spikes, a loose mount) on a
 * healthy machine gives a handful of captures whose features lie orders of magnitude out (an
 * acceleration kurtosis of 10,000 where healthy captures read 3), and a covariance that takes
 * them in widens along their direction until real faults there score as healthy. So the fit is
 * reweighted as robust covariance estimators are (the reweighting step of Rousseeuw's MCD): a
 * row whose score exceeds `outlierFactor` times the median score is left out and the rest are
 * fitted again, up to three times, never below half of the rows. For Gaussian data the scores
 * (d^2 / d, chi-square over its degrees of freedom) have a median near 1 and a 0.999 quantile
 * under 2 for d >= 30, and a factor of 10 leaves every row in. Real healthy rows are heavier
 * tailed: on the twin's default fleet the 99th percentile is 44 times the median, and the fit
 * leaves out about 3 % of the rows (sensor faults, a machine's first hours while its trends rest
 * on a few captures, speeds its baselines never saw), which an anomaly model should not learn
 * as normal either.
 */
export function fitMahalanobis(
  x: Float64Array,
  n: number,
  d: number,
  shrinkage = 0.05,
  outlierFactor = OUTLIER_FACTOR,
): MahalanobisModel {
  return fitMahalanobisRobust(x, n, d, shrinkage, outlierFactor).model;
}

/** `fitMahalanobis`, with which rows the fit left out (1) and how many. */
export function fitMahalanobisRobust(
  x: Float64Array,
  n: number,
  d: number,
  shrinkage = 0.05,
  outlierFactor = OUTLIER_FACTOR,
): { model: MahalanobisModel; leftOut: Uint8Array; leftOutCount: number } {
  if (n < 2 || x.length !== n * d)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `fitMahalanobis: expected n >= 2 rows of ${d} values, got ${n} rows, ${x.length} values`,
    );
  if (!(outlierFactor > 1))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `fitMahalanobis: expected an outlier factor > 1, got ${outlierFactor}`,
    );
  let model = fitRows(x, n, d, shrinkage, null);
  let kept = n;
  const keep = new Uint8Array(n);
  /** The rows of the current model's fit (1), as `keep` of the last refit. */
  const fitted = new Uint8Array(n).fill(1);
  const scores = new Float64Array(n);
  const scratch = new Float64Array(d);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < n; i++)
      scores[i] = mahalanobisScore(model, x.subarray(i * d, (i + 1) * d), scratch);
    const cut = outlierFactor * medianInPlace(Float64Array.from(scores), n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      keep[i] = scores[i]! <= cut ? 1 : 0;
      count += keep[i]!;
    }
    if (count === kept || count < Math.max(2, n / 2)) break;
    kept = count;
    model = fitRows(x, n, d, shrinkage, keep);
    fitted.set(keep);
  }
  const leftOut = fitted.map((k) => 1 - k);
  return { model, leftOut, leftOutCount: n - kept };
}

/** The shrunk fit on the rows whose `keep` is 1 (every row when null). */
function fitRows(
  x: Float64Array,
  n: number,
  d: number,
  shrinkage: number,
  keep: Uint8Array | null,
): MahalanobisModel {
  const mean = new Float64Array(d);
  const count = new Float64Array(d);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    if (keep !== null && keep[i] === 0) continue;
    rows++;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      if (Number.isFinite(v)) {
        mean[j] = mean[j]! + v;
        count[j] = count[j]! + 1;
      }
    }
  }
  for (let j = 0; j < d; j++) mean[j] = count[j]! > 0 ? mean[j]! / count[j]! : 0;
  const cov = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    if (keep !== null && keep[i] === 0) continue;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      c[j] = Number.isFinite(v) ? v - mean[j]! : 0;
    }
    for (let a = 0; a < d; a++) {
      const ca = c[a]!;
      if (ca === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b] = cov[a * d + b]! + ca * c[b]!;
    }
  }
  let trace = 0;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b]! / (rows - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
    trace += cov[a * d + a]!;
  }
  const avgVar = trace / d > 0 ? trace / d : 1;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      cov[a * d + b] = (1 - shrinkage) * cov[a * d + b]! + (a === b ? shrinkage * avgVar : 0);
    }
  }
  const { values, vectors } = symmetricEigen(cov);
  const floor = Math.max(1e-12, values[d - 1]! * 1e-9);
  const precision = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const inv = 1 / Math.max(values[k]!, floor);
    for (let a = 0; a < d; a++) {
      const va = vectors[a * d + k]! * inv;
      if (va === 0) continue;
      for (let b = 0; b < d; b++)
        precision[a * d + b] = precision[a * d + b]! + va * vectors[b * d + k]!;
    }
  }
  return { kind: 'mahalanobis', mean: Array.from(mean), precision: Array.from(precision), dims: d };
}

/** Squared Mahalanobis distance of one row divided by d (about 1 for healthy data). */
export function mahalanobisScore(
  m: MahalanobisModel,
  row: ArrayLike<number>,
  scratch = new Float64Array(m.dims),
): number {
  const d = m.dims;
  let big = 0;
  for (let j = 0; j < d; j++) {
    const v = row[j]!;
    scratch[j] = Number.isFinite(v) ? v - m.mean[j]! : 0;
    big = Math.max(big, Math.abs(scratch[j]!));
  }
  // A row absurdly far out (a reading of 1e200) would overflow the products to +-Infinity and
  // their sum to NaN: the form is computed on the row scaled down, then scaled back, and a
  // distance beyond float64 reads as the largest one (still the most anomalous of all).
  const unit = big > 1e100 ? big : 1;
  if (unit !== 1) for (let j = 0; j < d; j++) scratch[j] = scratch[j]! / unit;
  let s = 0;
  for (let a = 0; a < d; a++) {
    let t = 0;
    for (let b = 0; b < d; b++) t += m.precision[a * d + b]! * scratch[b]!;
    s += scratch[a]! * t;
  }
  const score = (s / d) * unit * unit;
  return Number.isFinite(score) ? score : Number.MAX_VALUE;
}
