import { describe, expect, it } from 'vitest';
import { trendFeatures } from './history.js';

describe('trendFeatures', () => {
  it('recovers the exact slope of a linear series, per day', () => {
    // v = 2 + 0.5 t (t in hours): 12 per day.
    const t = Float64Array.from({ length: 50 }, (_, i) => i * 3);
    const v = t.map((h) => 2 + 0.5 * h);
    const f = trendFeatures(t, v, { baselineCount: 4 });
    expect(f.slopePerDay).toBeCloseTo(12, 10);
    expect(f.count).toBe(50);
    // Baseline: mean of 2, 3.5, 5, 6.5 = 4.25; latest 2 + 0.5 x 147 = 75.5.
    expect(f.baseline).toBeCloseTo(4.25, 12);
    expect(f.latest).toBeCloseTo(75.5, 12);
    expect(f.changeFromBaseline).toBeCloseTo(71.25, 12);
    expect(f.relativeChange).toBeCloseTo(71.25 / 4.25, 12);
  });

  it('skips NaN gaps without filling them', () => {
    const t = [0, 1, 2, 3, 4, 5, 6, 7];
    const v = [1, Number.NaN, 3, Number.NaN, Number.NaN, 6, 7, Number.NaN];
    const f = trendFeatures(t, v, { baselineCount: 2 });
    // Points (0,1) (2,3) (5,6) (6,7): v = 1 + t exactly, slope 1 per hour.
    expect(f.count).toBe(4);
    expect(f.slopePerDay).toBeCloseTo(24, 10);
    expect(f.baseline).toBe(2); // mean of 1 and 3
    expect(f.latest).toBe(7);
  });

  it('looks at the last N captures or the last W hours', () => {
    const t = [0, 10, 20, 30, 40, 50];
    const v = [5, 5, 5, 0, 1, 2]; // a change of slope at t = 30
    expect(trendFeatures(t, v, { lastN: 3 }).slopePerDay).toBeCloseTo(0.1 * 24, 10);
    expect(trendFeatures(t, v, { lastHours: 20 }).count).toBe(3);
    expect(trendFeatures(t, v, { lastHours: 20 }).slopePerDay).toBeCloseTo(2.4, 10);
    // The baseline always comes from the start of the history.
    expect(trendFeatures(t, v, { lastN: 2, baselineCount: 3 }).baseline).toBe(5);
  });

  it('weights the exponential mean by elapsed time (half-life)', () => {
    // 0 at t = 0, then 1 at t = 24 h with a 24 h half-life: e = 0 + (1 - 2^-1)(1 - 0) = 0.5;
    // then 1 again at t = 72 h: e = 0.5 + (1 - 2^-2)(0.5) = 0.875.
    expect(trendFeatures([0, 24], [0, 1]).ewma).toBeCloseTo(0.5, 12);
    expect(trendFeatures([0, 24, 72], [0, 1, 1]).ewma).toBeCloseTo(0.875, 12);
    expect(trendFeatures([0, 24, 72], [3, 3, 3], { ewmaHalfLifeH: 1 }).ewma).toBe(3);
  });

  it('gives NaN where the window holds too little', () => {
    const f = trendFeatures([0, 1], [Number.NaN, 4]);
    expect(f.slopePerDay).toBeNaN();
    expect(f.latest).toBe(4);
    const empty = trendFeatures([], []);
    expect(empty.count).toBe(0);
    expect(empty.ewma).toBeNaN();
    expect(trendFeatures([5, 5], [1, 2]).slopePerDay).toBeNaN(); // no spread in time
  });

  it('rejects unordered times and mismatched lengths with the parameter named', () => {
    expect(() => trendFeatures([0, 2, 1], [1, 2, 3])).toThrow(
      /timesH\[2\]: expected non-decreasing/,
    );
    expect(() => trendFeatures([0, 1], [1])).toThrow(/values: expected the length of timesH/);
    expect(() => trendFeatures([0], [1], { lastN: 0 })).toThrow(/lastN/);
  });
});
