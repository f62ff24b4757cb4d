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
 * Finding regimes: each setting column is cut into levels where its sorted distinct values
 * jump by more than max(5 % of its range, 50 x its median small step), a small step being one
 * under 5 % of the range (the jitter within a condition). The bulk of a setting that dithers
 * around one condition has no such jump; the conditions of a multi-condition fleet, or the
 * exact speed steps of a rig, are separated by far more than their jitter. A dither written
 * with so few decimals that it takes only a handful of values one step apart looks exactly like
 * a few exact levels. At 6 values or more with most rows in the middle ones (bell-shaped, as
 * noise is) it is read as one level (`coarseDither`); otherwise it is cut into them, which is
 * harmless, since each part is then standardised by nearly the same statistics, and the import
 * warns (`ditherLike`: leave such columns out of --regimes). Regimes are the
 * combinations of levels that hold at least 1 % of the rows (and 10 rows); rarer combinations
 * join the nearest regime (distance in units of each column's range). A setting that varies
 * continuously stays one level: --regimes is for discrete conditions, and such a table gets
 * one regime, a plain standardisation.
 */
import { z } from 'zod';
import { PdmError } from '../core/errors.js';

/** Most regimes a table may have. */
export const MAX_REGIMES = 64;
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
export function levelCuts(values: Float64Array, rows: readonly number[]): number[] {
  const v = Float64Array.from(rows, (r) => values[r]!).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const x of v) {
    if (distinct.length === 0 || x !== distinct[distinct.length - 1]) {
      distinct.push(x);
      counts.push(0);
    }
    counts[counts.length - 1]!++;
  }
  if (distinct.length <= 1) return [];
  const steps = distinct.slice(1).map((x, i) => x - distinct[i]!);
  const range = distinct[distinct.length - 1]! - distinct[0]!;
  const small = steps.filter((s) => s < 0.05 * range).sort((a, b) => a - b);
  const medianSmall = small.length > 0 ? small[Math.floor(small.length / 2)]! : 0;
  const jump = Math.max(0.05 * range, 50 * medianSmall);
  const cuts: number[] = [];
  steps.forEach((s, i) => {
    if (s > jump) cuts.push((distinct[i]! + distinct[i + 1]!) / 2);
  });
  if (coarseDither(distinct, counts, cuts.length)) return [];
  return cuts;
}

/**
 * A dither written with so few decimals that every step between its values is "large" (a
 * turbofan fleet's op2, -0.0006 to 0.0006 in steps of 0.0001: each 8 % of the range): at least 6
 * values, each a level of its own, evenly spaced one written decimal apart, with most rows in
 * the middle ones (each end holds at most a quarter of the fullest value's rows, as a
 * bell-shaped noise gives). A rig's evenly spaced speed steps stay levels.
 */
function coarseDither(
  distinct: readonly number[],
  counts: readonly number[],
  cuts: number,
): boolean {
  const step = gridStep(distinct, cuts);
  if (step === null) return false;
  const k = distinct.length;
  // The step is the last decimal the values are written with (0.0001 for op2): a rig's steps
  // (200 rpm, 0.25 of load) lie far above theirs, and are conditions however rarely the
  // extreme ones run
  if (Math.abs(step - writtenResolution(distinct)) > 1e-6 * step) return false;
  const peak = Math.max(...counts);
  return Math.max(counts[0]!, counts[k - 1]!) <= 0.25 * peak;
}

/** Fewest values a setting's grid of single-value levels has before it is weighed as a dither. */
const MIN_GRID_LEVELS = 6;

/**
 * The step of a setting whose sorted distinct values were each made a level of their own (`cuts`
 * of them between), at least MIN_GRID_LEVELS of them evenly spaced; null otherwise.
 */
function gridStep(distinct: readonly number[], cuts: number): number | null {
  const k = distinct.length;
  if (k < MIN_GRID_LEVELS || cuts !== k - 1) return null;
  const step = (distinct[k - 1]! - distinct[0]!) / (k - 1);
  const even = distinct.every((x, i) => Math.abs(x - distinct[0]! - i * step) <= 1e-6 * step);
  return even ? step : null;
}

/** The finest decimal the values are written with: 10^-d for the fewest decimals d (to 12). */
function writtenResolution(values: readonly number[]): number {
  for (let d = 0; d <= 12; d++) {
    const f = 10 ** d;
    const whole = (x: number) =>
      Math.abs(x * f - Math.round(x * f)) <= 1e-6 * Math.max(1, Math.abs(x * f));
    if (values.every(whole)) return 1 / f;
  }
  return 0;
}

/** A setting cut into many levels that are consecutive values of one step (see ditherLike). */
export interface DitherLike {
  readonly column: string;
  readonly levels: number;
  readonly step: number;
}

/**
 * Whether `levelCuts` made every distinct value of a setting a level of its own (at least 6),
 * all one step apart, with rows spread over them too evenly for `coarseDither` to read them as
 * one dithering condition: a rig's evenly spaced speed steps, or a dither written with few
 * decimals whose values are about equally common; the caller says so and lets the user decide.
 * Returns the number of levels and the step, or null.
 */
export function ditherLike(
  values: Float64Array,
  rows: readonly number[],
  cuts: readonly number[],
): { levels: number; step: number } | null {
  if (cuts.length < MIN_GRID_LEVELS - 1) return null;
  const distinct = [...new Set(rows.map((r) => values[r]!))].sort((a, b) => a - b);
  const step = gridStep(distinct, cuts.length);
  return step === null ? null : { levels: distinct.length, step };
}

function levelOf(cuts: readonly number[], x: number): number {
  let k = 0;
  while (k < cuts.length && x > cuts[k]!) k++;
  return k;
}

/** Squared distance of row r from a centre, each setting in units of `scale` (only `use`d ones). */
function scaledDistance2(
  settings: readonly Float64Array[],
  r: number,
  centre: readonly number[],
  scale: readonly number[],
  use?: readonly boolean[],
): number {
  let d = 0;
  for (let j = 0; j < settings.length; j++) {
    if (use !== undefined && !use[j]) continue;
    const z = (settings[j]![r]! - centre[j]!) / scale[j]!;
    d += z * z;
  }
  return d;
}

/** Index of the centre nearest to row r's settings (distance scaled by each column's range). */
export function nearestRegime(
  settings: readonly Float64Array[],
  r: number,
  centres: readonly (readonly number[])[],
  scale: readonly number[],
): number {
  let best = 0;
  let bestD = Infinity;
  centres.forEach((c, k) => {
    const d = scaledDistance2(settings, r, c, scale);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  });
  return best;
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
  lineOf: (row: number) => string = () => where,
): { centres: number[][]; scale: number[]; dither: DitherLike[] } {
  if (rows.length === 0) invalid(`${where}: no rows to find operating regimes on`);
  settings.forEach((col, j) => {
    for (const r of rows) {
      if (!Number.isFinite(col[r]!)) {
        invalid(`${lineOf(r)}: setting column ${names[j]!} has a missing or non-finite value`);
      }
    }
  });
  const cuts = settings.map((col) => levelCuts(col, rows));
  const dither = settings.flatMap((col, j) => {
    const d = ditherLike(col, rows, cuts[j]!);
    return d === null ? [] : [{ column: names[j]!, ...d }];
  });
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
  // A table whose every combination is rare has one regime: all its rows, centred on their mean.
  if (kept.length === 0)
    kept = [
      all.reduce((a, b) => ({ rows: a.rows + b.rows, sums: a.sums.map((v, j) => v + b.sums[j]!) })),
    ];
  if (kept.length > MAX_REGIMES) {
    invalid(
      `${where}: the settings ${names.join(', ')} make ${kept.length} operating regimes (at most ${MAX_REGIMES}); ` +
        '--regimes is for a few discrete operating conditions; name fewer setting columns',
    );
  }
  const centres = kept
    .map((c) => c.sums.map((s) => s / c.rows))
    .sort((a, b) => {
      for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j]! - b[j]!;
      return 0;
    });
  return { centres, scale, dither };
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
  // A setting at one level in every regime (its centres within 5 % of its range: the smallest
  // step levelCuts cuts at) varies only by dither, and its range is that dither: a row is not
  // far from its regime by it (a single-condition turbofan set's op1 and op2).
  const spread = (j: number) => {
    const v = centres.map((c) => c[j]!);
    return Math.max(...v) - Math.min(...v);
  };
  const leveled = settings.map((_, j) => spread(j) >= 0.05 * scale[j]!);
  for (let r = 0; r < n; r++) {
    settings.forEach((col, j) => {
      if (!Number.isFinite(col[r]!)) {
        invalid(`${where(r)}: setting column ${names[j]!} has a missing or non-finite value`);
      }
    });
    const k = nearestRegime(settings, r, centres, scale);
    regime[r] = k;
    // More than 10 % of a setting's range from every known regime.
    if (Math.sqrt(scaledDistance2(settings, r, centres[k]!, scale, leveled)) > 0.1) farRows++;
  }
  return { regime, farRows };
}

/**
 * Mean and standard deviation per regime of `x` over `rows` (NaN values skipped; std NaN with
 * fewer than two values). Sums run on values shifted by the regime's first value, so a column
 * that is constant in a regime gets exactly its value as mean and 0 as deviation.
 */
export function regimeStats(
  x: Float64Array,
  regime: Int32Array,
  regimes: number,
  rows: readonly number[],
): RegimeColumnStats {
  const shift = new Array<number>(regimes).fill(Number.NaN);
  const n = new Array<number>(regimes).fill(0);
  const s = new Array<number>(regimes).fill(0);
  for (const r of rows) {
    const v = x[r]!;
    if (!Number.isFinite(v)) continue;
    const k = regime[r]!;
    if (n[k] === 0) shift[k] = v;
    n[k] = n[k]! + 1;
    s[k] = s[k]! + (v - shift[k]!);
  }
  const offset = s.map((v, k) => (n[k]! > 0 ? v / n[k]! : Number.NaN));
  const ss = new Array<number>(regimes).fill(0);
  for (const r of rows) {
    const v = x[r]!;
    if (!Number.isFinite(v)) continue;
    const k = regime[r]!;
    const d = v - shift[k]! - offset[k]!;
    ss[k] = ss[k]! + d * d;
  }
  return {
    mean: offset.map((o, k) => shift[k]! + o),
    std: ss.map((v, k) => (n[k]! > 1 ? Math.sqrt(v / (n[k]! - 1)) : Number.NaN)),
  };
}

/**
 * x standardised within each row's regime: (x - mean) / std. A column constant in the regime
 * (std at most 1e-9 of its level) is only centred, in its own units; NaN where the regime has no
 * statistics (no value, or a single one, among the fitting rows).
 */
export function normaliseByRegime(
  x: Float64Array,
  regime: Int32Array,
  stats: RegimeColumnStats,
): Float64Array {
  return Float64Array.from(x, (v, r) => {
    const k = regime[r]!;
    const mean = stats.mean[k]!;
    const sd = stats.std[k]!;
    return (v - mean) / (sd > 1e-9 * Math.max(1, Math.abs(mean)) ? sd : sd >= 0 ? 1 : Number.NaN);
  });
}

/** JSON has no NaN: statistics of a column never seen in a regime are stored as null. */
const statList = z.array(z.number().nullable()).transform((a) => a.map((v) => v ?? Number.NaN));

/** A `RegimeModel` as read back from a manifest. */
export const RegimeModelSchema = z
  .object({
    columns: z.array(z.string()).min(1),
    scale: z.array(z.number().positive()),
    centres: z.array(z.array(z.number())).min(1),
    counts: z.array(z.number()),
    stats: z.record(z.string(), z.object({ mean: statList, std: statList })),
    fittedOn: z.string(),
  })
  .superRefine((m, ctx) => {
    const settings = m.columns.length;
    const regimes = m.centres.length;
    const bad = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    if (m.scale.length !== settings) bad(['scale'], `expected ${settings} values, one per column`);
    m.centres.forEach((c, k) => {
      if (c.length !== settings) bad(['centres', k], `expected ${settings} values, one per column`);
    });
    if (m.counts.length !== regimes) bad(['counts'], `expected ${regimes} values, one per regime`);
    for (const [name, st] of Object.entries(m.stats)) {
      if (st.mean.length !== regimes || st.std.length !== regimes) {
        bad(['stats', name], `expected ${regimes} means and deviations, one per regime`);
      }
    }
  });
