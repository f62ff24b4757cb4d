/** Tests of pixel-column decimation: extremes kept per column, order kept, NaN gaps. */
import { describe, expect, it } from 'vitest';
import { decimateColumns, polylinePathData } from './decimate.js';

// A small deterministic generator (Park-Miller) so the test data are fixed.
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

function columnStats(x: ArrayLike<number>, y: ArrayLike<number>): Map<number, [number, number]> {
  const stats = new Map<number, [number, number]>();
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    const c = Math.floor(x[i]!);
    const s = stats.get(c);
    if (s === undefined) stats.set(c, [y[i]!, y[i]!]);
    else stats.set(c, [Math.min(s[0], y[i]!), Math.max(s[1], y[i]!)]);
  }
  return stats;
}

describe('decimateColumns', () => {
  it('keeps the min and max of every pixel column of a 100k-point series', () => {
    const rand = lcg(7);
    const n = 100_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = (i / n) * 700;
      y[i] = 200 + 100 * Math.sin(i / 500) + 40 * (rand() - 0.5);
    }
    const out = decimateColumns(x, y);
    expect(columnStats(out.x, out.y)).toEqual(columnStats(x, y));
    expect(out.x.length).toBeLessThanOrEqual(4 * 700);
    // Drawing order (here x order) is preserved.
    for (let i = 1; i < out.x.length; i++) expect(out.x[i]!).toBeGreaterThanOrEqual(out.x[i - 1]!);
  });

  it('passes sparse data through unchanged', () => {
    const x = [0.5, 3.2, 7.9, 12];
    const y = [1, 5, 2, 8];
    const out = decimateColumns(x, y);
    expect(Array.from(out.x)).toEqual(x);
    expect(Array.from(out.y)).toEqual(y);
  });

  it('keeps first and last of a column so lines join neighbours correctly', () => {
    // Column 0: 5, 1, 9, 3, 4 -> first 5, min 1, max 9, last 4.
    const out = decimateColumns([0, 0.2, 0.4, 0.6, 0.8, 1.5], [5, 1, 9, 3, 4, 0]);
    expect(Array.from(out.y)).toEqual([5, 1, 9, 4, 0]);
  });

  it('turns NaN into one gap between runs, none at the ends', () => {
    const out = decimateColumns([NaN, 0, 1, NaN, NaN, 2, 3, NaN], [0, 1, 2, 3, 4, 5, NaN, 7]);
    expect(Array.from(out.x)).toEqual([0, 1, NaN, 2]);
  });
});

describe('polylinePathData', () => {
  it('starts a new subpath after each gap', () => {
    const d = polylinePathData({
      x: Float64Array.of(0, 1.26, NaN, 2, 3),
      y: Float64Array.of(0, 1, NaN, 2, -0.01),
    });
    expect(d).toBe('M0 0L1.3 1M2 2L3 0');
  });
});
