import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { trainDecisionTree } from './decision-tree.js';
import { treeStats } from './tree.js';

describe('decision tree', () => {
  it('puts a step at its exact float32 threshold', () => {
    const n = 505;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 101) / 10);
    const y = x.map((v) => (v > 3.7 ? 5 : -1));
    const m = trainDecisionTree({ data: x, rows: n, cols: 1 }, y, {
      task: 'regression',
      maxDepth: 1,
    });
    const t = m.trees[0]!;
    expect(t.threshold[0]).toBe(Math.fround(Math.fround(3.7) / 2 + Math.fround(3.8) / 2));
    expect(m.predict({ data: Float64Array.of(3.7, 3.8, 0, 10), rows: 4, cols: 1 })).toEqual(
      Float64Array.of(-1, 5, -1, 5),
    );
  });

  it('solves XOR with depth 2 and not with depth 1', () => {
    const counts = [300, 200, 250, 250];
    const data: number[] = [];
    const y: number[] = [];
    counts.forEach((c, cell) => {
      for (let i = 0; i < c; i++) {
        data.push(cell >> 1, cell & 1);
        y.push((cell >> 1) ^ (cell & 1));
      }
    });
    const X = { data: Float64Array.from(data), rows: y.length, cols: 2 };
    const accuracy = (depth: number): number => {
      const p = trainDecisionTree(X, y, { maxDepth: depth }).predict(X);
      return p.filter((v, i) => v === y[i]).length / y.length;
    };
    expect(accuracy(1)).toBeLessThanOrEqual(0.6);
    expect(accuracy(2)).toBe(1);
  });

  it('routes NaN by the direction learned from training NaNs', () => {
    const rng = new Random(5);
    const n = 1000;
    const x = Float64Array.from({ length: n }, () => (rng.uniform() < 0.2 ? NaN : rng.uniform()));
    const y = x.map((v) => (Number.isNaN(v) || v < 0.4 ? 1 : 0));
    const m = trainDecisionTree({ data: x, rows: n, cols: 1 }, y, { maxDepth: 1 });
    const t = m.trees[0]!;
    expect(treeStats(t).depth).toBe(1);
    expect(t.defaultLeft[0]).toBe(1);
    expect(m.predict({ data: Float64Array.of(NaN, 0.1, 0.9), rows: 3, cols: 1 })).toEqual(
      Float64Array.of(1, 1, 0),
    );
  });
});
