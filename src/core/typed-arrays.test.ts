import { describe, expect, it } from 'vitest';
import { concatArrays } from './typed-arrays.js';

describe('concatArrays', () => {
  it('joins parts end to end in the type asked for, empty parts and none included', () => {
    const out = concatArrays(Float64Array, [Float64Array.of(1, 2), new Float64Array(0), [3.5]]);
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(out)).toEqual([1, 2, 3.5]);
    expect(Array.from(concatArrays(Uint8Array, [Uint8Array.of(7), Uint8Array.of(8, 9)]))).toEqual([
      7, 8, 9,
    ]);
    expect(concatArrays(Int32Array, []).length).toBe(0);
  });
});
