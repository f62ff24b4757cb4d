/**
 * Exponential degradation model with Bayesian updating (Gebraeel, Lawley, Li & Ryan,
 * "Residual-life distributions from component degradation signals: a Bayesian approach",
 * IIE Transactions 37, 2005). A health indicator L(t) rises as L = phi + theta e^(beta t + e),
 * e ~ N(0, s^2): on the log scale S(t) = ln(L(t) - phi) = ln(theta) + beta t + e is a straight
 * line. Across a fleet, (ln theta, beta) ~ N(mu0, Sigma0), learnt from training units; for one
 * unit in service, each new observation updates that prior to a Gaussian posterior in closed
 * form (Bayesian linear regression with known noise). The unit fails when L reaches D, i.e. at
 * t_f = (ln(D - phi) - ln theta) / beta, so posterior samples of (ln theta, beta) give a
 * distribution of the remaining life t_f - t_now, and its quantiles give the RUL interval.
 */
import { PdmError } from '../../core/errors.js';
import { Random } from '../../core/random.js';

export interface DegradationPrior {
  readonly kind: 'exponential_degradation';
  /** Baseline of the indicator (its healthy level). */
  readonly phi: number;
  /** Indicator level at failure. */
  readonly threshold: number;
  /** Prior mean and covariance of (ln theta, beta); beta per time unit. */
  readonly mu: [number, number];
  readonly sigma: [number, number, number, number];
  /** Observation noise variance on the log scale. */
  readonly noiseVar: number;
  /** RUL reported when the indicator is not rising (beta <= 0), in time units. */
  readonly maxRul: number;
}

export interface UnitSeries {
  readonly t: ArrayLike<number>;
  readonly indicator: ArrayLike<number>;
}

function logPoints(u: UnitSeries, phi: number): { t: number[]; s: number[] } {
  const t: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < u.t.length; i++) {
    const l = u.indicator[i]!;
    if (Number.isFinite(l) && l - phi > 1e-9 && Number.isFinite(u.t[i]!)) {
      t.push(u.t[i]!);
      s.push(Math.log(l - phi));
    }
  }
  return { t, s };
}

function lineFit(t: number[], s: number[]): { a: number; b: number; resid: number } | null {
  const n = t.length;
  if (n < 3) return null;
  let st = 0;
  let ss = 0;
  let stt = 0;
  let sts = 0;
  for (let i = 0; i < n; i++) {
    st += t[i]!;
    ss += s[i]!;
    stt += t[i]! * t[i]!;
    sts += t[i]! * s[i]!;
  }
  const det = n * stt - st * st;
  if (!(det > 0)) return null;
  const b = (n * sts - st * ss) / det;
  const a = (ss - b * st) / n;
  let r = 0;
  for (let i = 0; i < n; i++) r += (s[i]! - a - b * t[i]!) ** 2;
  return { a, b, resid: r / Math.max(1, n - 2) };
}

/**
 * Learns the fleet prior from run-to-failure units (each series ends at its failure), with the
 * indicator's healthy baseline `phi`; the failure threshold is the median indicator at failure.
 */
export function fitDegradationPrior(
  units: readonly UnitSeries[],
  phi: number,
  maxRul: number,
): DegradationPrior {
  const params: [number, number][] = [];
  const finals: number[] = [];
  const resid: number[] = [];
  for (const u of units) {
    const { t, s } = logPoints(u, phi);
    const f = lineFit(t, s);
    if (f === null) continue;
    params.push([f.a, f.b]);
    resid.push(f.resid);
    const last = u.indicator[u.indicator.length - 1]!;
    if (Number.isFinite(last)) finals.push(last);
  }
  if (params.length < 2) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `fitDegradationPrior: need at least 2 units whose indicator rises above phi=${phi}, got ${params.length}`,
    );
  }
  const m = params.length;
  const mu: [number, number] = [
    params.reduce((a, p) => a + p[0], 0) / m,
    params.reduce((a, p) => a + p[1], 0) / m,
  ];
  let s00 = 0;
  let s01 = 0;
  let s11 = 0;
  for (const [a, b] of params) {
    s00 += (a - mu[0]) ** 2;
    s01 += (a - mu[0]) * (b - mu[1]);
    s11 += (b - mu[1]) ** 2;
  }
  const k = 1 / Math.max(1, m - 1);
  finals.sort((a, b) => a - b);
  const threshold = finals[Math.floor(finals.length / 2)]!;
  const noiseVar = resid.sort((a, b) => a - b)[Math.floor(resid.length / 2)]! || 1e-3;
  return {
    kind: 'exponential_degradation',
    phi,
    threshold,
    mu,
    // a small ridge keeps the prior proper when the fleet is small
    sigma: [s00 * k + 1e-6, s01 * k, s01 * k, s11 * k + 1e-12],
    noiseVar,
    maxRul,
  };
}

export interface Posterior {
  readonly mean: [number, number];
  readonly cov: [number, number, number, number];
}

/** Posterior of (ln theta, beta) after a unit's observations so far. */
export function posterior(p: DegradationPrior, u: UnitSeries): Posterior {
  const { t, s } = logPoints(u, p.phi);
  // Precision form: P = Sigma0^-1 + X^T X / s^2, P m = Sigma0^-1 mu0 + X^T S / s^2.
  const [a, b, , d] = p.sigma;
  const det0 = a * d - b * b;
  let p00 = d / det0;
  let p01 = -b / det0;
  let p11 = a / det0;
  let r0 = p00 * p.mu[0] + p01 * p.mu[1];
  let r1 = p01 * p.mu[0] + p11 * p.mu[1];
  const w = 1 / p.noiseVar;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    p00 += w;
    p01 += w * ti;
    p11 += w * ti * ti;
    r0 += w * s[i]!;
    r1 += w * ti * s[i]!;
  }
  const det = p00 * p11 - p01 * p01;
  const c00 = p11 / det;
  const c01 = -p01 / det;
  const c11 = p00 / det;
  return { mean: [c00 * r0 + c01 * r1, c01 * r0 + c11 * r1], cov: [c00, c01, c01, c11] };
}

/** RUL quantiles (time units) at time tNow from posterior samples (seeded). */
export function rulQuantiles(
  p: DegradationPrior,
  post: Posterior,
  tNow: number,
  quantiles: readonly number[],
  samples = 400,
  seed = 1,
): number[] {
  const rng = new Random(seed, 'rul-samples');
  const [c00, c01, , c11] = post.cov;
  // Cholesky of the 2 x 2 covariance
  const l00 = Math.sqrt(Math.max(c00, 0));
  const l10 = l00 > 0 ? c01 / l00 : 0;
  const l11 = Math.sqrt(Math.max(c11 - l10 * l10, 0));
  const target = Math.log(Math.max(p.threshold - p.phi, 1e-12));
  const out = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    const z0 = rng.normal();
    const z1 = rng.normal();
    const lnTheta = post.mean[0] + l00 * z0;
    const beta = post.mean[1] + l10 * z0 + l11 * z1;
    const rul = beta > 0 ? (target - lnTheta) / beta - tNow : p.maxRul;
    out[k] = Math.min(p.maxRul, Math.max(0, rul));
  }
  out.sort();
  return quantiles.map(
    (q) => out[Math.min(samples - 1, Math.max(0, Math.round(q * (samples - 1))))]!,
  );
}
