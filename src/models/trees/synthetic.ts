/**
 * Seeded synthetic tables for testing and benchmarking the tree learners: Gaussian features of
 * which the first `informative` drive the label through a nonlinear function (sines, products,
 * squares, thresholds), the rest are noise, and an optional share of values is NaN. In the
 * spirit of Friedman's (1991) benchmark functions and scikit-learn's `make_classification`.
 */
import { PdmError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import type { Matrix } from './matrix.js';

export interface SyntheticOptions {
  readonly rows: number;
  readonly features: number;
  /** Features that carry signal, <= features (default min(10, features)). */
  readonly informative?: number;
  /** 0 for regression, else the number of classes (default 2). */
  readonly classes?: number;
  /** Standard deviation of the noise added to the latent scores (default 0.5). */
  readonly noise?: number;
  /** Share of feature values replaced by NaN (default 0). */
  readonly missingRate?: number;
  readonly seed?: number;
}

export interface SyntheticTable {
  readonly X: Matrix;
  /** Class labels 0..classes-1, or values for regression. */
  readonly y: Float64Array;
}

/** A nonlinear basis of the informative features (8 terms per feature). */
function basis(x: Float32Array, o: number, m: number, j: number, out: Float64Array): void {
  const a = x[o + j]!;
  const b = x[o + ((j + 1) % m)]!;
  out[0] = a;
  out[1] = a * a - 1;
  out[2] = Math.sin(2 * a);
  out[3] = a * b;
  out[4] = a > 0.5 ? 1 : 0;
  out[5] = Math.abs(a) - 0.8;
  out[6] = Math.tanh(a * b);
  out[7] = Math.cos(a + b);
}

export function syntheticTable(o: SyntheticOptions): SyntheticTable {
  const { rows, features } = o;
  const m = o.informative ?? Math.min(10, features);
  const classes = o.classes ?? 2;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(features) || features < 1) {
    throw new PdmError('PDM_INPUT_INVALID', 'rows, features: expected integers >= 1');
  }
  if (!Number.isInteger(m) || m < 1 || m > features) {
    throw new PdmError('PDM_INPUT_INVALID', `informative: expected an integer in [1, ${features}]`);
  }
  if (!Number.isInteger(classes) || classes < 0 || classes === 1) {
    throw new PdmError('PDM_INPUT_INVALID', `classes: expected 0 (regression) or an integer >= 2`);
  }
  const seed = o.seed ?? 1;
  const noise = o.noise ?? 0.5;
  const missing = o.missingRate ?? 0;
  const outputs = Math.max(1, classes);
  const wRng = new Random(seed, 'synthetic', 'weights');
  const terms = 8 * m;
  const w = new Float64Array(outputs * terms);
  for (let i = 0; i < w.length; i++) w[i] = wRng.normal() / Math.sqrt(terms / 4);
  const xRng = new Random(seed, 'synthetic', 'features');
  const nRng = new Random(seed, 'synthetic', 'noise');
  const mRng = new Random(seed, 'synthetic', 'missing');
  const data = new Float32Array(rows * features);
  const y = new Float64Array(rows);
  const phi = new Float64Array(8);
  const score = new Float64Array(outputs);
  for (let i = 0; i < rows; i++) {
    const off = i * features;
    for (let f = 0; f < features; f++) data[off + f] = xRng.normal();
    score.fill(0);
    for (let j = 0; j < m; j++) {
      basis(data, off, m, j, phi);
      for (let k = 0; k < outputs; k++) {
        for (let t = 0; t < 8; t++) score[k] = score[k]! + w[k * terms + j * 8 + t]! * phi[t]!;
      }
    }
    for (let k = 0; k < outputs; k++) score[k] = score[k]! + noise * nRng.normal();
    if (classes === 0) y[i] = score[0]!;
    else if (classes === 2) y[i] = score[0]! > 0 ? 1 : 0;
    else {
      let best = 0;
      for (let k = 1; k < outputs; k++) if (score[k]! > score[best]!) best = k;
      y[i] = best;
    }
    if (missing > 0) {
      for (let f = 0; f < features; f++) if (mRng.uniform() < missing) data[off + f] = NaN;
    }
  }
  return { X: { data, rows, cols: features }, y };
}
