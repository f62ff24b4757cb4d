import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { averagePathLength, fitIsolationForest, isolationScore } from './isolation-forest.js';
import { fitMahalanobis, fitMahalanobisRobust, mahalanobisScore } from './mahalanobis.js';
import type { IsolationForestModel } from './isolation-forest.js';
import { createScorer } from '../scorer.js';

/** One split of feature 0 at `t`: the left leaf held 1 point, the right one 3. */
function stump(t: number, inputs?: 'raw-float32'): IsolationForestModel {
  return {
    kind: 'isolation_forest',
    dims: 1,
    sampleSize: 4,
    ...(inputs === undefined ? {} : { inputs }),
    trees: [
      {
        f: [0, -1, -1],
        t: [t, 0, 0],
        l: [1, -1, -1],
        r: [2, -1, -1],
        size: [4, 1, 3],
        nanLeft: [1, 1, 1],
      },
    ],
  };
}
const LEFT = Math.pow(2, -(1 + averagePathLength(1)) / averagePathLength(4));
const RIGHT = Math.pow(2, -(1 + averagePathLength(3)) / averagePathLength(4));

function gaussian(n: number, d: number, seed: number, scale: number[]) {
  const r = new Random(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    for (let j = 0; j < d; j++)
      x[i * d + j] = scale[j]! * r.normal() + (j === 1 ? 0.8 * z : 0) + 10;
  }
  return x;
}

describe('Mahalanobis anomaly score', () => {
  it('averages about 1 on healthy data (chi-square / d) and is large off-distribution', () => {
    const d = 4;
    const x = gaussian(5000, d, 1, [1, 2, 0.5, 3]);
    const m = fitMahalanobis(x, 5000, d, 0);
    const test = gaussian(2000, d, 2, [1, 2, 0.5, 3]);
    let s = 0;
    for (let i = 0; i < 2000; i++) s += mahalanobisScore(m, test.subarray(i * d, i * d + d));
    expect(s / 2000).toBeCloseTo(1, 1);
    expect(mahalanobisScore(m, [10, 10, 10 + 3, 10])).toBeGreaterThan(8); // 6 sd on a 0.5-sd feature
  });

  it('matches the hand-computed distance for a diagonal covariance', () => {
    // two features, variances 1 and 4, no correlation: d^2 = x1^2 + x2^2/4
    const x = Float64Array.from([1, 2, -1, -2, 1, -2, -1, 2]);
    const m = fitMahalanobis(x, 4, 2, 0);
    // sample variances with n - 1: 4/3 and 16/3
    expect(mahalanobisScore(m, [1, 2]) * 2).toBeCloseTo(1 / (4 / 3) + 4 / (16 / 3), 9);
    // far out the same formula holds, without overflow to NaN; beyond float64, the largest
    expect(mahalanobisScore(m, [1e120, 0]) / (1e240 / (4 / 3) / 2)).toBeCloseTo(1, 9);
    expect(mahalanobisScore(m, [1e200, -1e200])).toBe(Number.MAX_VALUE);
    expect(mahalanobisScore(m, [1e200, 1])).toBeGreaterThan(mahalanobisScore(m, [1e120, 1]));
  });
});

describe('Mahalanobis fit with outliers among the healthy rows', () => {
  const d = 4;
  const n = 4000;
  const clean = gaussian(n, d, 7, [1, 2, 0.5, 3]);
  // 20 rows (0.5 %) of a sensor fault: feature 0 a thousand standard deviations out
  const spiky = Float64Array.from(clean);
  for (let i = 0; i < 20; i++) spiky[i * 200 * d] = 10 + 1000 * (1 + i / 20);
  const without = (x: Float64Array, rows: number[]) =>
    Float64Array.from(rows.flatMap((i) => Array.from(x.subarray(i * d, (i + 1) * d))));
  const cleanRows = Array.from({ length: n }, (_, i) => i).filter((i) => i % 200 !== 0);

  it('fits the rows without the outliers, as if they had never been there', () => {
    const robust = fitMahalanobis(spiky, n, d, 0);
    const reference = fitMahalanobis(without(clean, cleanRows), cleanRows.length, d, 0);
    robust.mean.forEach((v, j) => {
      expect(v).toBeCloseTo(reference.mean[j]!, 9);
    });
    robust.precision.forEach((v, k) => {
      expect(v).toBeCloseTo(reference.precision[k]!, 6);
    });
    // a fault 6 sd out along feature 0 scores as it should, where the widened fit misses it
    const fault = [16, 10, 10, 10];
    expect(mahalanobisScore(robust, fault)).toBeGreaterThan(8);
    const widened = fitMahalanobis(spiky, n, d, 0, Number.MAX_VALUE);
    expect(mahalanobisScore(widened, fault)).toBeLessThan(0.5);
    // and it says which rows it left out: the planted ones, and no others
    const fit = fitMahalanobisRobust(spiky, n, d, 0);
    expect(fit.leftOutCount).toBe(20);
    expect([...fit.leftOut.keys()].filter((i) => fit.leftOut[i] === 1)).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 200),
    );
  });

  it('leaves every row of clean data in, and refuses a factor that would cut the median', () => {
    const all = fitMahalanobis(clean, n, d, 0);
    const untrimmed = fitMahalanobis(clean, n, d, 0, Number.MAX_VALUE);
    expect(all).toEqual(untrimmed);
    expect(() => fitMahalanobis(clean, n, d, 0, 1)).toThrow(/outlier factor > 1, got 1/);
  });
});

describe('isolation forest', () => {
  it('has the published average path length c(n)', () => {
    expect(averagePathLength(256)).toBeCloseTo(10.24, 1);
  });

  it('scores outliers above normal points', () => {
    const d = 3;
    const x = gaussian(2000, d, 3, [1, 1, 1]);
    const m = fitIsolationForest(x, 2000, d, { trees: 100, seed: 4 });
    const normal = isolationScore(m, [10, 10, 10]);
    const outlier = isolationScore(m, [16, 4, 10]);
    expect(normal).toBeLessThan(0.5);
    expect(outlier).toBeGreaterThan(0.6);
    expect(isolationScore(m, [Number.NaN, 10, 10])).toBeLessThan(0.6);
  });

  it('splits float32 values at float32 thresholds, whatever the scale of a feature', () => {
    const d = 3;
    const x = gaussian(1000, d, 5, [1, 2, 0.5]);
    const m = fitIsolationForest(x, 1000, d, { trees: 50, seed: 6 });
    expect(m.inputs).toBe('raw-float32');
    for (const tree of m.trees)
      tree.f.forEach((f, i) => {
        if (f >= 0) expect(Math.fround(tree.t[i]!)).toBe(tree.t[i]);
      });
    // a split at a uniform point of the node's range does not depend on scale: the same forest
    // grows on features scaled by powers of two (exact in float32), and scores alike
    const k = [4, 1 / 8, 1024];
    const scaled = x.map((v, i) => v * k[i % d]!);
    const ms = fitIsolationForest(scaled, 1000, d, { trees: 50, seed: 6 });
    for (const row of [
      [10, 10, 10],
      [16, 4, 10],
      [9.5, Number.NaN, 11],
    ]) {
      expect(
        isolationScore(
          ms,
          row.map((v, j) => v * k[j]!),
        ),
      ).toBe(isolationScore(m, row));
    }
  });

  it('routes a row as float32 does: below the threshold left, at it right, NaN by the default', () => {
    const m = stump(1.5, 'raw-float32');
    expect(isolationScore(m, [1.4999])).toBe(LEFT);
    expect(isolationScore(m, [1.5])).toBe(RIGHT);
    // below 1.5 in float64, 1.5 in float32: right, as an ONNX runtime fed float32 sends it
    expect(isolationScore(m, [1.5 * (1 - 2 ** -30)])).toBe(RIGHT);
    expect(isolationScore(m, [Number.NaN])).toBe(LEFT);
    // infinities compare (only NaN is missing), as in an ONNX runtime
    expect(isolationScore(m, [Infinity])).toBe(RIGHT);
    expect(isolationScore(m, [-Infinity])).toBe(LEFT);
    expect(isolationScore(m, [1e39])).toBe(RIGHT); // beyond float32: +Infinity
  });

  it('scores a forest from before float32 splits on the normalised features, as it was fitted', () => {
    // split at z = 0 of a feature normalised with centre 10 and scale 2
    const scaler = {
      kind: 'robust-scaler' as const,
      version: 1 as const,
      names: null,
      center: [10],
      scale: [2],
    };
    const s = createScorer({ kind: 'isolation_forest', model: stump(0) }, scaler);
    const out = s.score({
      x: Float64Array.of(9, 11, Infinity),
      n: 3,
      d: 1,
      machineIds: ['m', 'm', 'm'],
      time: Float64Array.of(0, 1, 2),
    });
    // 9 -> z = -0.5: left; 11 -> 0.5: right; an infinite value was missing then (left)
    expect(Array.from(out)).toEqual([LEFT, RIGHT, LEFT]);
  });
});
