import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import {
  averagePrecision,
  mannWhitneyAuc,
  ovrAveragePrecision,
  ovrRocAuc,
  precisionRecallCurve,
  rankingMetrics,
  rocAuc,
  rocCurve,
} from './ranking.js';

const close = (actual: ArrayLike<number>, expected: readonly number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => {
    expect(actual[i]).toBeCloseTo(v, 12);
  });
};

// scikit-learn's own docstring examples (sklearn.metrics.roc_curve, precision_recall_curve,
// average_precision_score), truth [0, 0, 1, 1] and scores [0.1, 0.4, 0.35, 0.8].
const DOC_Y = [0, 0, 1, 1];
const DOC_S = [0.1, 0.4, 0.35, 0.8];

// A case with tied scores across classes (0.8, 0.4) and within a class (0.2), and a collinear
// stretch (0.8 -> 0.7 -> 0.6 adds negatives only). Reference: numpy, by brute force over the
// distinct thresholds (score >= t) and over all positive/negative pairs.
const Y = [1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0];
const S = [0.95, 0.9, 0.8, 0.8, 0.7, 0.6, 0.5, 0.4, 0.4, 0.2, 0.2];

describe('ROC curve', () => {
  it('reproduces the scikit-learn docstring example', () => {
    const c = rocCurve(DOC_Y, DOC_S);
    close(c.fpr, [0, 0, 0.5, 0.5, 1]);
    close(c.tpr, [0, 0.5, 0.5, 1, 1]);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
    expect(rocAuc(DOC_Y, DOC_S)).toBeCloseTo(0.75, 14);
  });

  it('groups tied scores into one step and keeps every point without the drop', () => {
    const c = rocCurve(Y, S, { dropIntermediate: false });
    close(c.fpr, [0, 0, 0, 1 / 6, 1 / 3, 0.5, 0.5, 2 / 3, 1]);
    close(c.tpr, [0, 0.2, 0.4, 0.6, 0.6, 0.6, 0.8, 1, 1]);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.2]);
  });

  it('drops collinear points as scikit-learn does (before prepending the origin)', () => {
    // numpy, sklearn's rule: keep i where diff(fps, 2) or diff(tps, 2) is non-zero, plus ends.
    // Only 0.7 goes: (1/6, 0.6) -> (1/3, 0.6) -> (1/2, 0.6) is a straight run.
    const c = rocCurve(Y, S);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.95, 0.9, 0.8, 0.6, 0.5, 0.4, 0.2]);
    close(c.fpr, [0, 0, 0, 1 / 6, 0.5, 0.5, 2 / 3, 1]);
  });

  it('has the area of the Mann-Whitney statistic with ties counted 1/2', () => {
    // numpy pair count: 23 of the 30 pairs ranked right (two tied pairs count 1/2) = 0.7666...
    expect(rocAuc(Y, S)).toBeCloseTo(0.7666666666666667, 14);
    expect(mannWhitneyAuc(Y, S)).toBeCloseTo(0.7666666666666667, 14);
    expect(
      rocAuc(
        Y.map((v) => v === 1),
        S,
      ),
    ).toBeCloseTo(0.7666666666666667, 14);
  });

  it('agrees with the rank statistic and a direct pair count on random tied data', () => {
    const rng = new Random(7, 'ranking-test');
    for (let trial = 0; trial < 20; trial++) {
      const n = 30 + trial * 7;
      const y = Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 1 : 0));
      // Ten score levels so ties are frequent; positives lean higher.
      const s = y.map((v) => Math.floor((rng.uniform() + 0.3 * v) * 10) / 10);
      let pairs = 0;
      let wins = 0;
      y.forEach((yi, i) => {
        y.forEach((yj, j) => {
          if (yi === 1 && yj === 0) {
            pairs++;
            wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
          }
        });
      });
      expect(rocAuc(y, s)).toBeCloseTo(wins / pairs, 12);
      expect(mannWhitneyAuc(y, s)).toBeCloseTo(wins / pairs, 12);
    }
  });
});

describe('precision-recall and average precision', () => {
  it('reproduces the scikit-learn docstring example', () => {
    const c = precisionRecallCurve(DOC_Y, DOC_S);
    close(c.precision, [0.5, 2 / 3, 0.5, 1, 1]);
    close(c.recall, [1, 1, 0.5, 0.5, 0]);
    expect(Array.from(c.thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
    expect(averagePrecision(DOC_Y, DOC_S)).toBeCloseTo(0.8333333333333333, 14);
  });

  it('sums (R_n - R_{n-1}) P_n over tied thresholds', () => {
    // numpy brute force over distinct thresholds: 0.2*1 + 0.2*1 + 0.2*0.75 + 0.2*4/7 + 0.2*5/9.
    expect(averagePrecision(Y, S)).toBeCloseTo(0.7753968253968254, 14);
    // a perfect ranking is exactly 1, whatever the counts (the recall steps summed as
    // fractions gave 1.0000000000000002 for 48 positives among 96)
    for (const [pos, neg] of [
      [48, 48],
      [40, 56],
      [7, 3],
      [13, 17],
    ] as const) {
      const y = Array.from({ length: pos + neg }, (_, i) => (i < pos ? 1 : 0));
      const s = y.map((v, i) => (v === 1 ? 2 + i : -i));
      expect(averagePrecision(y, s)).toBe(1);
    }
    expect(rankingMetrics(Y, S)).toEqual({
      roc_auc: rocAuc(Y, S),
      pr_auc: averagePrecision(Y, S),
    });
  });
});

describe('degenerate and invalid input', () => {
  it('returns NaN when the truth holds one class only', () => {
    for (const y of [
      [1, 1, 1],
      [0, 0, 0],
    ]) {
      expect(rocAuc(y, [0.1, 0.5, 0.9])).toBeNaN();
      expect(mannWhitneyAuc(y, [0.1, 0.5, 0.9])).toBeNaN();
      expect(averagePrecision(y, [0.1, 0.5, 0.9])).toBeNaN();
    }
    expect(Array.from(rocCurve([0, 0], [0.1, 0.2]).tpr).every(Number.isNaN)).toBe(true);
    expect(Array.from(precisionRecallCurve([0, 0], [0.1, 0.2]).recall.slice(0, -1))).toEqual([
      NaN,
      NaN,
    ]);
  });

  it('rejects bad labels, non-finite scores and length mismatches', () => {
    expect(() => rocAuc([0, 2], [0.1, 0.2])).toThrow(/yTrue\[1\]: expected 0, 1, true or false/);
    expect(() => rocAuc([0, 1], [0.1, NaN])).toThrow(/scores\[1\]: expected a finite number/);
    expect(() => averagePrecision([0, 1], [0.1])).toThrow(/scores: expected the same length/);
    expect(() => rocAuc([], [])).toThrow(/yTrue: expected at least one element/);
  });
});

describe('one-vs-rest macro averages', () => {
  const labels = ['ok', 'inner', 'outer', 'cage'] as const;
  const yTrue = ['ok', 'ok', 'inner', 'outer', 'inner', 'ok', 'outer', 'outer', 'inner'] as const;
  const proba = [
    [0.7, 0.2, 0.1, 0],
    [0.5, 0.3, 0.2, 0],
    [0.2, 0.6, 0.2, 0],
    [0.1, 0.3, 0.6, 0],
    [0.4, 0.4, 0.2, 0],
    [0.3, 0.3, 0.4, 0],
    [0.2, 0.2, 0.6, 0],
    [0.5, 0.1, 0.4, 0],
    [0.3, 0.3, 0.4, 0],
  ];

  // Reference: numpy, per column: pair-count AUC and brute-force AP against (truth == label).
  it('averages per-class ROC-AUC over the classes present, listing the absent one', () => {
    const r = ovrRocAuc(yTrue, proba, labels);
    close(
      r.per_class.slice(0, 3).map((c) => c.value),
      [0.8333333333333334, 0.9166666666666666, 0.9444444444444444],
    );
    expect(r.per_class[3]!.value).toBeNaN();
    expect(r.undefined_classes).toEqual(['cage']);
    expect(r.macro).toBeCloseTo(0.8981481481481483, 14);
  });

  it('averages per-class average precision the same way', () => {
    const r = ovrAveragePrecision(yTrue, proba, labels);
    close(
      r.per_class.slice(0, 3).map((c) => c.value),
      [0.7222222222222222, 0.8333333333333333, 0.8666666666666667],
    );
    expect(r.macro).toBeCloseTo(0.8074074074074074, 14);
  });

  it('rejects a probability row of the wrong width and unknown labels', () => {
    expect(() => ovrRocAuc(['a', 'b'], [[0.5, 0.5], [0.5]], ['a', 'b'])).toThrow(
      /proba\[1\]: expected 2 columns/,
    );
    expect(() =>
      ovrRocAuc(
        ['a', 'c'],
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
        ['a', 'b'],
      ),
    ).toThrow(/yTrue\[1\]: expected one of the labels/);
  });

  it('counts truth outside the labels as rest for every label when told', () => {
    // classes a and b ranked; the c rows are rest for both. a: its row (0.9) above all three
    // others -> 1; b: its row (0.6) above the a row (0.1), below one c row (0.7), above the
    // other (0.2) -> 2 of 3 pairs
    const yT = ['a', 'b', 'c', 'c'];
    const p = [
      [0.9, 0.1],
      [0.4, 0.6],
      [0.3, 0.7],
      [0.8, 0.2],
    ];
    const r = ovrRocAuc(yT, p, ['a', 'b'], { othersAsRest: true });
    close(
      r.per_class.map((c) => c.value),
      [1, 2 / 3],
    );
    expect(r.macro).toBeCloseTo(5 / 6, 14);
    expect(() => ovrRocAuc(yT, p, ['a', 'b'])).toThrow(/yTrue\[2\]: expected one of the labels/);
  });
});
