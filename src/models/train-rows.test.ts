import { describe, expect, it } from 'vitest';
import { capPerKey, perMachineWeights, quantileOf, weightedQuantileOf } from './train-rows.js';

describe('weighted quantiles', () => {
  it('equal weights give the nearest-rank quantile', () => {
    const v = [5, 1, 4, Number.NaN, 2, 3, 9, 7];
    const w = v.map(() => 0.25);
    for (const q of [0, 0.1, 0.2, 0.5, 0.8, 0.9, 1]) {
      expect(weightedQuantileOf(v, w, q)).toBe(quantileOf(v, q));
    }
  });

  it('weighs each machine once: a long-running machine does not outvote the others', () => {
    // machine a: 8 rows of small errors; machines b and c: one row each of large errors
    const ids = ['a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'c'];
    const e = [1, 1, 1, 1, 1, 1, 1, 1, 10, 20];
    const w = perMachineWeights(ids);
    expect(Array.from(w)).toEqual([...new Array<number>(8).fill(1 / 8), 1, 1]);
    // by rows, 80 % of errors are <= 1; by machines, a third are
    expect(quantileOf(e, 0.8)).toBe(1);
    expect(weightedQuantileOf(e, w, 0.3)).toBe(1);
    expect(weightedQuantileOf(e, w, 0.5)).toBe(10);
    expect(weightedQuantileOf(e, w, 0.8)).toBe(20);
    expect(weightedQuantileOf([], [], 0.5)).toBeNaN();
  });
});

describe('capPerKey', () => {
  it('keeps at most cap rows of each key, the same rows for a seed, in row order', () => {
    const keys = ['a', 'b', 'a', 'a', 'b', 'c', 'a'];
    const kept = capPerKey(keys, 2, 5);
    expect(kept).toEqual([...kept].sort((x, y) => x - y));
    const count = (k: string) => kept.filter((i) => keys[i] === k).length;
    expect([count('a'), count('b'), count('c')]).toEqual([2, 2, 1]);
    expect(capPerKey(keys, 2, 5)).toEqual(kept);
    expect(capPerKey(keys, 10, 5)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('keeps every row of a key with more rows than a call can take as arguments', () => {
    // two fleets' rows that are not due: 240,000 of one label under a cap of 300,000
    const keys = Array.from({ length: 250_000 }, (_, i) => (i % 25 === 0 ? 'due' : 'not'));
    const kept = capPerKey(keys, 300_000, 1);
    expect(kept.length).toBe(250_000);
    expect(kept[249_999]).toBe(249_999);
    const capped = capPerKey(keys, 200_000, 1);
    expect(capped.length).toBe(200_000 + 10_000);
    expect(new Set(capped).size).toBe(capped.length);
  });
});
