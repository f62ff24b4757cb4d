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
    expect(Array.from(mean)).toEqual([1, 2, 3, 4, 7, 100, 100]);
    expect(slope[0]).toBeNaN();
    expect(slope[2]).toBeCloseTo(2, 12); // 1, 3, 5 at t = 0, 1, 2
    expect(slope[3]).toBeCloseTo(2, 12); // 3, 5 at t = 1, 2 (t = 3 missing)
    expect(slope[4]).toBeCloseTo(2, 12); // 5, 9 at t = 2, 4
    expect(slope[6]).toBe(0);
  });
});
