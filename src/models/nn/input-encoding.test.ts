import { describe, expect, it } from 'vitest';
import { encodeRowInto, encodedWidth, fitInputSpec } from './input-encoding.js';

describe('input encoding', () => {
  const x = { data: Float64Array.from([1, NaN, 3, 4, 5, -Infinity]), rows: 2, cols: 3 };

  it('adds indicators only for columns with missing values in training', () => {
    const spec = fitInputSpec(x, { missingIndicators: true, inputClip: 4 });
    expect(spec).toEqual({ features: 3, missingIndicators: [1, 2], clip: 4 });
    expect(encodedWidth(spec)).toBe(5);
    expect(
      fitInputSpec(x, { missingIndicators: false, inputClip: null }).missingIndicators,
    ).toEqual([]);
  });

  it('imputes 0, clips, and appends the indicators, in rows or transposed columns', () => {
    const spec = { features: 3, missingIndicators: [1, 2], clip: 4 };
    const row = new Float64Array(5);
    encodeRowInto(spec, x.data, 3, row, 0, 1);
    expect(Array.from(row)).toEqual([4, 4, 0, 0, 1]);
    const cols = new Float32Array(10); // [5 x 2], row 0 in column 0
    encodeRowInto(spec, x.data, 0, cols, 0, 2);
    encodeRowInto(spec, x.data, 3, cols, 1, 2);
    expect(Array.from(cols)).toEqual([1, 4, 0, 4, 3, 0, 1, 0, 0, 1]);
  });
});
