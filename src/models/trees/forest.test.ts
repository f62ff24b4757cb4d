import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { trainForest, trainForestSync } from './forest.js';
import { ForestModel } from './forest-model.js';
import { syntheticTable } from './synthetic.js';

function accuracy(pred: Float64Array, y: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

describe('random forest, classification', () => {
  const all = syntheticTable({
    rows: 4000,
    features: 8,
    classes: 3,
    informative: 3,
    seed: 7,
    missingRate: 0.02,
  });
  const split = (from: number, to: number) => ({
    X: { data: all.X.data.subarray(from * 8, to * 8), rows: to - from, cols: 8 },
    y: all.y.subarray(from, to),
  });
  const train = split(0, 3000);
  const test = split(3000, 4000);

  it('beats the majority class by far, with probabilities that sum to 1', () => {
    const m = trainForestSync(train.X, train.y, { trees: 40 });
    const counts = [0, 0, 0];
    for (const v of test.y) counts[v]!++;
    const majority = Math.max(...counts) / test.y.length;
    const acc = accuracy(m.predict(test.X), test.y);
    expect(acc).toBeGreaterThan(majority + 0.2);
    const p = m.predictProba(test.X);
    for (let i = 0; i < test.X.rows; i++) {
      expect(p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]!).toBeCloseTo(1, 6);
    }
  });

  it('ranks the informative feature first', () => {
    const rng = new Random(3);
    const n = 2000;
    const data = Float64Array.from({ length: n * 5 }, () => rng.normal());
    const y = Float64Array.from({ length: n }, (_, i) => (data[i * 5 + 2]! > 0.2 ? 1 : 0));
    const m = trainForestSync({ data, rows: n, cols: 5 }, y, { trees: 20 });
    const imp = Array.from(m.featureImportance);
    expect(imp.indexOf(Math.max(...imp))).toBe(2);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('grows the same trees on worker threads, and round-trips through JSON', async () => {
    const cfg = { trees: 6, maxDepth: 8 };
    const one = trainForestSync(train.X, train.y, cfg);
    const two = await trainForest(train.X, train.y, cfg, { threads: 2 });
    const text = JSON.stringify(one);
    expect(JSON.stringify(two)).toBe(text);
    const back = ForestModel.fromJSON(JSON.parse(text));
    expect(back.predictProba(test.X)).toEqual(one.predictProba(test.X));
  });
});

describe('random forest, regression', () => {
  const rng = new Random(17);
  const gen = (n: number) => {
    const data = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < 3; f++) data[i * 3 + f] = rng.uniform() * 4;
      y[i] = Math.sin(data[i * 3]!) * 2 + 0.5 * rng.normal();
    }
    return { X: { data, rows: n, cols: 3 }, y };
  };
  const train = gen(3000);
  const test = gen(2000);

  it('predicts the mean, per-tree values and leaf quantiles', () => {
    const m = trainForestSync(train.X, train.y, {
      task: 'regression',
      trees: 50,
      minSamplesLeaf: 10,
      leafSamples: 4,
    });
    const mean = m.predict(test.X);
    let se = 0;
    for (let i = 0; i < test.X.rows; i++) se += (mean[i]! - 2 * Math.sin(test.X.data[3 * i]!)) ** 2;
    expect(Math.sqrt(se / test.X.rows)).toBeLessThan(0.3);
    const per = m.predictTrees(test.X);
    expect(per).toHaveLength(test.X.rows * 50);
    let avg = 0;
    for (let t = 0; t < 50; t++) avg += per[t]!;
    expect(avg / 50).toBeCloseTo(mean[0]!, 5);
    // Quantile regression forest: about 80 % of held-out targets between q0.1 and q0.9.
    const q = m.predictQuantiles(test.X, [0.1, 0.9]);
    let inside = 0;
    for (let i = 0; i < test.X.rows; i++)
      if (test.y[i]! >= q[2 * i]! && test.y[i]! <= q[2 * i + 1]!) inside++;
    expect(inside / test.X.rows).toBeGreaterThan(0.7);
    expect(inside / test.X.rows).toBeLessThan(0.9);
    const back = ForestModel.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.predictQuantiles(test.X, [0.5])).toEqual(m.predictQuantiles(test.X, [0.5]));
  });
});
