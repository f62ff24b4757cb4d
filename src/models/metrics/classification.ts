/**
 * Classification metrics for fault-class models, all computed from one confusion matrix.
 *
 * Definitions follow scikit-learn 1.x (`sklearn.metrics`), so numbers agree with a Python
 * notebook run on the same predictions:
 * - confusion[i][j] counts rows whose true class is labels[i] and predicted class labels[j]
 *   (`confusion_matrix(y_true, y_pred, labels=labels)`); the class order is the caller's.
 * - accuracy = trace / total (`accuracy_score`).
 * - balanced accuracy = mean recall over the classes that occur in the truth
 *   (`balanced_accuracy_score`: classes with no true rows are left out of the mean).
 * - precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn), support =
 *   true rows of the class (`precision_recall_fscore_support`). A 0/0 is reported as 0, which is
 *   scikit-learn's default (`zero_division="warn"` behaves as 0, with a warning we do not emit).
 * - macro F1 = unweighted mean of the per-class F1 over every listed class, including a class
 *   absent from both truth and prediction (its F1 is 0/0 = 0), as `f1_score(average="macro",
 *   labels=labels)` does; weighted F1 = support-weighted mean (`average="weighted"`).
 */
import { PdmError } from '../../core/errors.js';
import { requireNonEmpty, requireSameLength } from './validate.js';

export type ClassLabel = string | number;

/** Rows are true classes, columns predicted classes, both in the order of the label list. */
export type ConfusionMatrix = readonly (readonly number[])[];

export interface ClassMetrics<L extends ClassLabel = ClassLabel> {
  label: L;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationMetrics<L extends ClassLabel = ClassLabel> {
  labels: L[];
  confusion: number[][];
  accuracy: number;
  balanced_accuracy: number;
  /** Unweighted means over the classes, as scikit-learn's average='macro'. */
  macro_precision: number;
  macro_recall: number;
  macro_f1: number;
  weighted_f1: number;
  per_class: ClassMetrics<L>[];
}

/** 0/0 (and x/0) reported as 0: scikit-learn's default zero_division. */
function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/**
 * Confusion matrix of yTrue against yPred over `labels` (unique, order kept). Every value of
 * yTrue and yPred must be one of the labels.
 */
export function confusionMatrix<L extends ClassLabel>(
  yTrue: readonly L[],
  yPred: readonly L[],
  labels: readonly L[],
): number[][] {
  requireNonEmpty('labels', labels);
  requireNonEmpty('yTrue', yTrue);
  requireSameLength('yTrue', yTrue, 'yPred', yPred);
  const index = new Map<L, number>();
  labels.forEach((label, i) => {
    if (index.has(label)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `labels[${i}]: expected unique class labels, got ${String(label)} twice`,
      );
    }
    index.set(label, i);
  });
  const lookup = (name: string, v: L, i: number): number => {
    const k = index.get(v);
    if (k === undefined) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${name}[${i}]: expected one of the labels (${labels.join(', ')}), got ${String(v)}`,
      );
    }
    return k;
  };
  const m = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = m[lookup('yTrue', yTrue[i]!, i)]!;
    row[lookup('yPred', yPred[i]!, i)]! += 1;
  }
  return m;
}

/** Throws unless `c` is a non-empty square matrix of non-negative counts. */
function requireConfusion(c: ConfusionMatrix): void {
  requireNonEmpty('confusion', c);
  c.forEach((row, i) => {
    if (row.length !== c.length) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `confusion[${i}]: expected ${c.length} columns (a square matrix), got ${row.length}`,
      );
    }
    row.forEach((v, j) => {
      if (!(v >= 0 && Number.isFinite(v))) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `confusion[${i}][${j}]: expected a non-negative count, got ${v}`,
        );
      }
    });
  });
}

function total(c: ConfusionMatrix): number {
  let n = 0;
  for (const row of c) for (const v of row) n += v;
  return n;
}

/** Fraction of rows on the diagonal; NaN for an all-zero matrix. */
export function accuracy(confusion: ConfusionMatrix): number {
  requireConfusion(confusion);
  let diag = 0;
  confusion.forEach((row, i) => (diag += row[i]!));
  const n = total(confusion);
  return n === 0 ? Number.NaN : diag / n;
}

/** Per-class precision, recall, F1 and support, in label order. */
export function perClassMetrics<L extends ClassLabel>(
  confusion: ConfusionMatrix,
  labels: readonly L[],
): ClassMetrics<L>[] {
  requireConfusion(confusion);
  if (labels.length !== confusion.length) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `labels: expected one label per confusion row (${confusion.length}), got ${labels.length}`,
    );
  }
  return labels.map((label, k) => {
    const tp = confusion[k]![k]!;
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < confusion.length; j++) {
      support += confusion[k]![j]!;
      predicted += confusion[j]![k]!;
    }
    const fp = predicted - tp;
    const fn = support - tp;
    return {
      label,
      precision: ratio(tp, predicted),
      recall: ratio(tp, support),
      f1: ratio(2 * tp, 2 * tp + fp + fn),
      support,
    };
  });
}

/** Mean recall over classes with at least one true row; NaN for an all-zero matrix. */
export function balancedAccuracy(confusion: ConfusionMatrix): number {
  requireConfusion(confusion);
  let sum = 0;
  let present = 0;
  confusion.forEach((row, k) => {
    const support = row.reduce((a, b) => a + b, 0);
    if (support > 0) {
      sum += row[k]! / support;
      present++;
    }
  });
  return present === 0 ? Number.NaN : sum / present;
}

/** Unweighted mean F1 over every class of the matrix (absent classes count as F1 = 0). */
export function macroF1(confusion: ConfusionMatrix): number {
  const per = perClassMetrics(
    confusion,
    confusion.map((_, i) => i),
  );
  return per.reduce((a, m) => a + m.f1, 0) / per.length;
}

/** Support-weighted mean F1; NaN for an all-zero matrix. */
export function weightedF1(confusion: ConfusionMatrix): number {
  const per = perClassMetrics(
    confusion,
    confusion.map((_, i) => i),
  );
  const n = per.reduce((a, m) => a + m.support, 0);
  return n === 0 ? Number.NaN : per.reduce((a, m) => a + m.f1 * m.support, 0) / n;
}

/** Every classification metric of yPred against yTrue, keyed as in metrics.json. */
export function classificationMetrics<L extends ClassLabel>(
  yTrue: readonly L[],
  yPred: readonly L[],
  labels: readonly L[],
): ClassificationMetrics<L> {
  const confusion = confusionMatrix(yTrue, yPred, labels);
  const per = perClassMetrics(confusion, labels);
  const mean = (key: 'precision' | 'recall') => per.reduce((a, m) => a + m[key], 0) / per.length;
  return {
    labels: [...labels],
    confusion,
    accuracy: accuracy(confusion),
    balanced_accuracy: balancedAccuracy(confusion),
    macro_precision: mean('precision'),
    macro_recall: mean('recall'),
    macro_f1: macroF1(confusion),
    weighted_f1: weightedF1(confusion),
    per_class: per,
  };
}
