import { describe, expect, it } from 'vitest';
import {
  accuracy,
  balancedAccuracy,
  classificationMetrics,
  confusionMatrix,
  macroF1,
  perClassMetrics,
  weightedF1,
} from './classification.js';

// Five listed classes: 'misalign' is predicted once but never true, 'cage' occurs nowhere.
const LABELS = ['healthy', 'inner', 'outer', 'misalign', 'cage'] as const;
type Label = (typeof LABELS)[number];
const Y_TRUE: Label[] = [
  ...(Array(4).fill('healthy') as Label[]),
  ...(Array(3).fill('inner') as Label[]),
  ...(Array(5).fill('outer') as Label[]),
];
const Y_PRED: Label[] = [
  'healthy',
  'healthy',
  'inner',
  'outer',
  'inner',
  'inner',
  'healthy',
  'outer',
  'outer',
  'outer',
  'healthy',
  'misalign',
];

describe('classification metrics', () => {
  // Reference values: counted by hand and checked with numpy (explicit loops over the rows,
  // precision/recall/F1 with 0/0 -> 0, as sklearn's zero_division default).
  it('builds the confusion matrix in the caller’s class order', () => {
    expect(confusionMatrix(Y_TRUE, Y_PRED, LABELS)).toEqual([
      [2, 1, 1, 0, 0],
      [1, 2, 0, 0, 0],
      [1, 0, 3, 1, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(confusionMatrix(['b', 'a'], ['b', 'b'], ['b', 'a'])).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });

  it('matches the reference accuracy, balanced accuracy and F1 averages', () => {
    const c = confusionMatrix(Y_TRUE, Y_PRED, LABELS);
    expect(accuracy(c)).toBeCloseTo(7 / 12, 14); // 0.5833333333333334
    // Mean recall over the 3 classes present in the truth: (1/2 + 2/3 + 3/5) / 3.
    expect(balancedAccuracy(c)).toBeCloseTo(0.5888888888888889, 14);
    // (0.5 + 2/3 + 2/3 + 0 + 0) / 5: absent classes count as F1 = 0.
    expect(macroF1(c)).toBeCloseTo(0.3666666666666666, 14);
    // (0.5*4 + 2/3*3 + 2/3*5) / 12
    expect(weightedF1(c)).toBeCloseTo(0.611111111111111, 14);
  });

  it('reports per-class precision, recall, F1 and support with zero division as 0', () => {
    const per = perClassMetrics(confusionMatrix(Y_TRUE, Y_PRED, LABELS), LABELS);
    const expected = [
      ['healthy', 0.5, 0.5, 0.5, 4],
      ['inner', 2 / 3, 2 / 3, 2 / 3, 3],
      ['outer', 0.75, 0.6, 2 / 3, 5],
      ['misalign', 0, 0, 0, 0],
      ['cage', 0, 0, 0, 0],
    ] as const;
    per.forEach((m, i) => {
      const [label, p, r, f, s] = expected[i]!;
      expect(m.label).toBe(label);
      expect(m.precision).toBeCloseTo(p, 14);
      expect(m.recall).toBeCloseTo(r, 14);
      expect(m.f1).toBeCloseTo(f, 14);
      expect(m.support).toBe(s);
    });
  });

  it('gathers everything under the metrics.json keys', () => {
    const m = classificationMetrics(Y_TRUE, Y_PRED, LABELS);
    expect(Object.keys(m).sort()).toEqual(
      [
        'accuracy',
        'balanced_accuracy',
        'confusion',
        'labels',
        'macro_f1',
        'macro_precision',
        'macro_recall',
        'per_class',
        'weighted_f1',
      ].sort(),
    );
    expect(m.per_class).toHaveLength(5);
    expect(m.accuracy).toBeCloseTo(7 / 12, 14);
    // scikit-learn precision_score / recall_score(average='macro', labels=LABELS,
    // zero_division=0): the per-class values above averaged over all five labels
    expect(m.macro_precision).toBeCloseTo((0.5 + 2 / 3 + 0.75) / 5, 14);
    expect(m.macro_recall).toBeCloseTo((0.5 + 2 / 3 + 0.6) / 5, 14);
  });

  it('scores a perfect prediction as 1 and accepts numeric labels', () => {
    const m = classificationMetrics([0, 1, 2, 2], [0, 1, 2, 2], [0, 1, 2]);
    expect([m.accuracy, m.balanced_accuracy, m.macro_f1, m.weighted_f1]).toEqual([1, 1, 1, 1]);
  });

  it('rejects mismatched lengths, unknown labels and duplicate labels', () => {
    expect(() => confusionMatrix(['a'], ['a', 'b'], ['a', 'b'])).toThrow(
      /yPred: expected the same length as yTrue \(1\), got 2/,
    );
    expect(() => confusionMatrix(['a', 'c'], ['a', 'a'], ['a', 'b'])).toThrow(
      /yTrue\[1\]: expected one of the labels \(a, b\), got c/,
    );
    expect(() => confusionMatrix(['a'], ['a'], ['a', 'a'])).toThrow(/labels\[1\]: expected unique/);
    expect(() => confusionMatrix([], [], ['a'])).toThrow(/yTrue: expected at least one element/);
    expect(() => accuracy([[1, 2]])).toThrow(/confusion\[0\]: expected 1 columns/);
    expect(() => perClassMetrics([[1]], ['a', 'b'])).toThrow(/labels: expected one label per/);
  });
});
