/**
 * Alpha-lambda accuracy of RUL predictions: Saxena, Celaya, Saha, Saha & Goebel, "Metrics for
 * offline evaluation of prognostic performance", IJPHM 1(1), 2010, section 6.3. A prediction
 * is accurate at time t_lambda when (1 - alpha) r*(t) <= r(t) <= (1 + alpha) r*(t).
 *
 * What is implemented, per unit (a machine's run to failure, rows in time order):
 * - t_P = the unit's first row time (its first prediction); t_EoL = `endOfLifeH` if given, else
 *   the last row's time plus its true RUL (the failure time the truth implies).
 * - For each lambda in [0, 1]: t_lambda = t_P + lambda (t_EoL - t_P). The prediction evaluated is
 *   the one in force at t_lambda: the last row with time <= t_lambda (a 1e-9 relative tolerance
 *   absorbs rounding in t_lambda). Its predicted RUL is compared with that same row's true RUL,
 *   so no extrapolation between rows is made.
 * - The point is accurate when |pred - true| <= alpha * true (bounds inclusive).
 * - `alpha_lambda` = accurate points / all points, over every unit and lambda; `per_lambda` gives
 *   the same fraction for each lambda over units (the paper's binary outcome per lambda, pooled).
 * Defaults: alpha = 0.2, lambda in {0.25, 0.5, 0.75}.
 */
import { PdmError } from '../../core/errors.js';
import {
  requireFinite,
  requireFiniteScalar,
  requireNonEmpty,
  requireSameLength,
} from './validate.js';

export interface PrognosticUnit {
  unitId: string;
  /** Prediction times, strictly increasing. */
  timeH: ArrayLike<number>;
  rulTrueH: ArrayLike<number>;
  rulPredH: ArrayLike<number>;
  /** End of life; default timeH[last] + rulTrueH[last]. */
  endOfLifeH?: number;
}

export interface AlphaLambdaOptions {
  /** Relative half-width of the accuracy cone. Default 0.2. */
  alpha?: number;
  /** Fractions of the span from first prediction to end of life. Default [0.25, 0.5, 0.75]. */
  lambdas?: readonly number[];
}

export interface AlphaLambdaPoint {
  unitId: string;
  lambda: number;
  /** t_lambda, the evaluation time. */
  evalTimeH: number;
  /** Time of the row whose prediction was in force at t_lambda. */
  rowTimeH: number;
  rulTrueH: number;
  rulPredH: number;
  accurate: boolean;
}

export interface AlphaLambdaResult {
  alpha_lambda: number;
  per_lambda: { lambda: number; fraction: number }[];
  points: AlphaLambdaPoint[];
}

function checkUnit(u: PrognosticUnit, k: number): number {
  const at = `units[${k}]`;
  requireNonEmpty(`${at}.timeH`, u.timeH);
  requireSameLength(`${at}.timeH`, u.timeH, `${at}.rulTrueH`, u.rulTrueH);
  requireSameLength(`${at}.timeH`, u.timeH, `${at}.rulPredH`, u.rulPredH);
  requireFinite(`${at}.timeH`, u.timeH);
  requireFinite(`${at}.rulTrueH`, u.rulTrueH);
  requireFinite(`${at}.rulPredH`, u.rulPredH);
  for (let i = 1; i < u.timeH.length; i++) {
    if (!(u.timeH[i]! > u.timeH[i - 1]!)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${at}.timeH[${i}]: expected strictly increasing times, got ${u.timeH[i]!} after ${u.timeH[i - 1]!}`,
      );
    }
  }
  const last = u.timeH.length - 1;
  const eol = u.endOfLifeH ?? u.timeH[last]! + u.rulTrueH[last]!;
  requireFiniteScalar(`${at}.endOfLifeH`, eol);
  if (!(eol > u.timeH[0]!)) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${at}.endOfLifeH: expected a time after the first prediction (${u.timeH[0]!}), got ${eol}`,
    );
  }
  return eol;
}

/** Alpha-lambda accuracy over units' RUL prediction series (see the file header). */
export function alphaLambdaAccuracy(
  units: readonly PrognosticUnit[],
  options: AlphaLambdaOptions = {},
): AlphaLambdaResult {
  const alpha = options.alpha ?? 0.2;
  const lambdas = options.lambdas ?? [0.25, 0.5, 0.75];
  if (!(alpha > 0 && Number.isFinite(alpha))) {
    throw new PdmError('PDM_INPUT_INVALID', `alpha: expected a finite number > 0, got ${alpha}`);
  }
  requireNonEmpty('lambdas', lambdas);
  lambdas.forEach((l, i) => {
    if (!(l >= 0 && l <= 1)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `lambdas[${i}]: expected a value in [0, 1], got ${l}`,
      );
    }
  });
  if (new Set(lambdas).size !== lambdas.length) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `lambdas: expected distinct values, got ${lambdas.join(', ')}`,
    );
  }
  requireNonEmpty('units', units);
  const points: AlphaLambdaPoint[] = [];
  units.forEach((u, k) => {
    const eol = checkUnit(u, k);
    const tP = u.timeH[0]!;
    for (const lambda of lambdas) {
      const evalTimeH = tP + lambda * (eol - tP);
      const limit = evalTimeH + 1e-9 * Math.max(1, Math.abs(evalTimeH));
      let row = 0;
      while (row + 1 < u.timeH.length && u.timeH[row + 1]! <= limit) row++;
      const rulTrueH = u.rulTrueH[row]!;
      const rulPredH = u.rulPredH[row]!;
      points.push({
        unitId: u.unitId,
        lambda,
        evalTimeH,
        rowTimeH: u.timeH[row]!,
        rulTrueH,
        rulPredH,
        accurate: Math.abs(rulPredH - rulTrueH) <= alpha * rulTrueH,
      });
    }
  });
  const fraction = (ps: readonly AlphaLambdaPoint[]): number =>
    ps.filter((p) => p.accurate).length / ps.length;
  return {
    alpha_lambda: fraction(points),
    per_lambda: lambdas.map((lambda) => ({
      lambda,
      fraction: fraction(points.filter((p) => p.lambda === lambda)),
    })),
    points,
  };
}
