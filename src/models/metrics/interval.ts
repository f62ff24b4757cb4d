/**
 * Prediction-interval metrics (for RUL intervals, conformal or quantile).
 * - Coverage = fraction of rows with lo <= truth <= hi (bounds inclusive); a calibrated 90 %
 *   interval should cover about 0.9.
 * - Per-machine coverage = mean over machines of each machine's own coverage, so a machine with
 *   many rows does not outweigh one with few (coverage can hold on the pooled rows yet fail for
 *   some machines).
 * - Mean width = mean(hi - lo): coverage alone rewards intervals that are merely wide.
 */
import { PdmError } from '../../core/errors.js';
import { requireFinite, requireNonEmpty, requireSameLength } from './validate.js';

export interface MachineCoverage {
  machineId: string;
  coverage: number;
  rows: number;
}

export interface IntervalMetrics {
  interval_coverage: number;
  /** Mean of the per-machine coverages; present when machine ids were given. */
  interval_coverage_per_machine?: number;
  mean_interval_width: number;
}

function checkBounds(lo: ArrayLike<number>, hi: ArrayLike<number>): void {
  requireNonEmpty('lo', lo);
  requireSameLength('lo', lo, 'hi', hi);
  requireFinite('lo', lo);
  requireFinite('hi', hi);
  for (let i = 0; i < lo.length; i++) {
    if (lo[i]! > hi[i]!) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `hi[${i}]: expected >= lo[${i}] (${lo[i]!}), got ${hi[i]!}`,
      );
    }
  }
}

function checkIntervals(
  yTrue: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
): void {
  requireNonEmpty('yTrue', yTrue);
  requireSameLength('yTrue', yTrue, 'lo', lo);
  requireFinite('yTrue', yTrue);
  checkBounds(lo, hi);
}

/** Fraction of rows whose [lo, hi] contains the truth. */
export function intervalCoverage(
  yTrue: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
): number {
  checkIntervals(yTrue, lo, hi);
  let inside = 0;
  for (let i = 0; i < yTrue.length; i++) if (lo[i]! <= yTrue[i]! && yTrue[i]! <= hi[i]!) inside++;
  return inside / yTrue.length;
}

/** Coverage of each machine (in order of first appearance) and their unweighted mean. */
export function intervalCoverageByMachine(
  machineIds: readonly string[],
  yTrue: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
): { mean: number; per_machine: MachineCoverage[] } {
  checkIntervals(yTrue, lo, hi);
  requireSameLength('yTrue', yTrue, 'machineIds', machineIds);
  const tally = new Map<string, { inside: number; rows: number }>();
  machineIds.forEach((id, i) => {
    const t = tally.get(id) ?? { inside: 0, rows: 0 };
    t.rows++;
    if (lo[i]! <= yTrue[i]! && yTrue[i]! <= hi[i]!) t.inside++;
    tally.set(id, t);
  });
  const per_machine = [...tally].map(([machineId, t]) => ({
    machineId,
    coverage: t.inside / t.rows,
    rows: t.rows,
  }));
  return {
    mean: per_machine.reduce((a, m) => a + m.coverage, 0) / per_machine.length,
    per_machine,
  };
}

/** Mean of hi - lo. */
export function meanIntervalWidth(lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  checkBounds(lo, hi);
  let s = 0;
  for (let i = 0; i < lo.length; i++) s += hi[i]! - lo[i]!;
  return s / lo.length;
}

/** Coverage, per-machine coverage (when ids are given) and mean width, under metrics.json keys. */
export function intervalMetrics(
  yTrue: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  machineIds?: readonly string[],
): IntervalMetrics {
  const out: IntervalMetrics = {
    interval_coverage: intervalCoverage(yTrue, lo, hi),
    mean_interval_width: meanIntervalWidth(lo, hi),
  };
  if (machineIds !== undefined) {
    out.interval_coverage_per_machine = intervalCoverageByMachine(machineIds, yTrue, lo, hi).mean;
  }
  return out;
}
