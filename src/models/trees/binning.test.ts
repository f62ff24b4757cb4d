import { describe, expect, it } from 'vitest';
import { PdmError } from '../../core/errors.js';
import {
  Binning,
  MISSING_BIN,
  binnedCode,
  featureEdges,
  fitBinning,
  sortFloat32,
} from './binning.js';
import { matrix } from './matrix.js';

describe('fitBinning', () => {
  it('puts edges at float32 midpoints between the distinct values when they are few', () => {
    // 1..10, each three times: 10 distinct values, so 9 edges at 1.5 .. 9.5 (exact in float32).
    const x = Float64Array.from({ length: 30 }, (_, i) => (i % 10) + 1);
    const b = fitBinning(matrix(x, 30, 1));
    expect(Array.from(b.edgesOf(0))).toEqual([1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]);
    expect(b.nBins(0)).toBe(10);
    expect(b.binOf(0, 1)).toBe(0);
    expect(b.binOf(0, 1.5)).toBe(0); // x <= edge goes to the lower bin, as x <= threshold in ONNX
    expect(b.binOf(0, 1.6)).toBe(1);
    expect(b.binOf(0, 10)).toBe(9);
    expect(b.binOf(0, 1e9)).toBe(9);
    expect(b.binOf(0, -Infinity)).toBe(0);
    expect(b.binOf(0, NaN)).toBe(MISSING_BIN);
    expect(b.threshold(0, 9)).toBe(Infinity);
  });

  it('cuts at quantiles when there are more distinct values than bins', () => {
    // 0..99 with 4 bins: edges between the 25 %, 50 % and 75 % order statistics.
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const b = fitBinning(matrix(x, 100, 1), { maxBins: 4 });
    const e = Array.from(b.edgesOf(0));
    expect(e).toHaveLength(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100; i++) counts[b.binOf(0, i)]!++;
    for (const c of counts) expect(c).toBeGreaterThanOrEqual(24);
    for (const c of counts) expect(c).toBeLessThanOrEqual(26);
  });

  it('ignores NaN, keeps edges inside [a, b) for adjacent float32 values', () => {
    const a = Math.fround(1.1);
    const next = new Float32Array(
      new Uint32Array([new Uint32Array(Float32Array.of(a).buffer)[0]! + 1]).buffer,
    )[0]!;
    const e = featureEdges(Float32Array.of(a, a, next), 255);
    expect(e).toHaveLength(1);
    expect(e[0]).toBeGreaterThanOrEqual(a);
    expect(e[0]).toBeLessThan(next);
    const b = fitBinning(matrix(Float64Array.of(NaN, 2, NaN, 4), 4, 1));
    expect(Array.from(b.edgesOf(0))).toEqual([3]);
    expect(fitBinning(matrix(Float64Array.of(NaN, NaN), 2, 1)).nBins(0)).toBe(1);
  });

  it('bins a matrix into word columns and rejects bad options', () => {
    const x = Float32Array.from({ length: 5 * 6 }, (_, i) => (i % 6 === 2 ? NaN : i));
    const b = fitBinning(matrix(x, 5, 6));
    const m = b.binMatrix(matrix(x, 5, 6));
    expect(m.words).toBe(2);
    for (let r = 0; r < 5; r++) {
      for (let f = 0; f < 6; f++) expect(binnedCode(m, r, f)).toBe(b.binOf(f, x[r * 6 + f]!));
    }
    expect(binnedCode(m, 3, 2)).toBe(MISSING_BIN);
    expect(() => fitBinning(matrix(x, 5, 6), { maxBins: 256 })).toThrow(PdmError);
    expect(() => new Binning([Float32Array.of(2, 1)])).toThrow(/strictly increasing/);
  });
});

describe('sortFloat32', () => {
  it('sorts like a numeric sort, negatives and infinities included', () => {
    const v = new Float32Array(5000);
    let s = 1;
    for (let i = 0; i < v.length; i++) {
      s = (s * 48271) % 2147483647;
      v[i] = (s / 2147483647 - 0.5) * 10 ** ((s % 7) - 3);
    }
    v[10] = Infinity;
    v[20] = -Infinity;
    v[30] = 0;
    const expected = Array.from(v).sort((a, b) => a - b);
    expect(Array.from(sortFloat32(v))).toEqual(expected);
  });
});
