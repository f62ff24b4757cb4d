/** Tests of histogram binning: Freedman-Diaconis widths, edge rules, counts. */
import { describe, expect, it } from 'vitest';
import { countInBins, histogramBins } from './binning.js';

describe('histogramBins', () => {
  it('counts every finite value exactly once', () => {
    const values = Array.from({ length: 1001 }, (_, i) => Math.sin(i) * 10 + i / 100);
    const h = histogramBins([...values, NaN, Infinity]);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1001);
    expect(h.edges[0]).toBe(Math.min(...values));
    expect(h.edges[h.edges.length - 1]).toBe(Math.max(...values));
  });

  it('uses the Freedman-Diaconis width 2 IQR n^(-1/3)', () => {
    // 0..999: IQR (numpy linear quantiles) = 749.25 - 249.75 = 499.5; n^(1/3) = 9.9967;
    // h = 99.933, range 999 -> ceil(9.997) = 10 bins.
    const h = histogramBins(Array.from({ length: 1000 }, (_, i) => i));
    expect(h.counts.length).toBe(10);
    expect(Array.from(h.counts)).toEqual(new Array(10).fill(100));
  });

  it('falls back to Sturges when the IQR is zero, and takes a bin count or edges', () => {
    const constantish = [...new Array<number>(100).fill(1), 2];
    expect(histogramBins(constantish).counts.length).toBe(Math.ceil(Math.log2(101)) + 1);
    expect(histogramBins([1, 2, 3, 4], { bins: 3 }).counts.length).toBe(3);
    const h = histogramBins([0, 1, 1.5, 2, 5], { bins: [0, 1, 2, 3] });
    // [0,1) [1,2) [2,3]: 5 is outside the edges.
    expect(Array.from(h.counts)).toEqual([1, 2, 1]);
  });

  it('puts the top edge into the last bin and leaves out values outside a range', () => {
    expect(Array.from(countInBins([0, 1, 2], Float64Array.of(0, 1, 2)))).toEqual([1, 2]);
    const h = histogramBins([-5, 0, 0.5, 1, 9], { bins: 2, range: [0, 1] });
    expect(Array.from(h.counts)).toEqual([1, 2]);
  });

  it('rejects bad bin specs', () => {
    expect(() => histogramBins([1], { bins: 0 })).toThrow(/positive integer/);
    expect(() => histogramBins([1], { bins: [0, 0] })).toThrow(/increasing/);
    expect(() => histogramBins([1], { range: [2, 1] })).toThrow(/range/);
  });
});
