import { describe, expect, it } from 'vitest';
import { RobustScaler } from '../features/normalize.js';
import { fitIsolationForest } from './anomaly/isolation-forest.js';
import { fitMahalanobis } from './anomaly/mahalanobis.js';
import type { BundleBody } from './bundle.js';
import { sealBundle } from './bundle.js';
import { checkBundleModels } from './bundle-check.js';
import { scorerForTask } from './scorer.js';
import { trainForestSync, trainGbdtSync } from './trees/index.js';
import { trainMlp } from './nn/index.js';

// Two real models on three features: a horizon classifier (a > 0) and a Mahalanobis anomaly
// model of the same rows.
const n = 200;
const x = new Float64Array(n * 3);
const y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  for (let j = 0; j < 3; j++) x[i * 3 + j] = Math.sin(i * (j + 1.3)) * (j + 1);
  y[i] = x[i * 3]! > 0 ? 1 : 0;
}
const gbdt = trainGbdtSync({ data: x, rows: n, cols: 3 }, y, { rounds: 5 }).toJSON();
const rows = Array.from({ length: n }, (_, i) => x.subarray(i * 3, i * 3 + 3));
const scaler = RobustScaler.fit(rows).toJSON();
const maha = fitMahalanobis(x, n, 3);
const iforest = fitIsolationForest(x, n, 3, { trees: 5, sampleSize: 64 });

const body = (): BundleBody => ({
  format: 'pdm-twin/model-bundle',
  formatVersion: 1,
  name: 'test',
  version: '1',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'test',
  features: { names: ['a', 'b', 'c'], units: ['g', 'g', ''], normalization: null },
  data: { fingerprint: 'x', rows: n, machines: 2, timeUnit: 'h', horizon: 168, source: 'twin' },
  tasks: [
    {
      task: 'horizon',
      algo: 'gbdt',
      model: { kind: 'gbdt', model: gbdt },
      inputs: ['a', 'b', 'c'],
      thresholds: { probability: 0.7, debounce: 2, horizon: 168 },
      validationMetrics: {},
      config: {},
    },
    {
      task: 'anomaly',
      algo: 'mahalanobis',
      model: { kind: 'mahalanobis', model: maha },
      inputs: ['a', 'b', 'c'],
      thresholds: { score: 3, debounce: 2 },
      validationMetrics: {},
      config: { normalization: scaler },
    },
  ],
});

const check = (edit: (b: BundleBody) => void) => {
  const b = body();
  edit(b);
  return () => {
    checkBundleModels(sealBundle(b), 'm.json');
  };
};

describe('a bundle this runtime can run', () => {
  it('scores as many values per row as its scorer says (a binary classifier: both classes)', () => {
    for (const t of body().tasks) {
      const scorer = scorerForTask(t);
      const out = scorer.score({
        x,
        n,
        d: 3,
        machineIds: Array(n).fill('m'),
        time: new Float64Array(n),
      });
      expect(out.length, t.task).toBe(n * scorer.outputs);
    }
    expect(scorerForTask(body().tasks[0]!).outputs).toBe(2);
  });

  it("accepts a normaliser with its inputs' names, and real models", () => {
    expect(
      check((b) => (b.tasks[1]!.config.normalization = { ...scaler, names: ['a', 'b', 'c'] })),
    ).not.toThrow();
  });

  it('accepts real models', () => {
    expect(check(() => {})).not.toThrow();
    expect(
      check((b) => (b.tasks[1]!.model = { kind: 'isolation_forest', model: iforest })),
    ).not.toThrow();
  });

  it('accepts a two-class diagnosis network, which gives one probability per row', async () => {
    const m = await trainMlp({ data: x, rows: n, cols: 3 }, y, {
      task: 'binary',
      epochs: 2,
      seed: 1,
    });
    const fault = {
      task: 'fault' as const,
      algo: 'mlp',
      model: { kind: 'mlp', model: m.toJSON() },
      inputs: ['a', 'b', 'c'],
      classes: ['failure', 'normal'],
      thresholds: { probability: 0.3 },
      validationMetrics: {},
      config: { normalization: scaler },
    };
    expect(scorerForTask(fault).outputs).toBe(1);
    expect(check((b) => (b.tasks = [fault]))).not.toThrow();
  });

  it('refuses, naming the file and the task, what a signature cannot catch', () => {
    const cases: [(b: BundleBody) => void, RegExp][] = [
      [
        (b) => (b.tasks[0]!.model = 'garbage'),
        /m\.json: tasks\.0 \(horizon\) model\.kind: missing/,
      ],
      [
        (b) => (b.tasks[0]!.model = { kind: 'xgboost_v2' }),
        /"xgboost_v2"; this runtime reads gbdt, forest, mlp for horizon/,
      ],
      // a kind of another task
      [
        (b) => (b.tasks[1]!.model = { kind: 'gbdt', model: gbdt }),
        /tasks\.1 \(anomaly\) model\.kind/,
      ],
      [(b) => b.tasks.push(b.tasks[0]!), /tasks\.2 \(horizon\): a second horizon model/],
      [(b) => (b.tasks[0]!.inputs = ['a', 'zz']), /tasks\.0 \(horizon\) inputs: zz not among/],
      [(b) => (b.tasks[0]!.inputs = ['a', 'a']), /an input is listed twice/],
      [
        (b) => delete b.tasks[0]!.thresholds.probability,
        /tasks\.0 \(horizon\) thresholds: probability missing/,
      ],
      [(b) => delete b.tasks[1]!.thresholds.score, /thresholds: score missing/],
      // damaged fields inside a model
      [
        (b) => (b.tasks[0]!.model = { kind: 'gbdt', model: { ...gbdt, trees: 'x' } }),
        /tasks\.0 \(horizon\) model \(gbdt\): cannot be read: gbdt model JSON trees/,
      ],
      [
        (b) => (b.tasks[1]!.model = { kind: 'mahalanobis', model: { kind: 'mahalanobis' } }),
        /tasks\.1 \(anomaly\) model \(mahalanobis\): cannot be read/,
      ],
      [
        (b) => {
          const trees = iforest.trees.map((t) => ({ ...t, l: t.l.map((c) => (c > 0 ? 0 : c)) }));
          b.tasks[1]!.model = { kind: 'isolation_forest', model: { ...iforest, trees } };
        },
        /tasks\.1 \(anomaly\) model \(isolation_forest\): cannot be read: .*children follow their parents/,
      ],
      // a model of other width than its inputs
      [(b) => (b.tasks[0]!.inputs = ['a', 'b']), /tasks\.0 \(horizon\) model \(gbdt\)/],
      [(b) => (b.features.units = ['g']), /features\.units: 1 units for 3 features/],
      // an algorithm no release trains (the kind is right)
      [
        (b) => (b.tasks[0]!.algo = 'xgboost'),
        /tasks\.0 \(horizon\) algo: "xgboost"; horizon models are trained with gbdt, rf, tree, mlp/,
      ],
      [(b) => (b.tasks[1]!.algo = 'gbdt'), /tasks\.1 \(anomaly\) algo: "gbdt"/],
      // a normaliser of other width than the model's inputs, or of other names
      [
        (b) =>
          (b.tasks[1]!.config.normalization = {
            ...scaler,
            center: scaler.center.slice(0, 2),
            scale: scaler.scale.slice(0, 2),
          }),
        /tasks\.1 \(anomaly\) model \(mahalanobis\): cannot be read: config\.normalization: 2 features, but the model reads 3 inputs \(a, b, c\)/,
      ],
      [
        (b) => (b.tasks[1]!.config.normalization = { ...scaler, names: ['a', 'c', 'b'] }),
        /config\.normalization: 3 features \(a, c, b\), but the model reads 3 inputs \(a, b, c\)/,
      ],
      // a forest without trees
      [
        (b) => {
          const forest = trainForestSync({ data: x, rows: n, cols: 3 }, y, { trees: 2 }).toJSON();
          b.tasks[0]!.algo = 'rf';
          b.tasks[0]!.model = { kind: 'forest', model: { ...forest, trees: [] } };
        },
        /tasks\.0 \(horizon\) model \(forest\): cannot be read: .*trees/,
      ],
    ];
    for (const [edit, message] of cases) expect(check(edit), String(message)).toThrow(message);
  });
});
