import { describe, expect, it } from 'vitest';
import { alphaLambdaAccuracy, type PrognosticUnit } from './alpha-lambda.js';

// Unit A: rows every 10 h from 0 to 90, true RUL 100 - t, so t_EoL = 90 + 10 = 100 h.
// t_lambda = 25, 50, 75 -> rows in force at 20, 50, 70 (true RUL 80, 50, 30).
// Predictions there: 95 (|15| <= 16, in), 61 (|11| > 10, out), 24 (|6| <= 6, in on the bound).
const timeA = Array.from({ length: 10 }, (_, i) => 10 * i);
const trueA = timeA.map((t) => 100 - t);
const predA = trueA.map((r, i) => (i === 2 ? 95 : i === 5 ? 61 : i === 7 ? 24 : r));

// Unit B: irregular rows, end of life given as 120 h. t_lambda = 30, 60, 90 -> rows 30, 45, 80
// (true RUL 90, 75, 40). Predictions 100 (in: |10| <= 18), 75 (in), 49 (out: |9| > 8).
const UNIT_B: PrognosticUnit = {
  unitId: 'B',
  timeH: [0, 30, 45, 80],
  rulTrueH: [120, 90, 75, 40],
  rulPredH: [130, 100, 75, 49],
  endOfLifeH: 120,
};
const UNITS: PrognosticUnit[] = [
  { unitId: 'A', timeH: timeA, rulTrueH: trueA, rulPredH: predA },
  UNIT_B,
];

describe('alpha-lambda accuracy', () => {
  it('evaluates the prediction in force at each t_lambda against its row’s truth', () => {
    const r = alphaLambdaAccuracy(UNITS);
    expect(r.points.map((p) => [p.unitId, p.evalTimeH, p.rowTimeH, p.accurate])).toEqual([
      ['A', 25, 20, true],
      ['A', 50, 50, false],
      ['A', 75, 70, true],
      ['B', 30, 30, true],
      ['B', 60, 45, true],
      ['B', 90, 80, false],
    ]);
    // Counted by hand: 4 of 6 points accurate; per lambda 2/2, 1/2, 1/2.
    expect(r.alpha_lambda).toBeCloseTo(4 / 6, 15);
    expect(r.per_lambda).toEqual([
      { lambda: 0.25, fraction: 1 },
      { lambda: 0.5, fraction: 0.5 },
      { lambda: 0.75, fraction: 0.5 },
    ]);
  });

  it('widens with alpha and accepts other lambdas', () => {
    // alpha = 0.3: A at 50 (|11| <= 15) and B at 90 (|9| <= 12) become accurate.
    expect(alphaLambdaAccuracy(UNITS, { alpha: 0.3 }).alpha_lambda).toBe(1);
    // lambda = 0: the first row of each unit (A exact, B |10| <= 24).
    expect(alphaLambdaAccuracy(UNITS, { lambdas: [0] }).alpha_lambda).toBe(1);
  });

  it('absorbs rounding in t_lambda (0.1 + 0.75 * 0.6 = 0.5499999999999999)', () => {
    const r = alphaLambdaAccuracy(
      [
        {
          unitId: 'u',
          timeH: [0.1, 0.55, 0.6],
          rulTrueH: [1, 1, 1],
          rulPredH: [1, 1, 1],
          endOfLifeH: 0.7,
        },
      ],
      { lambdas: [0.75] },
    );
    expect(r.points[0]!.rowTimeH).toBe(0.55);
  });

  it('rejects bad options and unordered or short series', () => {
    expect(() => alphaLambdaAccuracy(UNITS, { alpha: 0 })).toThrow(/alpha: expected a finite/);
    expect(() => alphaLambdaAccuracy(UNITS, { lambdas: [1.5] })).toThrow(
      /lambdas\[0\]: expected a value in \[0, 1\], got 1.5/,
    );
    expect(() => alphaLambdaAccuracy(UNITS, { lambdas: [0.5, 0.5] })).toThrow(/distinct/);
    expect(() => alphaLambdaAccuracy([{ ...UNIT_B, timeH: [0, 30, 30, 80] }])).toThrow(
      /units\[0\]\.timeH\[2\]: expected strictly increasing times/,
    );
    expect(() => alphaLambdaAccuracy([{ ...UNIT_B, rulPredH: [1] }])).toThrow(
      /units\[0\]\.rulPredH: expected the same length as units\[0\]\.timeH \(4\), got 1/,
    );
    expect(() => alphaLambdaAccuracy([{ ...UNIT_B, endOfLifeH: -1 }])).toThrow(
      /units\[0\]\.endOfLifeH: expected a time after the first prediction/,
    );
    expect(() => alphaLambdaAccuracy([])).toThrow(/units: expected at least one element/);
  });
});
