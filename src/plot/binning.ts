/**
 * Histogram binning. The default bin width is the Freedman-Diaconis rule, h = 2 IQR n^(-1/3)
 * (Freedman & Diaconis, Z. Wahrscheinlichkeitstheorie 57, 1981), robust to outliers; Sturges'
 * rule, ceil(log2 n) + 1 bins, takes over when the IQR is zero. As in numpy.histogram, the bins
 * split [min, max] evenly, each is half-open [a, b) except the last, which is closed, and
 * non-finite values and values outside an explicit range are not counted.
 */
import { PdmError } from '../core/errors.js';

/** Bin edges (count + 1, ascending) and the number of values in each bin. */
export interface Histogram {
  readonly edges: Float64Array;
  readonly counts: Float64Array;
}

/** How to choose bins: a count, a rule, or explicit ascending edges. */
export type BinSpec = number | 'fd' | 'sturges' | readonly number[];

/** Options of `histogramBins`. */
export interface BinOptions {
  /** Default 'fd'. */
  readonly bins?: BinSpec;
  /** Range the bins cover; default the finite values' min and max. */
  readonly range?: readonly [number, number];
}

const MAX_RULE_BINS = 200;

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', `histogramBins: ${message}`);
}

/** Linear-interpolated quantile (numpy's default) of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const f = pos - i;
  const a = sorted[i]!;
  return f === 0 ? a : a + (sorted[i + 1]! - a) * f;
}

function ruleBinCount(sorted: Float64Array, rule: 'fd' | 'sturges', span: number): number {
  const n = sorted.length;
  const sturges = Math.ceil(Math.log2(n)) + 1;
  if (rule === 'sturges' || n < 2) return Math.max(1, sturges);
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
  if (!(iqr > 0) || !(span > 0)) return Math.max(1, sturges);
  const h = 2 * iqr * Math.cbrt(1 / n);
  return Math.min(MAX_RULE_BINS, Math.max(1, Math.ceil(span / h)));
}

function evenEdges(lo: number, hi: number, count: number): Float64Array {
  const edges = new Float64Array(count + 1);
  for (let i = 0; i <= count; i++) edges[i] = i === count ? hi : lo + ((hi - lo) * i) / count;
  return edges;
}

/** Bins several samples share: rules apply to the values of all of them pooled. */
export function histogramEdges(
  samples: readonly ArrayLike<number>[],
  opts: BinOptions = {},
): Float64Array {
  const bins = opts.bins ?? 'fd';
  if (typeof bins === 'object') {
    if (
      bins.length < 2 ||
      !bins.every((e, i) => Number.isFinite(e) && (i === 0 || e > bins[i - 1]!))
    ) {
      invalid('explicit bin edges must be at least two finite, strictly increasing numbers');
    }
    return Float64Array.from(bins);
  }
  const pooled: number[] = [];
  for (const s of samples) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i]!;
      if (Number.isFinite(v)) pooled.push(v);
    }
  }
  const sorted = Float64Array.from(pooled).sort();
  let [lo, hi] = opts.range ?? [sorted[0] ?? 0, sorted[sorted.length - 1] ?? 1];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
    invalid(`range must be two finite numbers with min <= max, got [${lo}, ${hi}]`);
  }
  if (lo === hi) {
    // numpy's convention for a single value: a unit-wide range around it.
    lo -= 0.5;
    hi += 0.5;
  }
  const inRange = opts.range === undefined ? sorted : sorted.filter((v) => v >= lo && v <= hi);
  let count: number;
  if (typeof bins === 'number') {
    if (!(Number.isInteger(bins) && bins >= 1))
      invalid(`bins must be a positive integer, got ${bins}`);
    count = bins;
  } else count = ruleBinCount(inRange, bins, hi - lo);
  return evenEdges(lo, hi, count);
}

/** Counts of the finite values of `values` in each bin of `edges`. */
export function countInBins(values: ArrayLike<number>, edges: Float64Array): Float64Array {
  const nBins = edges.length - 1;
  const counts = new Float64Array(nBins);
  const lo = edges[0]!;
  const hi = edges[nBins]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue;
    // Binary search for the last edge <= v; the top edge belongs to the last bin.
    let a = 0;
    let b = nBins;
    while (b - a > 1) {
      const mid = (a + b) >> 1;
      if (edges[mid]! <= v) a = mid;
      else b = mid;
    }
    counts[a] = counts[a]! + 1;
  }
  return counts;
}

/** Histogram of the finite values of `values`. */
export function histogramBins(values: ArrayLike<number>, opts: BinOptions = {}): Histogram {
  const edges = histogramEdges([values], opts);
  return { edges, counts: countInBins(values, edges) };
}
