import { describe, expect, it } from 'vitest';
import { RobustScaler } from './normalize.js';

// Column 0: 1..9 (median 5, quartiles 3 and 7, IQR 4); column 1: one value (IQR 0, MAD 0, sd 0);
// column 2: all NaN; column 3: 0 except two outliers (IQR 0, MAD 0, sd > 0).
const ROWS = Array.from({ length: 9 }, (_, i) => [
  i + 1,
  4,
  Number.NaN,
  i === 0 ? 100 : i === 1 ? -100 : 0,
]);

describe('RobustScaler', () => {
  it('centres on the median and scales by IQR / 1.349', () => {
    const s = RobustScaler.fit(ROWS);
    expect(s.center[0]).toBe(5);
    expect(s.scale[0]).toBeCloseTo(4 / 1.3489795003921634, 12);
    const z = s.transform([9, 4, 1, 0]);
    expect(z[0]).toBeCloseTo(4 / (4 / 1.3489795003921634), 12);
    expect(z[1]).toBe(0); // scale falls back to 1 for a constant feature
    expect(z[2]).toBeNaN(); // no finite training value
    // IQR and MAD are 0; the standard deviation about the median is sqrt(20000 / 8) = 50.
    expect(s.scale[3]).toBeCloseTo(50, 12);
  });

  it('keeps NaN as NaN and ignores NaN when fitting', () => {
    const s = RobustScaler.fit([[1], [Number.NaN], [3], [5]]);
    expect(s.center[0]).toBe(3);
    expect(s.transform([Number.NaN])[0]).toBeNaN();
  });

  it('survives a round trip through JSON text and gives the same transform', () => {
    const names = ['a', 'b', 'c', 'd'];
    const s = RobustScaler.fit(ROWS, names);
    const text = JSON.stringify(s);
    const back = RobustScaler.fromJSON(JSON.parse(text), names);
    const row = [2.5, 7, 1, -3];
    const a = s.transform(row);
    const b = back.transform(row);
    expect(Array.from(b)).toEqual(Array.from(a));
    const parsed = JSON.parse(text) as { center: (number | null)[] };
    expect(parsed.center[2]).toBeNull(); // NaN written as null
  });

  it('refuses malformed or mismatched state with the field named', () => {
    const json = RobustScaler.fit(ROWS, ['a', 'b', 'c', 'd']).toJSON();
    expect(() => RobustScaler.fromJSON({ ...json, kind: 'other' })).toThrow(/scaler\.kind/);
    expect(() => RobustScaler.fromJSON({ ...json, scale: [1, 2] })).toThrow(/one length/);
    expect(() => RobustScaler.fromJSON({ ...json, scale: [1, 0, 1, 1] })).toThrow(/scale > 0/);
    expect(() => RobustScaler.fromJSON(json, ['a', 'b', 'x', 'd'])).toThrow(/scaler\.names/);
    expect(() => RobustScaler.fit([])).toThrow(/rows: expected at least one/);
    expect(() => RobustScaler.fit([[1, 2], [3]])).toThrow(/rows\[1\]: expected 2 features/);
    expect(() => RobustScaler.fit(ROWS).transform([1])).toThrow(/row: expected 4 features/);
  });
});
