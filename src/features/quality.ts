/**
 * Data quality of one capture before any feature is computed: missing samples, clipping,
 * frozen values, a dead (constant) channel, a record too short for the analysis. A capture
 * that fails gets NaN features downstream rather than numbers computed from bad data.
 *
 * What each check looks for, and where it comes from (ISO 13373-1:2002 section 6 and
 * ISO 13374-2:2007 on data validation; the sensor faults that the twin injects, sensors.ts):
 * - gaps: non-finite samples (a DAQ reports dropped samples as NaN), counted and as the longest
 *   run;
 * - clipping: samples at or beyond the measurement range when it is known, and "flat tops":
 *   runs of at least `flatRunSamples` equal samples at the record's own maximum or minimum,
 *   entered or left by more than two of the record's quanta (a smooth peak held by
 *   quantisation is not one), which is what a saturated front end records when the range is
 *   not known; every sample at such a rail is then counted;
 * - stuck: runs of at least `stuckRunSamples` identical consecutive values elsewhere (a frozen
 *   transmitter repeats its last value);
 * - constant: standard deviation below 1e-9 of the largest magnitude (or all zeros).
 */
import { PdmError } from '../core/errors.js';

/** Why a capture is not usable. */
export type QualityIssue = 'too_short' | 'gaps' | 'constant' | 'clipped' | 'stuck';

/** Fewest samples a capture needs by default (`minSamples`). */
export const DEFAULT_MIN_SAMPLES = 256;

/** Thresholds of the checks; every field has a default. */
export interface QualityOptions {
  /** Measurement range, +-units: |x| >= rangeG counts as clipped. Default: unknown (Infinity). */
  readonly rangeG?: number;
  /** Fewest samples the requested analysis needs. Default `DEFAULT_MIN_SAMPLES`. */
  readonly minSamples?: number;
  /** Largest tolerated fraction of non-finite samples. Default 0: any gap fails. */
  readonly maxGapFraction?: number;
  /** Largest tolerated fraction of clipped samples. Default 0.001 (12 samples in 12 000). */
  readonly maxClipFraction?: number;
  /** Largest tolerated fraction of samples in stuck runs. Default 0.01. */
  readonly maxStuckFraction?: number;
  /** Equal samples at the extreme that make a flat top. Default 3. */
  readonly flatRunSamples?: number;
  /** Identical consecutive samples that make a stuck run. Default 32. */
  readonly stuckRunSamples?: number;
}

/** The checks' findings and verdict. */
export interface CaptureQuality {
  readonly samples: number;
  readonly nanCount: number;
  readonly longestGap: number;
  readonly clippedCount: number;
  readonly stuckCount: number;
  readonly longestStuck: number;
  readonly constant: boolean;
  readonly tooShort: boolean;
  /** Sum, smallest and largest of the finite samples, in index order (0, Infinity, -Infinity when none). */
  readonly finiteSum: number;
  readonly min: number;
  readonly max: number;
  readonly usable: boolean;
  readonly issues: readonly QualityIssue[];
}

function checkFraction(name: string, v: number): void {
  if (!(v >= 0 && v <= 1)) {
    throw new PdmError('PDM_INPUT_INVALID', `${name}: expected a fraction in [0, 1], got ${v}`);
  }
}

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new PdmError('PDM_INPUT_INVALID', `${name}: expected an integer >= 1, got ${v}`);
  }
}

/** Runs the checks of the file header on x. */
export function captureQuality(
  x: Float32Array | Float64Array,
  opts: QualityOptions = {},
): CaptureQuality {
  const range = opts.rangeG ?? Infinity;
  const minSamples = opts.minSamples ?? DEFAULT_MIN_SAMPLES;
  const maxGap = opts.maxGapFraction ?? 0;
  const maxClip = opts.maxClipFraction ?? 0.001;
  const maxStuck = opts.maxStuckFraction ?? 0.01;
  const flatRun = opts.flatRunSamples ?? 3;
  const stuckRun = opts.stuckRunSamples ?? 32;
  if (!(range > 0)) throw new PdmError('PDM_INPUT_INVALID', `rangeG: expected > 0, got ${range}`);
  checkCount('minSamples', minSamples);
  checkCount('flatRunSamples', flatRun);
  checkCount('stuckRunSamples', stuckRun);
  checkFraction('maxGapFraction', maxGap);
  checkFraction('maxClipFraction', maxClip);
  checkFraction('maxStuckFraction', maxStuck);

  const n = x.length;
  // Pass 1: gaps, extremes, moments of the finite samples.
  let nanCount = 0;
  let longestGap = 0;
  let gap = 0;
  let max = -Infinity;
  let min = Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) {
      gap = 0;
      sum += v;
      if (v > max) max = v;
      if (v < min) min = v;
    } else {
      nanCount++;
      if (++gap > longestGap) longestGap = gap;
    }
  }
  const finite = n - nanCount;
  const mean = finite > 0 ? sum / finite : 0;

  // Pass 2: variance, clipped samples (beyond range, or flat tops), stuck runs.
  let ss = 0;
  let clipped = 0;
  let stuckCount = 0;
  let longestStuck = 0;
  // The record's quantum: the smallest step between two different consecutive samples (one
  // count of a converter; far below any signal's step in float data).
  let quantum = Infinity;
  // A flat top is a rail when the signal runs into it (or leaves it) by more than a quantum: a
  // smooth peak held for a few samples by quantisation (a clean sine recorded with 16 bits)
  // reaches its top one count at a time. The largest step into or out of a flat top at each
  // extreme is kept here and compared with the quantum once the record is read. Once a rail is
  // found, every sample at it counts, including short runs that noise breaks up.
  let atMax = 0;
  let atMin = 0;
  let stepAtMax = 0;
  let stepAtMin = 0;
  let flatAtMax = false;
  let flatAtMin = false;
  // Runs of equal samples end where a sample differs from the previous one; NaN !== NaN, so
  // every gap sample ends a run and gaps never count as stuck.
  let runLen = 1;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (i > 0) {
      const step = Math.abs(v - x[i - 1]!);
      if (step > 0 && step < quantum) quantum = step;
    }
    if (Number.isFinite(v)) {
      const d = v - mean;
      ss += d * d;
      if (Math.abs(v) >= range) clipped++;
      else if (v === max) atMax++;
      else if (v === min) atMin++;
    }
    if (i + 1 < n && x[i + 1] === v) {
      runLen++;
      continue;
    }
    if (runLen >= 2 && Math.abs(v) < range) {
      if ((v === max || v === min) && max > min && runLen >= flatRun) {
        const start = i - runLen + 1;
        const entry = start > 0 ? Math.abs(v - x[start - 1]!) : 0;
        const exit = i + 1 < n ? Math.abs(v - x[i + 1]!) : 0;
        const step = Math.max(entry || 0, exit || 0);
        if (v === max) {
          stepAtMax = Math.max(stepAtMax, step);
          flatAtMax = true;
        } else {
          stepAtMin = Math.max(stepAtMin, step);
          flatAtMin = true;
        }
      } else if (runLen >= stuckRun) {
        stuckCount += runLen;
        if (runLen > longestStuck) longestStuck = runLen;
      }
    }
    runLen = 1;
  }
  // A record that is not on a grid of quanta (float data: synthetic, or resampled) holds no
  // peak flat by quantisation: there a flat top at an extreme is a rail however gently the
  // signal ran into it (a clean sine clipped at 80 % enters at its smallest step).
  const steppedMax = stepAtMax > 2 * quantum;
  const steppedMin = stepAtMin > 2 * quantum;
  // (the grid is read only for a flat top the step has not already called a rail)
  const gridless =
    ((flatAtMax && !steppedMax) || (flatAtMin && !steppedMin)) && !onGrid(x, quantum);
  const railMax = steppedMax || (flatAtMax && gridless);
  const railMin = steppedMin || (flatAtMin && gridless);
  if (max > min) clipped += (railMax ? atMax : 0) + (railMin ? atMin : 0);

  const std = finite > 0 ? Math.sqrt(ss / finite) : 0;
  const scale = Math.max(Math.abs(max), Math.abs(min));
  const constant = finite === 0 || !(std > 1e-9 * scale);
  const tooShort = n < minSamples;
  const issues: QualityIssue[] = [];
  if (tooShort) issues.push('too_short');
  if (nanCount > maxGap * n) issues.push('gaps');
  if (constant) issues.push('constant');
  if (clipped > maxClip * n) issues.push('clipped');
  if (stuckCount > maxStuck * n) issues.push('stuck');
  return {
    samples: n,
    nanCount,
    longestGap,
    clippedCount: clipped,
    stuckCount,
    longestStuck,
    constant,
    tooShort,
    finiteSum: sum,
    min,
    max,
    usable: issues.length === 0,
    issues,
  };
}

/**
 * Whether the record's steps are whole multiples of its quantum (to 1 %), as a converter's
 * counts are: checked on up to 4,096 evenly spaced nonzero steps, of which 99 % must be.
 */
function onGrid(x: Float32Array | Float64Array, quantum: number): boolean {
  if (!(quantum > 0 && Number.isFinite(quantum))) return false;
  const n = x.length;
  const stride = Math.max(1, Math.floor(n / 4096));
  let steps = 0;
  let whole = 0;
  for (let i = 1; i < n; i += stride) {
    const d = Math.abs(x[i]! - x[i - 1]!);
    if (!(d > 0) || !Number.isFinite(d)) continue;
    steps++;
    const k = d / quantum;
    if (Math.abs(k - Math.round(k)) <= 0.01) whole++;
  }
  return steps === 0 || whole >= 0.99 * steps;
}

/**
 * The longest run of finite samples of x, as [start, end): what the features of a capture
 * whose gaps the options tolerate (`maxGapFraction` > 0) are computed from. One NaN would
 * make every sum, spectrum and envelope NaN, and a gap filled in (a straight line, the mean)
 * puts into the record what it never held: a line drawn between two samples of an impact adds
 * a velocity step (+19 % velocity RMS over a 10-sample gap of an outer-race capture), a gap
 * set to the mean reads as an impact (spectral kurtosis 0.2 -> 18 on a smooth record). The
 * longest stretch holds only what was recorded, at a coarser resolution. [0, 0) when none.
 */
export function longestFiniteRun(x: ArrayLike<number>): [number, number] {
  let best: [number, number] = [0, 0];
  let start = 0;
  for (let i = 0; i <= x.length; i++) {
    if (i < x.length && Number.isFinite(x[i]!)) continue;
    if (i - start > best[1] - best[0]) best = [start, i];
    start = i + 1;
  }
  return best;
}
