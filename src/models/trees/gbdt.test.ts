import { describe, expect, it, vi } from 'vitest';
import { PdmError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { TreeLane } from './engine-lanes.js';
import { trainGbdt, trainGbdtSync } from './gbdt.js';
import { GbdtModel } from './gbdt-model.js';
import type { Matrix } from './matrix.js';
import { syntheticTable } from './synthetic.js';

/** n rows of d standard normal features (float64) and targets from `label`. */
function table(
  n: number,
  d: number,
  seed: number,
  label: (x: Float64Array, rng: Random) => number,
) {
  const rng = new Random(seed, 'gbdt-test');
  const data = new Float64Array(n * d);
  const y = new Float64Array(n);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) row[f] = rng.normal();
    data.set(row, i * d);
    y[i] = label(row, rng);
  }
  return { X: { data, rows: n, cols: d } satisfies Matrix, y };
}

function accuracy(pred: Float64Array, y: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

describe('gradient boosting, binary', () => {
  // Axis-aligned but nonlinear: separable by a few splits.
  const rule = (x: Float64Array): number => ((x[0]! > 0.3 && x[1]! < 0.5) || x[2]! > 1 ? 1 : 0);
  const train = table(4000, 6, 1, rule);
  const test = table(2000, 6, 2, rule);

  it('reaches > 0.98 accuracy on a separable problem, with log-loss falling every round', () => {
    const losses: number[] = [];
    const m = trainGbdtSync(
      train.X,
      train.y,
      { rounds: 150 },
      {
        onRound: (p) => losses.push(p.trainLoss),
      },
    );
    expect(accuracy(m.predict(test.X), test.y)).toBeGreaterThan(0.98);
    expect(losses).toHaveLength(150);
    for (let r = 1; r < losses.length; r++) expect(losses[r]!).toBeLessThanOrEqual(losses[r - 1]!);
    const p = m.predictProba(test.X);
    for (let i = 0; i < test.X.rows; i++) expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 12);
  });

  it('ranks the informative features first by importance', () => {
    const m = trainGbdtSync(train.X, train.y, { rounds: 30 });
    const imp = Array.from(m.featureImportance);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const order = imp.map((v, f) => [v, f] as const).sort((a, b) => b[0] - a[0]);
    expect(
      order
        .slice(0, 3)
        .map(([, f]) => f)
        .sort(),
    ).toEqual([0, 1, 2]);
  });

  it('gives identical JSON for the same seed and round-trips it exactly', () => {
    const cfg = { rounds: 20, subsample: 0.7, colsample: 0.7, seed: 5 };
    const a = trainGbdtSync(train.X, train.y, cfg);
    const b = trainGbdtSync(train.X, train.y, cfg);
    const c = trainGbdtSync(train.X, train.y, { ...cfg, seed: 6 });
    const text = JSON.stringify(a);
    expect(JSON.stringify(b)).toBe(text);
    expect(JSON.stringify(c)).not.toBe(text);
    const back = GbdtModel.fromJSON(JSON.parse(text));
    expect(back.predictRaw(test.X)).toEqual(a.predictRaw(test.X));
    expect(JSON.stringify(back)).toBe(text);
  });

  it('tracks training scores that match the model, with row and column subsampling', () => {
    // Rows left out of a round get the tree's value by traversing their codes; the reported
    // loss must equal the loss of the final model's own predictions.
    let last = NaN;
    const m = trainGbdtSync(
      train.X,
      train.y,
      { rounds: 25, subsample: 0.6, colsample: 0.5 },
      {
        onRound: (p) => (last = p.trainLoss),
      },
    );
    const raw = m.predictRaw(train.X);
    let loss = 0;
    for (let i = 0; i < raw.length; i++) {
      const f = raw[i]!;
      loss += Math.log1p(Math.exp(-Math.abs(f))) + Math.max(f, 0) - train.y[i]! * f;
    }
    expect(last).toBeCloseTo(loss / raw.length, 10);
  });

  it('builds the same model on worker threads as on one thread', async () => {
    // 40 000 rows: enough for the row operations (chunks of 4,096) to run in parallel too.
    const big = syntheticTable({
      rows: 40_000,
      features: 10,
      classes: 3,
      seed: 3,
      missingRate: 0.05,
    });
    const binary = big.y.map((v) => (v === 0 ? 0 : 1));
    const multi = { loss: 'multiclass', rounds: 2, subsample: 0.9, colsample: 0.8 } as const;
    // Multiclass with the round's trees split over the threads' tree lanes, and without.
    const runs = [
      { y: binary, cfg: { rounds: 3, maxLeaves: 15 }, threads: 2, treeLanes: false },
      { y: big.y, cfg: multi, threads: 2, treeLanes: false },
      { y: big.y, cfg: multi, threads: 2, treeLanes: true },
      { y: big.y, cfg: { ...multi, colsample: 1 }, threads: 3, treeLanes: true },
    ];
    for (const { y, cfg, threads, treeLanes } of runs) {
      const one = trainGbdtSync(big.X, y, cfg);
      const many = await trainGbdt(big.X, y, cfg, { threads, treeLanes });
      expect(JSON.stringify(many)).toBe(JSON.stringify(one));
    }
  });

  it('splits only on the allowed columns, as a model of those columns alone does', async () => {
    const t = syntheticTable({ rows: 3000, features: 8, classes: 3, seed: 5, missingRate: 0.02 });
    const keep = [1, 4, 6];
    const sub = new Float64Array(t.X.rows * keep.length);
    for (let i = 0; i < t.X.rows; i++)
      keep.forEach((f, j) => (sub[i * keep.length + j] = t.X.data[i * t.X.cols + f]!));
    const cfg = { loss: 'multiclass', rounds: 8 } as const;
    const masked = trainGbdtSync(t.X, t.y, cfg, { features: keep });
    const alone = trainGbdtSync({ data: sub, rows: t.X.rows, cols: keep.length }, t.y, cfg);
    const used = new Set(masked.trees.flatMap((tr) => [...tr.feature].filter((f) => f >= 0)));
    expect([...used].every((f) => keep.includes(f))).toBe(true);
    // the same trees, with the columns numbered as in the full matrix
    expect(
      masked.trees.map((tr) => [...tr.feature].map((f) => (f < 0 ? f : keep.indexOf(f)))),
    ).toEqual(alone.trees.map((tr) => [...tr.feature]));
    expect(masked.predictProba(t.X)).toEqual(
      alone.predictProba({ data: sub, rows: t.X.rows, cols: keep.length }),
    );
    // on worker threads, and drawing column samples from the allowed columns only
    const threaded = await trainGbdt(t.X, t.y, cfg, { features: keep, threads: 2 });
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(masked));
    const sampled = trainGbdtSync(t.X, t.y, { ...cfg, colsample: 0.5 }, { features: keep });
    for (const tr of sampled.trees)
      for (const f of tr.feature) if (f >= 0) expect(keep).toContain(f);
    for (const bad of [[], [8], [1, 1], [0.5]]) {
      expect(() => trainGbdtSync(t.X, t.y, cfg, { features: bad })).toThrow(PdmError);
    }
    expect(() => trainGbdtSync(t.X, t.y, cfg, { features: [9] })).toThrow(
      'features[0]: expected a distinct column index in [0, 7], got 9',
    );
  });

  it('grows multiclass rounds on tree lanes as on one thread, early stopping included', async () => {
    const t = syntheticTable({ rows: 6000, features: 7, classes: 5, seed: 9, missingRate: 0.02 });
    const X = { data: t.X.data.subarray(0, 4000 * 7), rows: 4000, cols: 7 };
    const V = {
      X: { data: t.X.data.subarray(4000 * 7), rows: 2000, cols: 7 },
      y: t.y.subarray(4000),
    };
    const y = t.y.subarray(0, 4000);
    const cfg = {
      loss: 'multiclass',
      rounds: 60,
      learningRate: 0.5,
      earlyStopping: 5,
      colsample: 0.6,
      subsample: 0.7,
    } as const;
    const one = trainGbdtSync(X, y, cfg, { valid: V });
    expect(one.bestRound).not.toBeNull();
    // The calling thread's lane grows some of the trees: the lanes did run.
    const lane = vi.spyOn(TreeLane.prototype, 'run');
    try {
      const two = await trainGbdt(X, y, cfg, { valid: V, threads: 2, treeLanes: true });
      expect(lane).toHaveBeenCalled();
      expect(JSON.stringify(two)).toBe(JSON.stringify(one));
      // Trees of more than 4,096 leaves are not grown on lanes, even when asked.
      lane.mockClear();
      const wide = { loss: 'multiclass', rounds: 2, maxLeaves: 5000, maxDepth: 20 } as const;
      const big = await trainGbdt(X, y, wide, { threads: 2, treeLanes: true });
      expect(lane).not.toHaveBeenCalled();
      expect(JSON.stringify(big)).toBe(JSON.stringify(trainGbdtSync(X, y, wide)));
    } finally {
      lane.mockRestore();
    }
  });

  it('stops early on a validation set and keeps the best round', () => {
    const noisy = (x: Float64Array, rng: Random): number => (x[0]! + rng.normal() > 0 ? 1 : 0);
    const tr = table(1500, 5, 3, noisy);
    const va = table(1500, 5, 4, noisy);
    const rounds: number[] = [];
    const m = trainGbdtSync(
      tr.X,
      tr.y,
      { rounds: 500, learningRate: 0.3, earlyStopping: 10 },
      {
        valid: { X: va.X, y: va.y },
        onRound: (p) => rounds.push(p.validLoss!),
      },
    );
    expect(rounds.length).toBeLessThan(500);
    expect(m.bestRound).not.toBeNull();
    expect(rounds.length).toBe(m.bestRound! + 1 + 10);
    expect(m.rounds).toBe(m.bestRound! + 1);
    expect(Math.min(...rounds)).toBe(rounds[m.bestRound!]);
  });
});

describe('gradient boosting, structure', () => {
  it('finds the exact float32 threshold of a step function', () => {
    // x on a grid of 101 values; y jumps after 3.7: the split must fall between 3.7 and 3.8.
    const n = 1010;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 101) / 10);
    const y = x.map((v) => (v > 3.7 ? 1 : 0));
    const m = trainGbdtSync({ data: x, rows: n, cols: 1 }, y, { rounds: 30, maxDepth: 1 });
    const t = m.trees[0]!;
    const lo = Math.fround(3.7);
    const hi = Math.fround(3.8);
    expect(t.threshold[0]).toBe(Math.fround(lo / 2 + hi / 2));
    expect(m.predict({ data: Float64Array.of(3.7, 3.8), rows: 2, cols: 1 })).toEqual(
      Float64Array.of(0, 1),
    );
  });

  it('needs depth 2 for XOR', () => {
    // Four points with unequal counts, so that the first split is not a tie.
    const pts = [
      [0, 0, 0, 300],
      [0, 1, 1, 200],
      [1, 0, 1, 250],
      [1, 1, 0, 250],
    ] as const;
    const data: number[] = [];
    const y: number[] = [];
    for (const [a, b, c, count] of pts) {
      for (let i = 0; i < count; i++) {
        data.push(a, b);
        y.push(c);
      }
    }
    const X = { data: Float64Array.from(data), rows: y.length, cols: 2 };
    const yy = Float64Array.from(y);
    const stumps = trainGbdtSync(X, yy, { rounds: 100, maxDepth: 1 });
    const depth2 = trainGbdtSync(X, yy, { rounds: 100, maxDepth: 2 });
    // An additive model of the two features gets at most three of the four cells right.
    expect(accuracy(stumps.predict(X), yy)).toBeLessThanOrEqual(0.8);
    expect(accuracy(depth2.predict(X), yy)).toBe(1);
  });

  it('learns where NaN goes', () => {
    // y = 1 for NaN and for x > 0.7: the split at 0.7 must send NaN right.
    const rng = new Random(9);
    const n = 2000;
    const x = Float64Array.from({ length: n }, () => (rng.uniform() < 0.3 ? NaN : rng.uniform()));
    const y = x.map((v) => (Number.isNaN(v) || v > 0.7 ? 1 : 0));
    const m = trainGbdtSync({ data: x, rows: n, cols: 1 }, y, { rounds: 20 });
    const q = { data: Float64Array.of(NaN, 0.2, 0.9), rows: 3, cols: 1 };
    expect(m.predict(q)).toEqual(Float64Array.of(1, 0, 1));
    // Mirror image: NaN with the small values goes left.
    const y2 = x.map((v) => (Number.isNaN(v) || v < 0.3 ? 1 : 0));
    const m2 = trainGbdtSync({ data: x, rows: n, cols: 1 }, y2, { rounds: 20 });
    expect(m2.predict(q)).toEqual(Float64Array.of(1, 1, 0));
    expect(m2.trees[0]!.defaultLeft[0]).toBe(1);
  });

  it('compares float32 inputs to float32 thresholds', () => {
    const big = syntheticTable({ rows: 3000, features: 5, seed: 4 });
    const m = trainGbdtSync(big.X, big.y, { rounds: 20 });
    // Rows whose values sit on the thresholds, nudged by less than half a float32 ulp: as
    // float64 they differ from the threshold, as float32 they equal it.
    const rows: number[] = [];
    for (const t of m.trees.slice(0, 5)) {
      for (let i = 0; i < t.nodeCount; i++) {
        const thr = t.threshold[i]!;
        if (t.feature[i]! < 0 || !Number.isFinite(thr)) continue;
        const ulp = Math.abs(thr) * 2 ** -24 + 1e-45;
        for (const dx of [-0.25 * ulp, 0, 0.25 * ulp]) {
          const r = [0.1, -0.2, 0.3, 0.4, -0.5];
          r[t.feature[i]!] = thr + dx;
          rows.push(...r);
        }
      }
    }
    const x64 = Float64Array.from(rows);
    const x32 = Float32Array.from(rows);
    expect(x64.some((v, i) => v !== x32[i])).toBe(true);
    const n = rows.length / 5;
    expect(m.predictRaw({ data: x64, rows: n, cols: 5 })).toEqual(
      m.predictRaw({ data: x32, rows: n, cols: 5 }),
    );
  });
});

describe('gradient boosting, multiclass and regression', () => {
  it('separates three Gaussian blobs', () => {
    const centres = [
      [0, 0],
      [3, 3],
      [-3, 3],
    ] as const;
    const blobs = (n: number, seed: number) =>
      table(n, 2, seed, (x, rng) => {
        const c = rng.int(3);
        x[0] = x[0]! + centres[c]![0];
        x[1] = x[1]! + centres[c]![1];
        return c;
      });
    // `table` draws the row before the label: rebuild rows with the shifted values.
    const fix = (t: ReturnType<typeof blobs>, seed: number) => {
      const rng = new Random(seed, 'gbdt-test');
      for (let i = 0; i < t.X.rows; i++) {
        rng.normal();
        rng.normal();
        const c = rng.int(3);
        t.X.data[2 * i] = t.X.data[2 * i]! + centres[c]![0];
        t.X.data[2 * i + 1] = t.X.data[2 * i + 1]! + centres[c]![1];
      }
      return t;
    };
    const tr = fix(blobs(3000, 11), 11);
    const te = fix(blobs(1500, 12), 12);
    const m = trainGbdtSync(tr.X, tr.y, { loss: 'multiclass', rounds: 60 });
    expect(m.treesPerRound).toBe(3);
    expect(m.trees).toHaveLength(180);
    expect(accuracy(m.predict(te.X), te.y)).toBeGreaterThan(0.95);
    const p = m.predictProba(te.X);
    for (let i = 0; i < te.X.rows; i++)
      expect(p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]!).toBeCloseTo(1, 12);
  });

  it('fits y = sin(x) with small RMSE', () => {
    const rng = new Random(21);
    const gen = (n: number) => {
      const x = Float64Array.from({ length: n }, () => rng.uniform() * 2 * Math.PI);
      return {
        X: { data: x, rows: n, cols: 1 },
        y: x.map((v) => Math.sin(v) + 0.1 * rng.normal()),
      };
    };
    const tr = gen(4000);
    const te = gen(2000);
    const m = trainGbdtSync(tr.X, tr.y, { loss: 'squared', rounds: 200 });
    const pred = m.predict(te.X);
    let se = 0;
    for (let i = 0; i < te.X.rows; i++) se += (pred[i]! - Math.sin(te.X.data[i]!)) ** 2;
    // The noise sd is 0.1; the fit is much closer than that to the noise-free curve.
    expect(Math.sqrt(se / te.X.rows)).toBeLessThan(0.05);
  });

  it('brackets 80 % of held-out noise between the 0.1 and 0.9 pinball quantiles', () => {
    const rng = new Random(31);
    const gen = (n: number) => {
      const x = Float64Array.from({ length: n }, () => rng.uniform() * 2 * Math.PI);
      // Heteroscedastic noise: the interval must widen with x.
      return {
        X: { data: x, rows: n, cols: 1 },
        y: x.map((v) => Math.sin(v) + (0.1 + 0.1 * v) * rng.normal()),
      };
    };
    const tr = gen(6000);
    const te = gen(4000);
    const cfg = { loss: 'pinball', rounds: 150, maxDepth: 3, minChildSamples: 50 } as const;
    const lo = trainGbdtSync(tr.X, tr.y, { ...cfg, alpha: 0.1 }).predict(te.X);
    const hi = trainGbdtSync(tr.X, tr.y, { ...cfg, alpha: 0.9 }).predict(te.X);
    let inside = 0;
    for (let i = 0; i < te.X.rows; i++) if (te.y[i]! >= lo[i]! && te.y[i]! <= hi[i]!) inside++;
    expect(inside / te.X.rows).toBeGreaterThan(0.75);
    expect(inside / te.X.rows).toBeLessThan(0.85);
  });

  it('rejects bad labels, configs and feature counts with PDM_INPUT_INVALID', () => {
    const X = { data: new Float64Array(4), rows: 2, cols: 2 };
    expect(() => trainGbdtSync(X, [0, 2])).toThrow(/class label in \[0, 2\)/);
    expect(() => trainGbdtSync(X, [0, 1], { rounds: 0 })).toThrow(PdmError);
    expect(() => trainGbdtSync(X, [0, 1], { lambda: -1 })).toThrow(/lambda/);
    const m = trainGbdtSync(X, [0, 1], { rounds: 1 });
    expect(() => m.predict({ data: new Float64Array(3), rows: 1, cols: 3 })).toThrow(/2 features/);
    expect(() => m.predictProba(X)).not.toThrow();
  });
});
