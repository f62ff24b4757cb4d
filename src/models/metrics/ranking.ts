/**
 * Ranking metrics of scores against binary truth, and their one-vs-rest macro averages for
 * multiclass probability matrices. Definitions follow scikit-learn 1.x (`sklearn.metrics`):
 * - The curves step through the distinct scores, highest first; rows with tied scores enter
 *   together (one diagonal ROC segment), as `_binary_clf_curve` groups them. A row is predicted
 *   positive at threshold t when score >= t.
 * - `rocCurve` prepends the point (0, 0) at threshold +Infinity (scikit-learn >= 1.3) and by
 *   default drops collinear intermediate points (`drop_intermediate=True`); the area is
 *   unchanged by the drop.
 * - ROC-AUC is the trapezoid area under that curve. It equals the Mann-Whitney U statistic
 *   divided by P*N, with tied positive/negative pairs counted 1/2 (Hanley & McNeil, "The
 *   meaning and use of the area under a ROC curve", Radiology 143, 1982); `mannWhitneyAuc`
 *   computes it from average ranks as an independent check.
 * - PR-AUC is the average precision AP = sum_n (R_n - R_{n-1}) P_n over the thresholds, highest
 *   first, with R_0 = 0 (`average_precision_score`: a step sum, not a trapezoid, so it is not
 *   optimistic about the interpolation between points).
 * - One-vs-rest macro averages score column k against (truth == labels[k]) and take the
 *   unweighted mean over classes (`roc_auc_score(multi_class="ovr", average="macro")`).
 *
 * Degenerate input: when the truth holds one class only, ROC-AUC and AP are NaN instead of
 * throwing. With no negatives the FPR is 0/0, with no positives the TPR and recall are 0/0, so
 * the area is undefined (scikit-learn raises for ROC-AUC; for AP it warns and returns 0 with no
 * positives, and AP = 1 with no negatives is true but says nothing about the ranking, so it is NaN
 * here too). A one-vs-rest class that is absent from the truth (or is all of it) is left out of
 * the macro mean and listed in `undefined_classes`.
 */
import { PdmError } from '../../core/errors.js';
import type { ClassLabel } from './classification.js';
import { requireFinite, requireNonEmpty, requireSameLength } from './validate.js';

/** Binary truth: booleans, or numbers that are 0 (negative) or 1 (positive). */
export type BinaryTruth = ArrayLike<number> | readonly boolean[];

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Decreasing; thresholds[0] = +Infinity (no row predicted positive). */
  thresholds: Float64Array;
}

export interface RocCurveOptions {
  /** Drop points collinear with their neighbours, as scikit-learn does by default. Default true. */
  dropIntermediate?: boolean;
}

export interface PrecisionRecallCurve {
  /** In order of increasing threshold; the last point is (recall 0, precision 1). */
  precision: Float64Array;
  recall: Float64Array;
  /** Increasing; one fewer than precision/recall (the last point has no threshold). */
  thresholds: Float64Array;
}

export interface OneVsRest<L extends ClassLabel = ClassLabel> {
  /** Mean over the classes whose value is defined; NaN when none is. */
  macro: number;
  per_class: { label: L; value: number }[];
  undefined_classes: L[];
}

interface ClfCurve {
  /** Cumulative false and true positives at each distinct score, highest score first. */
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

function toPositives(yTrue: BinaryTruth): Uint8Array {
  const out = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) {
    const v = yTrue[i]!;
    if (v === true || v === 1) out[i] = 1;
    else if (v !== false && v !== 0) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `yTrue[${i}]: expected 0, 1, true or false, got ${String(v)}`,
      );
    }
  }
  return out;
}

function checkBinary(yTrue: BinaryTruth, scores: ArrayLike<number>): Uint8Array {
  requireNonEmpty('yTrue', yTrue);
  requireSameLength('yTrue', yTrue, 'scores', scores);
  requireFinite('scores', scores);
  return toPositives(yTrue);
}

/** Counts at each distinct score (scikit-learn's `_binary_clf_curve`). */
function binaryClfCurve(pos: Uint8Array, scores: ArrayLike<number>): ClfCurve {
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  order.forEach((row, r) => {
    if (pos[row] === 1) tp++;
    else fp++;
    const next = order[r + 1];
    if (next === undefined || scores[next] !== scores[row]) {
      fps.push(fp);
      tps.push(tp);
      thresholds.push(scores[row]!);
    }
  });
  return {
    fps: Float64Array.from(fps),
    tps: Float64Array.from(tps),
    thresholds: Float64Array.from(thresholds),
  };
}

/** ROC curve; FPR (TPR) is all NaN when there are no negatives (positives). */
export function rocCurve(
  yTrue: BinaryTruth,
  scores: ArrayLike<number>,
  options: RocCurveOptions = {},
): RocCurve {
  const { fps, tps, thresholds } = binaryClfCurve(checkBinary(yTrue, scores), scores);
  let keep = Array.from(fps, (_, i) => i);
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    // Keep the ends and every point where the curve turns (a non-zero second difference).
    keep = keep.filter((i) => {
      if (i === 0 || i === fps.length - 1) return true;
      const d2f = fps[i + 1]! - 2 * fps[i]! + fps[i - 1]!;
      const d2t = tps[i + 1]! - 2 * tps[i]! + tps[i - 1]!;
      return d2f !== 0 || d2t !== 0;
    });
  }
  const n = fps[fps.length - 1]!;
  const p = tps[tps.length - 1]!;
  const fpr = new Float64Array(keep.length + 1);
  const tpr = new Float64Array(keep.length + 1);
  const th = new Float64Array(keep.length + 1);
  th[0] = Number.POSITIVE_INFINITY;
  fpr[0] = n > 0 ? 0 : Number.NaN;
  tpr[0] = p > 0 ? 0 : Number.NaN;
  keep.forEach((i, j) => {
    fpr[j + 1] = n > 0 ? fps[i]! / n : Number.NaN;
    tpr[j + 1] = p > 0 ? tps[i]! / p : Number.NaN;
    th[j + 1] = thresholds[i]!;
  });
  return { fpr, tpr, thresholds: th };
}

/** Trapezoid area under the ROC curve; NaN when yTrue holds one class only. */
export function rocAuc(yTrue: BinaryTruth, scores: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(yTrue, scores, { dropIntermediate: false });
  let area = 0;
  for (let i = 1; i < fpr.length; i++) {
    area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  }
  return area;
}

/**
 * AUC as the Mann-Whitney statistic: (sum of positive ranks - P(P+1)/2) / (P N), with tied
 * scores given their average rank (so a tied pair counts 1/2). NaN when yTrue holds one class.
 */
export function mannWhitneyAuc(yTrue: BinaryTruth, scores: ArrayLike<number>): number {
  const pos = checkBinary(yTrue, scores);
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let p = 0;
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    const avgRank = (start + 1 + end) / 2; // ranks start+1 .. end, 1-based
    for (let r = start; r < end; r++) {
      if (pos[order[r]!] === 1) {
        rankSumPos += avgRank;
        p++;
      }
    }
    start = end;
  }
  const n = order.length - p;
  if (p === 0 || n === 0) return Number.NaN;
  return (rankSumPos - (p * (p + 1)) / 2) / (p * n);
}

/** Precision-recall curve as scikit-learn returns it; recall is NaN when there are no positives. */
export function precisionRecallCurve(
  yTrue: BinaryTruth,
  scores: ArrayLike<number>,
): PrecisionRecallCurve {
  const { fps, tps, thresholds } = binaryClfCurve(checkBinary(yTrue, scores), scores);
  const m = tps.length;
  const p = tps[m - 1]!;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const th = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i; // reversed: increasing threshold, decreasing recall
    precision[j] = tps[i]! / (tps[i]! + fps[i]!); // each step holds at least one row
    recall[j] = p > 0 ? tps[i]! / p : Number.NaN;
    th[j] = thresholds[i]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: th };
}

/**
 * Average precision sum (R_n - R_{n-1}) P_n; NaN when yTrue holds one class only. Summed as
 * sum (TP_n - TP_{n-1}) P_n / P, whose recall steps are whole counts, so a perfect ranking
 * scores exactly 1 (differences of the recalls as fractions summed to 1 +- 2e-16).
 */
export function averagePrecision(yTrue: BinaryTruth, scores: ArrayLike<number>): number {
  const pos = checkBinary(yTrue, scores);
  const p = pos.reduce((a, b) => a + b, 0);
  if (p === 0 || p === pos.length) return Number.NaN;
  const { fps, tps } = binaryClfCurve(pos, scores);
  let sum = 0;
  let lastTp = 0;
  for (let i = 0; i < tps.length; i++) {
    const tp = tps[i]!;
    if (tp > lastTp) sum += ((tp - lastTp) * tp) / (tp + fps[i]!);
    lastTp = tp;
  }
  return sum / p;
}

/** Binary ROC-AUC and PR-AUC under the metrics.json keys. */
export function rankingMetrics(
  yTrue: BinaryTruth,
  scores: ArrayLike<number>,
): { roc_auc: number; pr_auc: number } {
  return { roc_auc: rocAuc(yTrue, scores), pr_auc: averagePrecision(yTrue, scores) };
}

/** Options of the one-vs-rest metrics. */
export interface OneVsRestOptions {
  /**
   * Truth values that are none of the labels count as rest for every label (a model scored on
   * data holding classes it cannot name); by default they are an error.
   */
  readonly othersAsRest?: boolean;
}

function oneVsRest<L extends ClassLabel>(
  yTrue: readonly L[],
  proba: readonly ArrayLike<number>[],
  labels: readonly L[],
  metric: (truth: Uint8Array, scores: Float64Array) => number,
  opts: OneVsRestOptions,
): OneVsRest<L> {
  requireNonEmpty('labels', labels);
  requireNonEmpty('yTrue', yTrue);
  requireSameLength('yTrue', yTrue, 'proba', proba);
  const known = new Set(labels);
  if (known.size !== labels.length) {
    throw new PdmError('PDM_INPUT_INVALID', 'labels: expected unique class labels');
  }
  yTrue.forEach((v, i) => {
    if (!known.has(v) && opts.othersAsRest !== true) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `yTrue[${i}]: expected one of the labels (${labels.join(', ')}), got ${String(v)}`,
      );
    }
  });
  proba.forEach((row, i) => {
    if (row.length !== labels.length) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `proba[${i}]: expected ${labels.length} columns (one per label), got ${row.length}`,
      );
    }
    requireFinite(`proba[${i}]`, row);
  });
  const per_class = labels.map((label, k) => ({
    label,
    value: metric(
      Uint8Array.from(yTrue, (v) => (v === label ? 1 : 0)),
      Float64Array.from(proba, (row) => row[k]!),
    ),
  }));
  const defined = per_class.filter((c) => !Number.isNaN(c.value));
  return {
    macro:
      defined.length === 0 ? Number.NaN : defined.reduce((a, c) => a + c.value, 0) / defined.length,
    per_class,
    undefined_classes: per_class.filter((c) => Number.isNaN(c.value)).map((c) => c.label),
  };
}

/** One-vs-rest macro ROC-AUC of a probability matrix (rows x labels). */
export function ovrRocAuc<L extends ClassLabel>(
  yTrue: readonly L[],
  proba: readonly ArrayLike<number>[],
  labels: readonly L[],
  opts: OneVsRestOptions = {},
): OneVsRest<L> {
  return oneVsRest(yTrue, proba, labels, rocAuc, opts);
}

/** One-vs-rest macro average precision of a probability matrix (rows x labels). */
export function ovrAveragePrecision<L extends ClassLabel>(
  yTrue: readonly L[],
  proba: readonly ArrayLike<number>[],
  labels: readonly L[],
  opts: OneVsRestOptions = {},
): OneVsRest<L> {
  return oneVsRest(yTrue, proba, labels, averagePrecision, opts);
}
