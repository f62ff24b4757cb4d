import { describe, expect, it } from 'vitest';
import { perMachineWeights, quantileOf, weightedQuantileOf } from './train-rows.js';

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
