import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isPdmError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { mlpFromJSON, trainMlp } from './mlp.js';
import { predictMlp } from './mlp-infer.js';
import { blobs, heteroscedasticLine, twoMoons } from './synthetic.js';

/** Share of rows whose arg-max (or p > 0.5 for one column) equals the label. */
function accuracy(p: Float64Array, y: Float64Array, k: number): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    if (k === 1) best = p[i]! > 0.5 ? 1 : 0;
    else for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
    if (best === y[i]) ok++;
  }
  return ok / y.length;
}

/** XOR of the signs of two coordinates around the corners (+-1, +-1), noise sd 0.2. */
function xor(n: number, seed: number): { x: FeatureMatrix; y: Float64Array } {
  const r = new Random(seed, 'xor');
  const data = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = r.uniform() < 0.5 ? -1 : 1;
    const b = r.uniform() < 0.5 ? -1 : 1;
    data[2 * i] = a + 0.2 * r.normal();
    data[2 * i + 1] = b + 0.2 * r.normal();
    y[i] = a === b ? 0 : 1;
  }
  return { x: { data, rows: n, cols: 2 }, y };
}

const FAST = { epochs: 30, batchSize: 32, learningRate: 0.01, dropout: 0 } as const;

describe('trainMlp', () => {
  it('learns XOR and two moons (> 95 % on fresh data)', async () => {
    const x1 = xor(400, 1);
    const m1 = await trainMlp(x1.x, x1.y, { ...FAST, hidden: [16, 8] });
    const t1 = xor(1000, 2);
    expect(accuracy(m1.predict(t1.x), t1.y, 1)).toBeGreaterThan(0.95);

    const moons = twoMoons(600, 0.1, 1);
    const m2 = await trainMlp(moons.x, moons.y, { ...FAST, hidden: [32, 16] });
    const t2 = twoMoons(1000, 0.1, 2);
    expect(accuracy(m2.predict(t2.x), t2.y, 1)).toBeGreaterThan(0.95);
  });

  it('classifies three Gaussian blobs with softmax probabilities', async () => {
    const d = blobs(600, 3, 4, 0.8, 1);
    const m = await trainMlp(d.x, d.y, { ...FAST, epochs: 15, task: 'multiclass' });
    const t = blobs(900, 3, 4, 0.8, 2);
    const p = m.predict(t.x);
    expect(p.length).toBe(900 * 3);
    expect(accuracy(p, t.y, 3)).toBeGreaterThan(0.95);
    for (let i = 0; i < 900; i++)
      expect(p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]!).toBeCloseTo(1, 12);
  });

  it('fits quantiles of y = x + (0.2 + 0.3|x|) e: 80 % +- 5 % between q0.1 and q0.9', async () => {
    const d = heteroscedasticLine(2000, 1);
    const m = await trainMlp(d.x, d.y, {
      ...FAST,
      batchSize: 64,
      epochs: 40,
      task: 'regression',
      quantiles: [0.1, 0.5, 0.9],
    });
    const t = heteroscedasticLine(4000, 2);
    const p = m.predict(t.x);
    let inside = 0;
    for (let i = 0; i < 4000; i++) {
      const [lo, mid, hi] = [p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!];
      expect(lo).toBeLessThanOrEqual(mid); // monotone by construction
      expect(mid).toBeLessThanOrEqual(hi);
      if (t.y[i]! >= lo && t.y[i]! <= hi) inside++;
    }
    expect(inside / 4000).toBeGreaterThan(0.75);
    expect(inside / 4000).toBeLessThan(0.85);
    // The interval widens with |x| as the noise sd 0.2 + 0.3|x| does: the exact width is
    // 2 * 1.2816 * sd (0.51 at x = 0, 1.90 at x = 1.8).
    const width = (x: number) => {
      const q = predictMlp(m.json, [x]);
      return q[2]! - q[0]!;
    };
    expect(width(1.8)).toBeGreaterThan(1.5 * width(0));
    expect(Math.abs(width(1.8) / (2 * 1.2816 * 0.74) - 1)).toBeLessThan(0.25);
  });

  it('stops early on a validation set and keeps the best epoch', async () => {
    // Labels independent of the features: the validation loss can only get worse.
    const r = new Random(5, 'noise');
    const make = (n: number) => {
      const data = new Float64Array(n * 4).map(() => r.normal());
      return { x: { data, rows: n, cols: 4 }, y: new Float64Array(n).map(() => r.int(2)) };
    };
    const train = make(200);
    const valid = make(200);
    const seen: number[] = [];
    const m = await trainMlp(
      train.x,
      train.y,
      { ...FAST, epochs: 200, hidden: [64, 64], earlyStoppingPatience: 3 },
      { valid, onEpoch: (p) => seen.push(p.valLoss ?? NaN) },
    );
    const s = m.json.training;
    expect(s.stopReason).toBe('early-stopping');
    expect(s.epochs).toBeLessThan(200);
    expect(s.epochs).toBe(s.bestEpoch + 3);
    expect(seen).toHaveLength(s.epochs);
    expect(s.bestValLoss).toBe(Math.min(...seen));
    // The restored weights are the best epoch's: their validation log-loss is bestValLoss.
    const p = m.predict(valid.x);
    let loss = 0;
    for (let i = 0; i < 200; i++) loss -= Math.log(valid.y[i] === 1 ? p[i]! : 1 - p[i]!) / 200;
    expect(loss).toBeCloseTo(s.bestValLoss!, 5);
  });

  it('gives bit-identical weights for the same seed, other weights for another', async () => {
    const d = twoMoons(300, 0.2, 3);
    const cfg = { ...FAST, epochs: 3, dropout: 0.2 };
    const a = await trainMlp(d.x, d.y, { ...cfg, seed: 7 });
    const b = await trainMlp(d.x, d.y, { ...cfg, seed: 7 });
    const c = await trainMlp(d.x, d.y, { ...cfg, seed: 8 });
    expect(b.json.layers).toEqual(a.json.layers);
    expect(c.json.layers[0]!.weights).not.toEqual(a.json.layers[0]!.weights);
  });

  it('round-trips through JSON; pure TypeScript inference matches tfjs to 1e-5', async () => {
    const d = blobs(400, 3, 6, 1.5, 4);
    const m = await trainMlp(d.x, d.y, { ...FAST, epochs: 5, task: 'multiclass' });
    const loaded = mlpFromJSON(JSON.parse(JSON.stringify(m)));
    expect(loaded.json).toEqual(m.json);
    const pure = loaded.predict(d.x);
    expect(pure).toEqual(m.predict(d.x));
    const viaTf = await loaded.predictTf(d.x);
    for (let i = 0; i < pure.length; i++) expect(Math.abs(pure[i]! - viaTf[i]!)).toBeLessThan(1e-5);
    expect(predictMlp(loaded.json, d.x.data.subarray(0, 6))).toEqual(pure.subarray(0, 3));
  });

  it('reads NaN as missing: an indicator input per column that had NaN', async () => {
    const d = twoMoons(400, 0.1, 5);
    const data = Float64Array.from(d.x.data);
    for (let i = 0; i < 400; i += 7) data[2 * i + 1] = NaN;
    const m = await trainMlp({ ...d.x, data }, d.y, { ...FAST, epochs: 5 });
    expect(m.json.input.missingIndicators).toEqual([1]);
    expect(m.json.layers[0]!.inputs).toBe(3);
    const p = predictMlp(m.json, [0.5, NaN]);
    expect(Number.isFinite(p[0])).toBe(true);
    const off = await trainMlp({ ...d.x, data }, d.y, {
      ...FAST,
      epochs: 1,
      missingIndicators: false,
    });
    expect(off.json.input.missingIndicators).toEqual([]);
  });

  it("raises minority recall with classWeights 'balanced'", async () => {
    // 10 % positives, overlapping with the negatives.
    const r = new Random(6, 'imbalanced');
    const n = 1000;
    const data = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 10 === 0 ? 1 : 0;
      data[i] = (y[i] === 1 ? 1 : 0) + r.normal();
    }
    const x = { data, rows: n, cols: 1 };
    const recall = (p: Float64Array) => {
      let tp = 0;
      for (let i = 0; i < n; i += 10) if (p[i]! > 0.5) tp++;
      return tp / (n / 10);
    };
    const cfg = { ...FAST, epochs: 10, hidden: [8] };
    const plain = await trainMlp(x, y, cfg);
    const balanced = await trainMlp(x, y, { ...cfg, classWeights: 'balanced' });
    expect(recall(plain.predict(x))).toBeLessThan(0.2);
    expect(recall(balanced.predict(x))).toBeGreaterThan(0.5);
  });

  it('leaks no tensor in training and tfjs prediction', async () => {
    const d = twoMoons(200, 0.1, 9);
    await trainMlp(d.x, d.y, { epochs: 1 }); // the backend and Adam's first state
    const before = tf.memory().numTensors;
    const m = await trainMlp(d.x, d.y, { epochs: 2, dropout: 0.3, clipNorm: 1 });
    await m.predictTf(d.x);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops after the current epoch when aborted', async () => {
    const d = twoMoons(200, 0.1, 7);
    const ac = new AbortController();
    const m = await trainMlp(
      d.x,
      d.y,
      { ...FAST, epochs: 100 },
      {
        signal: ac.signal,
        onEpoch: (p) => {
          if (p.epoch === 2) ac.abort();
        },
      },
    );
    expect(m.json.training.stopReason).toBe('aborted');
    expect(m.json.training.epochs).toBe(2);
  });

  it('rejects bad configs, labels and JSON with PDM_INPUT_INVALID', async () => {
    const d = twoMoons(50, 0.1, 8);
    const code = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (err) {
        return isPdmError(err) ? `${err.code}: ${err.message}` : String(err);
      }
      return 'no error';
    };
    expect(await code(() => trainMlp(d.x, d.y, { hiden: [3] } as never))).toMatch(
      /PDM_INPUT_INVALID: mlp: unknown key\(s\) "hiden"/,
    );
    expect(await code(() => trainMlp(d.x, d.y, { quantiles: [0.5] }))).toMatch(
      /mlp.quantiles: only for task 'regression'/,
    );
    const three = Float64Array.from(d.y, (v, i) => (i === 3 ? 2 : v));
    expect(await code(() => trainMlp(d.x, three))).toMatch(
      /y\[3\]: expected an integer class label/,
    );
    const m = await trainMlp(d.x, d.y, { epochs: 1 });
    const broken = {
      ...m.json,
      layers: [{ ...m.json.layers[0]!, bias: [1] }, ...m.json.layers.slice(1)],
    };
    expect(() => mlpFromJSON(broken)).toThrow(/mlp.layers\[0\].bias: expected/);
  });
});
