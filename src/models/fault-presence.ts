/**
 * Which failure modes are present, all of them: a diagnosis by severity estimates each mode's
 * severity, and a mode is named present where its estimate reaches a threshold of its own,
 * chosen on the validation machines to maximise that mode's F1 of presence (`present:<mode>`
 * in the bundle's thresholds). On twin data a row often has several active modes (grease loss
 * brings on bearing defects) and its label names only the dominant one; a planner needs the
 * whole list (regrease and replace the bearing). Scored against the rows' `active_modes`:
 * per-mode precision, recall and F1, their macro mean, micro F1 over every (row, mode) pair,
 * and the share of rows whose whole set is named exactly.
 */
import { PdmError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import { getColumnData } from '../data/table.js';

/** The bundle threshold key of a mode's presence. */
export const presenceKey = (mode: string): string => `present:${mode}`;

/** The modes of an `active_modes` cell ("outer_race,lubrication"; "" when healthy). */
export function activeSet(cell: string): Set<string> {
  return new Set(cell === '' ? [] : cell.split(','));
}

/**
 * The active modes of the dataset rows `index` (twin data), or null when the dataset has no
 * `active_modes` column (imported recordings and tables).
 */
export function activeSets(ds: Dataset, index: ArrayLike<number>): Set<string>[] | null {
  if (!ds.table.columns.some((c) => c.name === 'active_modes')) return null;
  const active = getColumnData(ds.table, 'active_modes', 'string');
  return Array.from(index, (r) => activeSet(active[r] ?? ''));
}

/**
 * The threshold on `estimate` (present where estimate >= threshold) that maximises F1 against
 * `present`: the midpoint between the lowest estimate named present and the next one below;
 * null when no row is present or the estimates are not finite. Ties in F1 go to the higher
 * threshold (fewer rows named).
 */
export function choosePresenceThreshold(
  estimate: ArrayLike<number>,
  present: ArrayLike<boolean>,
): number | null {
  const n = estimate.length;
  if (present.length !== n) {
    throw new PdmError('PDM_INPUT_INVALID', `present: expected ${n} values, got ${present.length}`);
  }
  const order = Array.from({ length: n }, (_, i) => i)
    .filter((i) => Number.isFinite(estimate[i]!))
    .sort((a, b) => estimate[b]! - estimate[a]!);
  const positives = order.filter((i) => present[i]).length;
  if (positives === 0) return null;
  let tp = 0;
  let fp = 0;
  let best = -1;
  let bestAt = -1;
  for (let r = 0; r < order.length; r++) {
    if (present[order[r]!]) tp++;
    else fp++;
    // a cut only between different estimates: equal ones are named together
    const next = order[r + 1];
    if (next !== undefined && estimate[next]! === estimate[order[r]!]!) continue;
    const f1 = (2 * tp) / (2 * tp + fp + (positives - tp));
    if (f1 > best + 1e-12) {
      best = f1;
      bestAt = r;
    }
  }
  const low = estimate[order[bestAt]!]!;
  const below = order[bestAt + 1];
  return below === undefined ? low : (low + estimate[below]!) / 2;
}

export interface PresenceClassMetrics {
  mode: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows where the mode is active. */
  support: number;
}

export interface PresenceMetrics {
  modes: string[];
  per_mode: PresenceClassMetrics[];
  /** Mean F1 over the modes active in some row or named in some row. */
  macro_f1: number;
  /** F1 over every (row, mode) pair. */
  micro_f1: number;
  /** Rows whose named set equals the active set (healthy rows named healthy included). */
  subset_accuracy: number;
  rows: number;
}

/** Presence metrics as evaluate reports them: with the modes no threshold lets be named. */
export type FaultPresence = PresenceMetrics & { modes_without_threshold: string[] };

/** Presence metrics of named sets against active sets, over `modes`. */
export function presenceMetrics(
  modes: readonly string[],
  truth: readonly ReadonlySet<string>[],
  named: readonly ReadonlySet<string>[],
): PresenceMetrics {
  if (truth.length !== named.length) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `named: expected ${truth.length} rows, got ${named.length}`,
    );
  }
  let exact = 0;
  const tally = modes.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  truth.forEach((t, i) => {
    const p = named[i]!;
    let differ = 0;
    modes.forEach((m, j) => {
      const a = t.has(m);
      const b = p.has(m);
      if (a && b) tally[j]!.tp++;
      else if (b) tally[j]!.fp++;
      else if (a) tally[j]!.fn++;
      if (a !== b) differ++;
    });
    if (differ === 0) exact++;
  });
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  const per_mode = modes.map((mode, j) => {
    const { tp, fp, fn } = tally[j]!;
    return {
      mode,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, tp + fn),
      f1: ratio(2 * tp, 2 * tp + fp + fn),
      support: tp + fn,
    };
  });
  const seen = per_mode.filter((m, j) => m.support > 0 || tally[j]!.fp > 0);
  const sum = tally.reduce((a, t) => ({ tp: a.tp + t.tp, fp: a.fp + t.fp, fn: a.fn + t.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
  return {
    modes: [...modes],
    per_mode,
    macro_f1: seen.length > 0 ? seen.reduce((a, m) => a + m.f1, 0) / seen.length : Number.NaN,
    micro_f1: ratio(2 * sum.tp, 2 * sum.tp + sum.fp + sum.fn),
    subset_accuracy: ratio(exact, truth.length),
    rows: truth.length,
  };
}

/** The modes named present on row i: those whose estimate reaches their threshold. */
export function namedPresent(
  severities: ReadonlyMap<string, ArrayLike<number>>,
  thresholds: ReadonlyMap<string, number>,
  i: number,
): Set<string> {
  const out = new Set<string>();
  for (const [mode, t] of thresholds) {
    const v = severities.get(mode)?.[i];
    if (v !== undefined && v >= t) out.add(mode);
  }
  return out;
}
