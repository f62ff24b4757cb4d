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
    // a window of 3 needs 3 finite values for a slope
    expect(slope[0]).toBeNaN();
    expect(slope[1]).toBeNaN();
    expect(slope[2]).toBeCloseTo(2, 12); // 1, 3, 5 at t = 0, 1, 2
    expect(slope[3]).toBeNaN(); // 3, 5 at t = 1, 2 (t = 3 missing)
    expect(slope[4]).toBeNaN(); // 5, 9 at t = 2, 4
    expect(slope[6]).toBeNaN();
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
    expect(two.slope[4]).toBeNaN(); // only 9 at t = 4 (t = 3 missing)
    expect(two.slope[6]).toBe(0);
  });

  it('gives no slope before half the window has values, so a unit does not start with noise', () => {
    // y = 0.5 t plus alternating noise of +-1: the first slopes would swing by whole units
    const n = 12;
    const x = Float64Array.from({ length: n }, (_, t) => 0.5 * t + (t % 2 === 0 ? 1 : -1));
    const time = Float64Array.from({ length: n }, (_, t) => t);
    const { slope } = unitTrends(x, time, [Array.from({ length: n }, (_, i) => i)], 10);
    for (let k = 0; k < 4; k++) expect(slope[k]).toBeNaN();
    // from 5 points on: the least-squares slope of the window, by hand for 0..4:
    // t mean 2, x = 1, -0.5, 2, 0.5, 3 (mean 1.2); sum (t - 2)(x - 1.2) = 5, sum (t - 2)^2 = 10
    expect(slope[4]).toBeCloseTo(0.5, 12);
    expect(slope[11]).toBeCloseTo(0.5 - 5 / 82.5, 12); // t = 2..11: the noise tilts it by -5 / 82.5
  });
});
