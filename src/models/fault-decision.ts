/**
 * How a diagnosis model's class probabilities become the class it names. By default the most
 * probable class. A binary model of `normal` and one other class (a failure flag, as labelled
 * maintenance tables give it) names the other class when its probability reaches the bundle's
 * `thresholds.probability`, chosen on the validation split to maximise macro F1: failures are
 * rare in such tables, and the 0.5 of the most probable class then trades away most of their
 * recall for precision on the common class.
 */
import { PdmError } from '../core/errors.js';
import { classificationMetrics } from './metrics/classification.js';

/** The binary rule of a model, or null when the most probable class is named. */
export interface BinaryRule {
  readonly normal: number;
  readonly positive: number;
  readonly threshold: number;
}

/** The slots of `normal` and the other class when `classes` are a failure flag, else null. */
export function failureFlag(
  classes: readonly string[],
): { readonly normal: number; readonly positive: number } | null {
  const normal = classes.indexOf('normal');
  return classes.length === 2 && normal >= 0 ? { normal, positive: 1 - normal } : null;
}

/** The binary rule of `classes` with `thresholds` (null for argmax). */
export function binaryRule(
  classes: readonly string[],
  thresholds: Readonly<Record<string, number>>,
): BinaryRule | null {
  const threshold = thresholds.probability;
  const flag = failureFlag(classes);
  return flag === null || threshold === undefined ? null : { ...flag, threshold };
}

/**
 * The class named for each row of `proba` (n rows of k probabilities); `allowed` restricts the
 * choice (the binary rule applies only when both of its classes are allowed).
 */
export function decideFault(
  classes: readonly string[],
  rule: BinaryRule | null,
  proba: readonly ArrayLike<number>[],
  allowed: readonly boolean[] = classes.map(() => true),
): string[] {
  const k = classes.length;
  const binary = rule !== null && allowed[rule.normal] === true && allowed[rule.positive] === true;
  return proba.map((p) => {
    if (binary) return classes[p[rule.positive]! >= rule.threshold ? rule.positive : rule.normal]!;
    let b = -1;
    for (let j = 0; j < k; j++) if (allowed[j] && (b < 0 || p[j]! > p[b]!)) b = j;
    return classes[b]!;
  });
}

/**
 * The threshold on the non-normal class's probability that maximises macro F1 on validation
 * rows (0.01 .. 0.99 by 0.01; ties go to the value nearest 0.5), or null when the classes are
 * not `normal` and one other, or validation holds fewer than 5 rows of either.
 */
export function chooseBinaryThreshold(
  classes: readonly string[],
  truth: readonly string[],
  proba: readonly ArrayLike<number>[],
): number | null {
  const flag = failureFlag(classes);
  if (flag === null) return null;
  const count = (c: string) => truth.filter((t) => t === c).length;
  if (count(classes[flag.normal]!) < 5 || count(classes[flag.positive]!) < 5) return null;
  let best = 0.5;
  let bestF1 = -Infinity;
  for (let s = 1; s <= 99; s++) {
    const t = s / 100;
    const pred = decideFault(classes, { ...flag, threshold: t }, proba);
    const f1 = classificationMetrics(truth, pred, classes).macro_f1;
    if (
      f1 > bestF1 + 1e-12 ||
      (Math.abs(f1 - bestF1) <= 1e-12 && Math.abs(t - 0.5) < Math.abs(best - 0.5))
    ) {
      best = t;
      bestF1 = f1;
    }
  }
  return best;
}

/** p(normal) with its odds multiplied by `odds`: odds p / (odds p + 1 - p). */
export function withNormalOdds(p: number, odds: number): number {
  const a = odds * p;
  return a / (a + 1 - p);
}

/** Odds multipliers of normal tried by `chooseNormalOdds`. */
export const NORMAL_ODDS_GRID: readonly number[] = [1, 1.5, 2, 3, 4, 6, 8, 12, 16];

/**
 * The multiplier of the odds of `normal` that maximises macro F1 on validation rows (over the
 * classes in the truth or the predictions; ties go to the smaller), with that F1. `proba` are
 * the rows' probabilities as the model gives them (multiplier 1): a multiplier m makes
 * p(normal) m p / (m p + 1 - p) and scales the others to fill the rest. Null without a
 * `normal` class or validation rows.
 */
export function chooseNormalOdds(
  classes: readonly string[],
  truth: readonly string[],
  proba: readonly ArrayLike<number>[],
  grid: readonly number[] = NORMAL_ODDS_GRID,
): { odds: number; macroF1: number } | null {
  const normal = classes.indexOf('normal');
  if (normal < 0 || truth.length === 0) return null;
  let best: { odds: number; macroF1: number } | null = null;
  for (const m of grid) {
    const pred = decideFault(
      classes,
      null,
      proba.map((p) => {
        const pn = p[normal]!;
        const q = withNormalOdds(pn, m);
        const rest = pn < 1 ? (1 - q) / (1 - pn) : 0;
        return Float64Array.from({ length: classes.length }, (_, j) =>
          j === normal ? q : p[j]! * rest,
        );
      }),
    );
    const f1 = classificationMetrics(
      truth,
      pred,
      [...new Set([...truth, ...pred])].sort(),
    ).macro_f1;
    if (best === null || f1 > best.macroF1 + 1e-12) best = { odds: m, macroF1: f1 };
  }
  return best;
}

/**
 * The fault a diagnosis model names for each of `n` rows of its scorer's output (`scores`, n x
 * classes, as `scorerForTask(task).score` gives it), as `evaluate` names it: the most probable
 * class, or the failure-flag rule of a two-class model with its threshold.
 */
export function namedFaults(
  task: {
    readonly classes?: readonly string[];
    readonly thresholds: Readonly<Record<string, number>>;
  },
  scores: Float64Array,
  n: number,
): string[] {
  const classes = task.classes ?? [];
  const k = classes.length;
  // a two-class network gives one probability per row, of the second class
  const binary = k === 2 && scores.length === n;
  if (k < 2 || (scores.length !== n * k && !binary))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `namedFaults: expected ${n} rows of ${k} class probabilities (a diagnosis model's scores), got ${scores.length} values`,
    );
  const rows = Array.from({ length: n }, (_, i) =>
    binary ? Float64Array.of(1 - scores[i]!, scores[i]!) : scores.subarray(i * k, (i + 1) * k),
  );
  return decideFault(classes, binaryRule(classes, task.thresholds), rows);
}
