import { describe, expect, it } from 'vitest';
import { unitTrends } from './unit-trends.js';

describe('unitTrends', () => {
  it('gives each row the mean and slope of its unit over the window, skipping missing values', () => {
    const x = Float64Array.from([1, 3, 5, Number.NaN, 9, 100, 100]);
    const time = Float64Array.from([0, 1, 2, 3, 4, 0, 1]);
    // two units; the second's rows never see the first's
    const { mean, slope } = unitTrends(
      x,
      time,
      [
        [0, 1, 2, 3, 4],
        [5, 6],
      ],
      3,
    );
    // a full window first: NaN on each unit's first two rows (the second unit has no more)
    expect(Array.from(mean.slice(2, 5))).toEqual([3, 4, 7]);
    for (const r of [0, 1, 5, 6]) {
      expect(mean[r]).toBeNaN();
      expect(slope[r]).toBeNaN();
    }
    // a window of 3 needs 3 finite values for a slope
    expect(slope[2]).toBeCloseTo(2, 12); // 1, 3, 5 at t = 0, 1, 2
    expect(slope[3]).toBeNaN(); // 3, 5 at t = 1, 2 (t = 3 missing)
    expect(slope[4]).toBeNaN(); // 5, 9 at t = 2, 4
    // a window of 2 takes a slope through two points
    const two = unitTrends(
      x,
      time,
      [
        [0, 1, 2, 3, 4],
        [5, 6],
      ],
      2,
    );
    expect(two.slope[1]).toBeCloseTo(2, 12);
    expect(two.mean[1]).toBe(2);
    expect(two.slope[4]).toBeNaN(); // only 9 at t = 4 (t = 3 missing)
    expect(two.mean[4]).toBe(9);
    expect(two.slope[6]).toBe(0);
  });

  it('gives no trend before a full window, so a unit does not start with noise', () => {
    // y = 0.5 t plus alternating noise of +-1: slopes over a few rows would swing by whole units
    const n = 14;
    const x = Float64Array.from({ length: n }, (_, t) => 0.5 * t + (t % 2 === 0 ? 1 : -1));
    const time = Float64Array.from({ length: n }, (_, t) => t);
    const { mean, slope } = unitTrends(x, time, [Array.from({ length: n }, (_, i) => i)], 10);
    for (let k = 0; k < 9; k++) {
      expect(mean[k]).toBeNaN();
      expect(slope[k]).toBeNaN();
    }
    // t = 0..9: the noise sums to 0, the mean is 0.5 x 4.5; sum (t - 4.5)(-1)^t = -5 over
    // sum (t - 4.5)^2 = 82.5 tilts the slope
    expect(mean[9]).toBeCloseTo(2.25, 12);
    expect(slope[9]).toBeCloseTo(0.5 - 5 / 82.5, 12);
    // t = 4..13: the same pattern shifted by an even number
    expect(slope[13]).toBeCloseTo(0.5 - 5 / 82.5, 12);
  });
});
