import { describe, expect, it } from 'vitest';
import { mae, phm08Score, r2, regressionMetrics, rmse } from './regression.js';

// Reference: numpy (np.sqrt(np.mean(d**2)), np.mean(abs(d)), 1 - SSres/SStot, and the PHM08 sum
// np.where(d < 0, np.exp(-d/13) - 1, np.exp(d/10) - 1).sum()) on these rows, d = pred - true.
const TRUE = [112, 98, 69, 82, 91, 10, 0];
const PRED = [100, 110, 69, 60, 95, 25, 3];

describe('point-error metrics', () => {
  it('match the numpy reference', () => {
    expect(rmse(TRUE, PRED)).toBeCloseTo(12.083045973594572, 12);
    expect(mae(TRUE, PRED)).toBeCloseTo(9.714285714285714, 12);
    expect(r2(TRUE, PRED)).toBeCloseTo(0.9113001215066828, 12);
  });

  it('give R^2 = 1 or 0 for a constant truth, as scikit-learn force_finite does', () => {
    expect(r2([5, 5, 5], [5, 5, 5])).toBe(1);
    expect(r2([5, 5, 5], [5, 6, 5])).toBe(0);
    expect(r2([1, 2, 3], [2, 2, 2])).toBe(0); // predicting the mean
  });

  it('reject mismatched and non-finite input', () => {
    expect(() => rmse([1, 2], [1])).toThrow(/yPred: expected the same length as yTrue \(2\)/);
    expect(() => mae([1, NaN], [1, 2])).toThrow(/yTrue\[1\]: expected a finite number, got NaN/);
    expect(() => r2([], [])).toThrow(/yTrue: expected at least one element/);
  });
});

describe('PHM08 score', () => {
  it('matches the numpy reference and penalises late more than early', () => {
    expect(phm08Score(TRUE, PRED)).toBeCloseTo(12.592514312968524, 12);
    // 12 early: e^(12/13) - 1 = 1.5170231739337448; 12 late: e^(12/10) - 1 = 2.3201169227365472.
    expect(phm08Score([112], [100])).toBeCloseTo(1.5170231739337448, 13);
    expect(phm08Score([98], [110])).toBeCloseTo(2.3201169227365472, 13);
    expect(phm08Score([50, 60], [50, 60])).toBe(0);
  });

  it('takes other scales (numpy with a1 = 20, a2 = 15) and rejects non-positive ones', () => {
    expect(phm08Score(TRUE, PRED, { earlyScale: 20, lateScale: 15 })).toBeCloseTo(
      6.297115511513577,
      12,
    );
    expect(() => phm08Score([1], [1], { lateScale: 0 })).toThrow(/lateScale: expected > 0, got 0/);
  });

  it('gathers everything under the metrics.json keys', () => {
    const m = regressionMetrics(TRUE, PRED);
    expect(Object.keys(m).sort()).toEqual(['mae', 'phm08', 'r2', 'rmse']);
    expect(m.phm08).toBeCloseTo(12.592514312968524, 12);
  });
});
