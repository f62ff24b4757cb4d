/**
 * Point-error metrics of remaining-useful-life (or any real-valued) predictions.
 * - RMSE = sqrt(mean((pred - true)^2)); MAE = mean(|pred - true|).
 * - R^2 = 1 - SS_res / SS_tot (coefficient of determination, scikit-learn `r2_score`). When the
 *   truth is constant (SS_tot = 0) it follows scikit-learn's default `force_finite=True`: 1 for a
 *   perfect prediction, 0 otherwise, instead of -Infinity or NaN.
 * - PHM08 score: Saxena, Goebel, Simon & Eklund, "Damage propagation modeling for aircraft engine
 *   run-to-failure simulation", PHM 2008, eq. 1. With d = predicted RUL - true RUL,
 *   s = sum_i (exp(-d_i / 13) - 1) for d_i < 0 (early) and (exp(d_i / 10) - 1) for d_i >= 0
 *   (late), so a late prediction costs more than an equally early one. A sum, not a mean: it
 *   grows with the number of units, and lower is better. The scales 13 and 10 were set for
 *   C-MAPSS cycles; callers working in hours may pass their own.
 */
import {
  requireFinite,
  requireFiniteScalar,
  requireNonEmpty,
  requireSameLength,
} from './validate.js';
import { PdmError } from '../../core/errors.js';

export interface Phm08Options {
  /** Scale of the penalty for early predictions (d < 0). Default 13 (the paper's a1). */
  earlyScale?: number;
  /** Scale of the penalty for late predictions (d >= 0). Default 10 (the paper's a2). */
  lateScale?: number;
}

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
  phm08: number;
}

function checkPair(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  requireNonEmpty('yTrue', yTrue);
  requireSameLength('yTrue', yTrue, 'yPred', yPred);
  requireFinite('yTrue', yTrue);
  requireFinite('yPred', yPred);
}

/** Root-mean-square error. */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yPred[i]! - yTrue[i]!) ** 2;
  return Math.sqrt(s / yTrue.length);
}

/** Mean absolute error. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yPred[i]! - yTrue[i]!);
  return s / yTrue.length;
}

/** Coefficient of determination (1 or 0 for a constant truth, as scikit-learn's default). */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(yTrue, yPred);
  let mean = 0;
  for (let i = 0; i < yTrue.length; i++) mean += yTrue[i]!;
  mean /= yTrue.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    ssRes += (yTrue[i]! - yPred[i]!) ** 2;
    ssTot += (yTrue[i]! - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** PHM08 asymmetric score, summed over rows (lower is better, 0 is perfect). */
export function phm08Score(
  rulTrue: ArrayLike<number>,
  rulPred: ArrayLike<number>,
  options: Phm08Options = {},
): number {
  checkPair(rulTrue, rulPred);
  const early = options.earlyScale ?? 13;
  const late = options.lateScale ?? 10;
  for (const [name, v] of [
    ['earlyScale', early],
    ['lateScale', late],
  ] as const) {
    requireFiniteScalar(name, v);
    if (v <= 0) throw new PdmError('PDM_INPUT_INVALID', `${name}: expected > 0, got ${v}`);
  }
  let s = 0;
  for (let i = 0; i < rulTrue.length; i++) {
    const d = rulPred[i]! - rulTrue[i]!;
    s += d < 0 ? Math.expm1(-d / early) : Math.expm1(d / late);
  }
  return s;
}

/** RMSE, MAE, R^2 and the PHM08 score under the metrics.json keys. */
export function regressionMetrics(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: Phm08Options = {},
): RegressionMetrics {
  return {
    rmse: rmse(yTrue, yPred),
    mae: mae(yTrue, yPred),
    r2: r2(yTrue, yPred),
    phm08: phm08Score(yTrue, yPred, options),
  };
}
