import { describe, expect, it } from 'vitest';
import { appendAll, maxOf } from './large-arrays.js';

// well past the ~120,000 arguments at which a spread call overflows V8's stack
const LONG = 500_000;

describe('appendAll', () => {
  it('appends in order and returns the target', () => {
    const t = [1, 2];
    expect(appendAll(t, [3, 4])).toBe(t);
    expect(t).toEqual([1, 2, 3, 4]);
    expect(appendAll([] as string[], [])).toEqual([]);
  });

  it('takes arrays far longer than a spread call can', () => {
    const items = Array.from({ length: LONG }, (_, i) => i);
    expect(() => [0].push(...items)).toThrow(RangeError);
    const out = appendAll([-1], items);
    expect(out.length).toBe(LONG + 1);
    expect(out[LONG]).toBe(LONG - 1);
  });
});

describe('maxOf', () => {
  it('agrees with Math.max, empty and NaN included', () => {
    expect(maxOf([3, -1, 7.5, 2])).toBe(7.5);
    expect(maxOf(Float64Array.of(-3, -2))).toBe(-2);
    expect(maxOf([])).toBe(Number.NEGATIVE_INFINITY);
    expect(maxOf([1, Number.NaN, 2])).toBeNaN();
  });

  it('takes arrays far longer than a spread call can', () => {
    const v = new Float64Array(LONG).map((_, i) => (i * 7919) % 100_003);
    expect(() => Math.max(...v)).toThrow(RangeError);
    expect(maxOf(v)).toBe(100_002);
  });
});
