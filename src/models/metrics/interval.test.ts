import { describe, expect, it } from 'vitest';
import {
  intervalCoverage,
  intervalCoverageByMachine,
  intervalMetrics,
  meanIntervalWidth,
} from './interval.js';

// Machine m1 has 4 rows (3 covered, one on the bound), m2 has 2 rows (0 covered).
const IDS = ['m1', 'm1', 'm2', 'm1', 'm2', 'm1'];
const Y = [10, 20, 30, 40, 50, 60];
const LO = [8, 20, 31, 30, 40, 61];
const HI = [12, 25, 35, 50, 45, 70];

describe('interval metrics', () => {
  it('count rows inside [lo, hi], bounds included', () => {
    expect(intervalCoverage(Y, LO, HI)).toBeCloseTo(3 / 6, 15);
  });

  it('average each machine’s coverage without weighting by rows', () => {
    const r = intervalCoverageByMachine(IDS, Y, LO, HI);
    expect(r.per_machine).toEqual([
      { machineId: 'm1', coverage: 0.75, rows: 4 },
      { machineId: 'm2', coverage: 0, rows: 2 },
    ]);
    expect(r.mean).toBeCloseTo(0.375, 15); // (3/4 + 0) / 2, against 3/6 pooled
  });

  it('measure the mean width', () => {
    // (4 + 5 + 4 + 20 + 5 + 9) / 6
    expect(meanIntervalWidth(LO, HI)).toBeCloseTo(47 / 6, 14);
    expect(intervalMetrics(Y, LO, HI, IDS)).toEqual({
      interval_coverage: 0.5,
      interval_coverage_per_machine: 0.375,
      mean_interval_width: 47 / 6,
    });
    expect(intervalMetrics(Y, LO, HI)).not.toHaveProperty('interval_coverage_per_machine');
  });

  it('reject inverted bounds and mismatched lengths', () => {
    expect(() => intervalCoverage([1], [2], [1])).toThrow(/hi\[0\]: expected >= lo\[0\] \(2\)/);
    expect(() => intervalCoverage([1, 2], [0], [3])).toThrow(/lo: expected the same length/);
    expect(() => intervalCoverageByMachine(['a'], [1, 2], [0, 0], [3, 3])).toThrow(
      /machineIds: expected the same length as yTrue \(2\), got 1/,
    );
  });
});
