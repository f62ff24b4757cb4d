/**
 * Operating regimes of an imported table: discrete operating conditions (altitude, Mach number
 * and throttle of a turbofan fleet; speed and load steps of a test rig) set by a few columns,
 * and the normalisation of every sensor column within its regime.
 *
 * Why: when a fleet switches between conditions from one row to the next, a sensor's level is
 * set mostly by the condition, and the slow drift that tells wear is buried under the jumps; a
 * rolling mean of the raw values mixes conditions. Standardising each sensor by the mean and
 * standard deviation of its regime (fitted on training units only) leaves the drift, which is
 * the usual first step for multi-condition run-to-failure data (for example A. Saxena et al.,
 * "Damage propagation modeling for aircraft engine run-to-failure simulation", PHM 2008, whose
 * fleets run in six conditions; E. Ramasso & A. Saxena, IJPHM 5, 2014, review the methods).
 *
 * Finding regimes: each setting column is cut into levels where its sorted values jump by more
 * than max(5 % of its range, 50 x its median positive step), or, for a column of at most 8
 * distinct values, one level per value. The bulk of a noisy continuous setting (a dither around
 * one condition) has no such jump; conditions of a real multi-condition fleet are separated by
 * far more than their jitter. Regimes are the combinations of levels that hold at least 1 % of
 * the rows (and 10 rows); rarer combinations join the nearest regime (distance in units of each
 * column's range). A false split of a noisy setting is harmless for the normalisation, since
 * each part is then standardised by nearly the same statistics.
 */
import { z } from 'zod';
import { PdmError } from '../core/errors.js';

/** Most regimes a table may have: more means the settings vary continuously. */
export const MAX_REGIMES = 64;
/** A column with at most this many distinct values is a discrete setting: one level each. */
const DISCRETE_VALUES = 8;
/** Smallest share of the rows a regime holds; rarer combinations join the nearest. */
const MIN_REGIME_SHARE = 0.01;
const MIN_REGIME_ROWS = 10;

/** Per regime statistics of one normalised column. */
export interface RegimeColumnStats {
  readonly mean: number[];
  readonly std: number[];
}

/** What `--regimes` found and fitted, as stored in a dataset manifest (`details.regimes`). */
export interface RegimeModel {
  /** The setting columns. */
  readonly columns: string[];
  /** Each setting column's range over the rows regimes were found on (1 when constant). */
  readonly scale: number[];
  /** Regime centres (mean setting values), in the settings' own units. */
  readonly centres: number[][];
  /** Rows of the fitting data in each regime. */
  readonly counts: number[];
  /** Mean and standard deviation per regime of each normalised column. */
  readonly stats: Record<string, RegimeColumnStats>;
  /** Where the statistics come from (file and units). */
  readonly fittedOn: string;
}

function invalid(message: string): never {
  throw new PdmError('PDM_DATA_INVALID', message);
}

/** Level boundaries of one setting column over `rows` (see the file header): cut points. */
function levelCuts(values: Float64Array, rows: readonly number[]): number[] {
  const v = Float64Array.from(rows, (r) => values[r]!).sort();
  const distinct: number[] = [];
  for (const x of v)
    if (distinct.length === 0 || x !== distinct[distinct.length - 1]) distinct.push(x);
  if (distinct.length <= 1) return [];
  if (distinct.length <= DISCRETE_VALUES) {
    return distinct.slice(1).map((x, i) => (x + distinct[i]!) / 2);
  }
  const steps = distinct.slice(1).map((x, i) => x - distinct[i]!);
  const sorted = [...steps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const range = distinct[distinct.length - 1]! - distinct[0]!;
  const jump = Math.max(0.05 * range, 50 * median);
  const cuts: number[] = [];
  steps.forEach((s, i) => {
    if (s > jump) cuts.push((distinct[i]! + distinct[i + 1]!) / 2);
  });
  return cuts;
}

function levelOf(cuts: readonly number[], x: number): number {
  let k = 0;
  while (k < cuts.length && x > cuts[k]!) k++;
  return k;
}

/** Index of the centre nearest to row r's settings (distance scaled by each column's range). */
export function nearestRegime(
  settings: readonly Float64Array[],
  r: number,
  centres: readonly (readonly number[])[],
  scale: readonly number[],
): { regime: number; distance: number } {
  let best = 0;
  let bestD = Infinity;
  centres.forEach((c, k) => {
    let d = 0;
    for (let j = 0; j < settings.length; j++) {
      const z = (settings[j]![r]! - c[j]!) / scale[j]!;
      d += z * z;
    }
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  });
  return { regime: best, distance: Math.sqrt(bestD) };
}

/**
 * Finds the regimes of `rows` (see the file header). `settings` are the setting columns' values
 * over the whole table; `names` their names, for messages. Returns centres (sorted by their
 * settings, so numbering is stable) and each column's range.
 */
export function findRegimes(
  settings: readonly Float64Array[],
  names: readonly string[],
  rows: readonly number[],
  where: string,
): { centres: number[][]; scale: number[] } {
  if (rows.length === 0) invalid(`${where}: no rows to find operating regimes on`);
  settings.forEach((col, j) => {
    for (const r of rows) {
      if (!Number.isFinite(col[r]!)) {
        invalid(`${where}: setting column ${names[j]!} has a missing or non-finite value`);
      }
    }
  });
  const cuts = settings.map((col) => levelCuts(col, rows));
  const scale = settings.map((col) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of rows) {
      lo = Math.min(lo, col[r]!);
      hi = Math.max(hi, col[r]!);
    }
    return hi > lo ? hi - lo : 1;
  });
  // Combinations of levels, with their sums for the centres.
  const combos = new Map<string, { rows: number; sums: number[] }>();
  for (const r of rows) {
    const key = settings.map((col, j) => levelOf(cuts[j]!, col[r]!)).join(',');
    let c = combos.get(key);
    if (c === undefined) {
      c = { rows: 0, sums: new Array<number>(settings.length).fill(0) };
      combos.set(key, c);
    }
    c.rows++;
    settings.forEach((col, j) => (c.sums[j] = c.sums[j]! + col[r]!));
  }
  const minRows = Math.max(MIN_REGIME_ROWS, MIN_REGIME_SHARE * rows.length);
  const all = [...combos.values()];
  let kept = all.filter((c) => c.rows >= minRows);
  // A table whose every combination is rare has one regime: all its rows.
  if (kept.length === 0) kept = [all.reduce((a, b) => (a.rows >= b.rows ? a : b))];
  if (kept.length > MAX_REGIMES) {
    invalid(
      `${where}: the settings ${names.join(', ')} make ${kept.length} operating regimes (at most ${MAX_REGIMES}); ` +
        '--regimes is for discrete operating conditions, not settings that vary continuously',
    );
  }
  const centres = kept
    .map((c) => c.sums.map((s) => s / c.rows))
    .sort((a, b) => {
      for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j]! - b[j]!;
      return 0;
    });
  return { centres, scale };
}

/** The regime of every row of the table (nearest centre) and the largest scaled distance. */
export function assignRegimes(
  settings: readonly Float64Array[],
  names: readonly string[],
  n: number,
  centres: readonly (readonly number[])[],
  scale: readonly number[],
  where: (row: number) => string,
): { regime: Int32Array; farRows: number } {
  const regime = new Int32Array(n);
  let farRows = 0;
  for (let r = 0; r < n; r++) {
    settings.forEach((col, j) => {
      if (!Number.isFinite(col[r]!)) {
        invalid(`${where(r)}: setting column ${names[j]!} has a missing or non-finite value`);
      }
    });
    const { regime: k, distance } = nearestRegime(settings, r, centres, scale);
    regime[r] = k;
    // More than 10 % of a setting's range from every known regime.
    if (distance > 0.1) farRows++;
  }
  return { regime, farRows };
}

/** Mean and standard deviation per regime of `x` over `rows` (NaN values skipped). */
export function regimeStats(
  x: Float64Array,
  regime: Int32Array,
  regimes: number,
  rows: readonly number[],
): RegimeColumnStats {
  const n = new Array<number>(regimes).fill(0);
  const s = new Array<number>(regimes).fill(0);
  for (const r of rows) {
    const v = x[r]!;
    if (!Number.isFinite(v)) continue;
    const k = regime[r]!;
    n[k] = n[k]! + 1;
    s[k] = s[k]! + v;
  }
  const mean = s.map((v, k) => (n[k]! > 0 ? v / n[k]! : Number.NaN));
  const ss = new Array<number>(regimes).fill(0);
  for (const r of rows) {
    const v = x[r]!;
    if (!Number.isFinite(v)) continue;
    const k = regime[r]!;
    const d = v - mean[k]!;
    ss[k] = ss[k]! + d * d;
  }
  const std = ss.map((v, k) => (n[k]! > 1 ? Math.sqrt(v / (n[k]! - 1)) : Number.NaN));
  return { mean, std };
}

/**
 * x standardised within each row's regime: (x - mean) / std, with std taken as 1 where the
 * column is constant in the regime; NaN where the regime has no statistics.
 */
export function normaliseByRegime(
  x: Float64Array,
  regime: Int32Array,
  stats: RegimeColumnStats,
): Float64Array {
  return Float64Array.from(x, (v, r) => {
    const k = regime[r]!;
    const sd = stats.std[k]!;
    return (v - stats.mean[k]!) / (sd > 0 ? sd : 1);
  });
}

/** JSON has no NaN: statistics of a column never seen in a regime are stored as null. */
const statList = z.array(z.number().nullable()).transform((a) => a.map((v) => v ?? Number.NaN));

/** A `RegimeModel` as read back from a manifest. */
export const RegimeModelSchema = z.object({
  columns: z.array(z.string()).min(1),
  scale: z.array(z.number().positive()),
  centres: z.array(z.array(z.number())).min(1),
  counts: z.array(z.number()),
  stats: z.record(z.string(), z.object({ mean: statList, std: statList })),
  fittedOn: z.string(),
});
