/**
 * Losses for gradient boosting, each with its gradient and hessian with respect to the raw
 * score F (Friedman 2001, "Greedy function approximation: a gradient boosting machine";
 * second-order steps as in XGBoost, Chen & Guestrin 2016):
 *
 *   binary      log(1 + e^F) - yF           g = p - y        h = p(1 - p),  p = sigmoid(F)
 *   multiclass  logsumexp(F) - F_y          g = p_k - [y=k]  h = p_k(1 - p_k), p = softmax(F)
 *   squared     (F - y)^2 / 2               g = F - y        h = 1
 *   pinball     alpha (y-F)+ + (1-alpha) (F-y)+   g = -alpha if y >= F else 1 - alpha, h = 1
 *
 * The pinball loss has no useful hessian, so its leaves are refitted to the alpha-quantile of
 * the residuals y - F of their rows (Friedman 2001, section 4.3; LightGBM and scikit-learn do
 * the same). Reported losses are means: log-loss, cross-entropy, mean squared error (without
 * the 1/2) and mean pinball loss.
 */
import type { GbdtLoss } from './gbdt-config.js';

export interface Loss {
  readonly kind: GbdtLoss;
  /** Raw scores per row: trees per round. */
  readonly outputs: number;
  /** Upper bound of the hessians. */
  readonly maxHessian: number;
  /** The quantile of the pinball loss, whose leaves are refitted to residual quantiles; else null. */
  readonly quantile: number | null;
  /** Initial raw scores, as float32 numbers. */
  baseScore(y: Float64Array): Float64Array;
  /** Once per round for rows [from, to): multiclass writes softmax probabilities to `proba`. */
  prepare(raw: Float64Array, proba: Float64Array, from: number, to: number): void;
  /** Gradients and hessians of output k of rows idx[from..to), interleaved in gh. */
  gradients(
    raw: Float64Array,
    proba: Float64Array,
    y: Float64Array,
    k: number,
    idx: Uint32Array,
    from: number,
    to: number,
    gh: Float64Array,
  ): void;
  /** Mean loss of raw scores (rows x outputs) against y. */
  value(raw: Float64Array, y: Float64Array): number;
}

const EPS = 1e-12;
const MIN_HESSIAN = 1e-16;

export function makeLoss(kind: GbdtLoss, nClasses: number, alpha: number): Loss {
  switch (kind) {
    case 'binary':
      return binaryLoss;
    case 'multiclass':
      return new SoftmaxLoss(nClasses);
    case 'squared':
      return squaredLoss;
    case 'pinball':
      return pinballLoss(alpha);
  }
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

const binaryLoss: Loss = {
  kind: 'binary',
  outputs: 1,
  maxHessian: 0.25,
  quantile: null,
  baseScore(y) {
    let s = 0;
    for (const v of y) s += v;
    const p = Math.min(1 - EPS, Math.max(EPS, s / y.length));
    return Float64Array.of(Math.fround(Math.log(p / (1 - p))));
  },
  prepare() {
    // Nothing to precompute.
  },
  gradients(raw, _proba, y, _k, idx, from, to, gh) {
    for (let j = from; j < to; j++) {
      const i = idx[j]!;
      const p = sigmoid(raw[i]!);
      gh[2 * i] = p - y[i]!;
      gh[2 * i + 1] = Math.max(p * (1 - p), MIN_HESSIAN);
    }
  },
  value(raw, y) {
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const f = raw[i]!;
      s += (f > 0 ? f + Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f))) - y[i]! * f;
    }
    return s / y.length;
  },
};

class SoftmaxLoss implements Loss {
  readonly kind = 'multiclass' as const;
  readonly outputs: number;
  readonly maxHessian = 0.25;
  readonly quantile = null;

  constructor(nClasses: number) {
    this.outputs = nClasses;
  }

  baseScore(y: Float64Array): Float64Array {
    const k = this.outputs;
    const counts = new Float64Array(k);
    for (const v of y) counts[v]!++;
    return counts.map((c) => Math.fround(Math.log(Math.max(c / y.length, EPS))));
  }

  prepare(raw: Float64Array, proba: Float64Array, from: number, to: number): void {
    const K = this.outputs;
    softmaxRows(raw.subarray(from * K, to * K), K, proba.subarray(from * K, to * K));
  }

  gradients(
    _raw: Float64Array,
    proba: Float64Array,
    y: Float64Array,
    k: number,
    idx: Uint32Array,
    from: number,
    to: number,
    gh: Float64Array,
  ): void {
    const K = this.outputs;
    for (let j = from; j < to; j++) {
      const i = idx[j]!;
      const pk = proba[i * K + k]!;
      gh[2 * i] = y[i] === k ? pk - 1 : pk;
      gh[2 * i + 1] = Math.max(pk * (1 - pk), MIN_HESSIAN);
    }
  }

  value(raw: Float64Array, y: Float64Array): number {
    const K = this.outputs;
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      let m = -Infinity;
      for (let k = 0; k < K; k++) m = Math.max(m, raw[i * K + k]!);
      let z = 0;
      for (let k = 0; k < K; k++) z += Math.exp(raw[i * K + k]! - m);
      s += m + Math.log(z) - raw[i * K + y[i]!]!;
    }
    return s / y.length;
  }
}

/** Row-wise softmax of a rows x k matrix into out. */
export function softmaxRows(raw: Float64Array, k: number, out: Float64Array): void {
  for (let o = 0; o < raw.length; o += k) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, raw[o + j]!);
    let z = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(raw[o + j]! - m);
      out[o + j] = e;
      z += e;
    }
    for (let j = 0; j < k; j++) out[o + j] = out[o + j]! / z;
  }
}

const squaredLoss: Loss = {
  kind: 'squared',
  outputs: 1,
  maxHessian: 1,
  quantile: null,
  baseScore(y) {
    let s = 0;
    for (const v of y) s += v;
    return Float64Array.of(Math.fround(s / y.length));
  },
  prepare() {
    // Nothing to precompute.
  },
  gradients(raw, _proba, y, _k, idx, from, to, gh) {
    for (let j = from; j < to; j++) {
      const i = idx[j]!;
      gh[2 * i] = raw[i]! - y[i]!;
      gh[2 * i + 1] = 1;
    }
  },
  value(raw, y) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (raw[i]! - y[i]!) ** 2;
    return s / y.length;
  },
};

function pinballLoss(alpha: number): Loss {
  return {
    kind: 'pinball',
    outputs: 1,
    maxHessian: 1,
    quantile: alpha,
    baseScore(y) {
      return Float64Array.of(Math.fround(quantileInPlace(y.slice(), y.length, alpha)));
    },
    prepare() {
      // Nothing to precompute.
    },
    gradients(raw, _proba, y, _k, idx, from, to, gh) {
      for (let j = from; j < to; j++) {
        const i = idx[j]!;
        gh[2 * i] = y[i]! >= raw[i]! ? -alpha : 1 - alpha;
        gh[2 * i + 1] = 1;
      }
    },
    value(raw, y) {
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const d = y[i]! - raw[i]!;
        s += d >= 0 ? alpha * d : (alpha - 1) * d;
      }
      return s / y.length;
    },
  };
}

/** The q-quantile of values[0..m) (linear interpolation between order statistics); sorts them. */
export function quantileInPlace(values: Float64Array, m: number, q: number): number {
  if (m === 0) return 0;
  const s = values.subarray(0, m).sort();
  const pos = q * (m - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, m - 1);
  return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!);
}
