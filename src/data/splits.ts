/**
 * Train / validation / test splits by machine (never by row: rows of one machine are
 * correlated in time, and a model must be judged on machines it has not seen). Stable for a
 * seed, and stratified by a key (for example whether, or how, a machine fails) so every split
 * gets its share of each kind.
 */
import { PdmError } from '../core/errors.js';
import { appendAll } from '../core/large-arrays.js';
import { Random } from '../core/random.js';

export interface SplitFractions {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

export const DEFAULT_SPLIT: SplitFractions = Object.freeze({
  train: 0.6,
  validation: 0.2,
  test: 0.2,
});

export interface Splits {
  readonly train: string[];
  readonly validation: string[];
  readonly test: string[];
}

export type SplitName = keyof Splits;
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

/** Every id in one split (sorted), the others empty: a held-out set, or one cut before failure. */
export function allInSplit(ids: Iterable<string>, name: SplitName): Splits {
  const all = [...ids].sort();
  return {
    train: name === 'train' ? all : [],
    validation: name === 'validation' ? all : [],
    test: name === 'test' ? all : [],
  };
}

/**
 * Splits ids into three disjoint sets. Within each stratum the ids are shuffled with the seed
 * and cut by the fractions (largest-remainder rounding, so strata of 3 or more put at least
 * one id in each split when the fractions allow).
 */
export function splitIds(
  ids: readonly string[],
  seed: number,
  fractions: SplitFractions = DEFAULT_SPLIT,
  stratum: (id: string) => string = () => '',
  /** Of strata held alike, the one to move a machine from to fill an empty split (below). */
  movable: (id: string) => boolean = () => false,
): Splits {
  const f = [fractions.train, fractions.validation, fractions.test];
  if (f.some((x) => !(x >= 0)) || Math.abs(f.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `split fractions: expected three values >= 0 summing to 1, got ${f.join(', ')}`,
    );
  }
  if (new Set(ids).size !== ids.length)
    throw new PdmError('PDM_INPUT_INVALID', 'splitIds: ids must be unique');
  const groups = new Map<string, string[]>();
  for (const id of [...ids].sort()) {
    const k = stratum(id);
    const members = groups.get(k);
    if (members === undefined) groups.set(k, [id]);
    else members.push(id);
  }
  const out: Splits = { train: [], validation: [], test: [] };
  for (const key of [...groups.keys()].sort()) {
    const members = groups.get(key)!;
    const rng = new Random(seed, 'splits', key);
    for (let i = members.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    const n = members.length;
    const exact = f.map((x) => x * n);
    const counts = exact.map(Math.floor);
    const order = [0, 1, 2].sort(
      (a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b,
    );
    let left = n - counts.reduce((a, b) => a + b, 0);
    for (const i of order) {
      if (left > 0) {
        counts[i]!++;
        left--;
      }
    }
    // Give an empty split one id from the largest when the stratum can afford it.
    for (let i = 0; i < 3; i++) {
      if (counts[i] === 0 && f[i]! > 0 && n >= 3) {
        const big = counts.indexOf(Math.max(...counts));
        if (counts[big]! > 1) {
          counts[big]!--;
          counts[i]!++;
        }
      }
    }
    appendAll(out.train, members.slice(0, counts[0]));
    appendAll(out.validation, members.slice(counts[0], counts[0]! + counts[1]!));
    appendAll(out.test, members.slice(counts[0]! + counts[1]!));
  }
  rebalanceEmpty(out, f, stratum, movable);
  for (const k of SPLIT_NAMES) out[k].sort();
  return out;
}

/**
 * Strata too small to share (two machines of each of three labels) can leave a split empty
 * although the whole set could fill it: one id then moves to it from the split most over its
 * share of the whole set (of the stratum that split holds most of, a `movable` one first among
 * those held alike, the id last in order), while that leaves the split it comes from one. Validation comes before test: `train` needs it, and two ids fill train and
 * validation.
 */
function rebalanceEmpty(
  out: Splits,
  f: readonly number[],
  stratum: (id: string) => string,
  movable: (id: string) => boolean,
): void {
  for (const k of ['validation', 'test'] as const) {
    if (out[k].length > 0 || f[SPLIT_NAMES.indexOf(k)]! <= 0) continue;
    // the split most over its share of the whole set
    const n = out.train.length + out.validation.length + out.test.length;
    const surplus = (x: SplitName) => out[x].length - f[SPLIT_NAMES.indexOf(x)]! * n;
    const from = SPLIT_NAMES.filter((x) => x !== k).reduce((a, b) =>
      surplus(b) > surplus(a) ? b : a,
    );
    if (out[from].length < 2) continue;
    const count = new Map<string, number>();
    for (const id of out[from]) count.set(stratum(id), (count.get(stratum(id)) ?? 0) + 1);
    // held alike, a movable stratum first (a rig's bearings that did not fail: the failures
    // stay where train and validation learn from them)
    const movableKey = new Set(out[from].filter(movable).map(stratum));
    const rank = (k: string) => (movableKey.has(k) ? 0 : 1);
    const key = [...count].sort(
      (a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : 1),
    )[0]![0];
    const id = out[from]
      .filter((x) => stratum(x) === key)
      .sort()
      .at(-1)!;
    out[from].splice(out[from].indexOf(id), 1);
    out[k].push(id);
  }
}

/**
 * The warning for splits left without a machine (a small fleet or recording set), or null:
 * `train` needs validation machines and `evaluate` test machines. `what` names the units
 * (machines, units) and `advice` what to add.
 */
export function emptySplitWarning(
  splits: Splits,
  total: number,
  what: string,
  advice: string,
): string | null {
  const empty = SPLIT_NAMES.filter((k) => splits[k].length === 0);
  if (empty.length === 0) return null;
  return (
    `warning: the ${empty.join(' and ')} split${empty.length > 1 ? 's hold' : ' holds'} no ${what.replace(/s$/, '')} ` +
    `(${total} ${total === 1 ? what.replace(/s$/, '') : what}: ${splits.train.length} train, ${splits.validation.length} validation, ${splits.test.length} test): train needs validation ${what} and evaluate test ${what}; ${advice}`
  );
}

/**
 * A warning when the validation or test split holds no machine of a class other machines hold
 * (`ids` and `labels` row by row; a machine's class is its first non-normal label): train
 * cannot stop early or calibrate on that class, and evaluate cannot score it. Null when every
 * class reaches both, or the data has no labels.
 */
export function missingClassWarning(
  splits: Splits,
  ids: readonly string[],
  labels: readonly string[],
): string | null {
  const classOf = new Map<string, string>();
  ids.forEach((id, i) => {
    const c = labels[i] ?? '';
    if (c !== '' && (!classOf.has(id) || classOf.get(id) === 'normal')) classOf.set(id, c);
  });
  const classes = [...new Set(classOf.values())].sort();
  if (classes.length < 2) return null;
  const lines: string[] = [];
  for (const split of ['validation', 'test'] as const) {
    const held = new Set(splits[split].map((id) => classOf.get(id)));
    const missing = classes.filter((c) => !held.has(c));
    if (missing.length > 0)
      lines.push(
        `the ${split} split holds no machine of ${missing.join(', ')} (of ${splits[split].length} ${splits[split].length === 1 ? 'machine' : 'machines'})`,
      );
  }
  if (lines.length === 0) return null;
  return (
    `warning: ${lines.join('; ')}: ` +
    [
      ...(lines.some((l) => l.startsWith('the test'))
        ? ['evaluate --split test cannot score the classes the test split lacks']
        : []),
      ...(lines.some((l) => l.startsWith('the validation'))
        ? ['train chooses its thresholds and stops early without the classes validation lacks']
        : []),
    ].join(', and ') +
    '; more machines of each class fix that (recordings of one bearing at several loads are one machine: give them one machine value)'
  );
}
