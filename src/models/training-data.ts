/**
 * Rows of a dataset as the learners want them: a row-major matrix of the chosen features for
 * one split, with machine ids, times and every label, in machine then time order.
 */
import { PdmError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import type { SplitName } from '../data/splits.js';
import { SPLIT_NAMES } from '../data/splits.js';
import { getColumn, getColumnData, rowCount } from '../data/table.js';

export interface TaskRows {
  /** Row-major n x d. */
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly features: readonly string[];
  readonly machineIds: readonly string[];
  readonly time: Float64Array;
  readonly mode: readonly string[];
  readonly rul: Float64Array;
  readonly due: Uint8Array;
  /** Each row's index in the dataset's table. */
  readonly index: Int32Array;
}

/** Checks every feature is a numeric column of the dataset; the message lists what is missing. */
export function checkFeatureColumns(ds: Dataset, features: readonly string[]): void {
  const names = new Set(ds.table.columns.map((c) => c.name));
  const missing = features.filter((f) => !names.has(f));
  if (missing.length > 0) {
    throw new PdmError(
      'PDM_BUNDLE_FEATURES',
      `${ds.dir}: the dataset lacks feature column(s) ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}`,
    );
  }
  for (const f of features) {
    const c = getColumn(ds.table, f);
    if (c.type !== 'float64' && c.type !== 'float32' && c.type !== 'int32') {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${ds.dir}: feature column ${f} is ${c.type}, expected numbers`,
      );
    }
  }
}

/** How many rows each split holds (rows of machines in no split are not counted). */
export function splitRowCounts(ds: Dataset): Record<SplitName, number> {
  const ids = getColumnData(ds.table, 'machine_id', 'string');
  const splitOf = new Map<string, SplitName>();
  for (const s of SPLIT_NAMES) for (const id of ds.manifest.splits[s]) splitOf.set(id, s);
  const counts: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  for (const id of ids) {
    const s = splitOf.get(id);
    if (s !== undefined) counts[s]++;
  }
  return counts;
}

/** Rows of the given splits ('all' for every row), optionally filtered. */
export function taskRows(
  ds: Dataset,
  splits: readonly SplitName[] | 'all',
  features: readonly string[],
  keep: (i: number) => boolean = () => true,
): TaskRows {
  checkFeatureColumns(ds, features);
  const ids = getColumnData(ds.table, 'machine_id', 'string');
  const allowed = splits === 'all' ? null : new Set(splits.flatMap((s) => ds.manifest.splits[s]));
  const rows: number[] = [];
  const total = rowCount(ds.table);
  for (let i = 0; i < total; i++)
    if ((allowed === null || allowed.has(ids[i]!)) && keep(i)) rows.push(i);
  const n = rows.length;
  const d = features.length;
  const x = new Float64Array(n * d);
  features.forEach((f, j) => {
    const c = getColumn(ds.table, f);
    const data = c.data as ArrayLike<number>;
    for (let r = 0; r < n; r++) x[r * d + j] = data[rows[r]!]!;
  });
  const has = (name: string) => ds.table.columns.some((c) => c.name === name);
  const time = getColumnData(ds.table, 'time', 'float64');
  const mode = has('mode') ? getColumnData(ds.table, 'mode', 'string') : null;
  const rul = has('rul') ? getColumnData(ds.table, 'rul', 'float64') : null;
  const due = has('maintenance_due') ? getColumnData(ds.table, 'maintenance_due', 'bool') : null;
  return {
    x,
    n,
    d,
    features,
    machineIds: rows.map((i) => ids[i]!),
    time: Float64Array.from(rows, (i) => time[i]!),
    mode: rows.map((i) => mode?.[i] ?? ''),
    rul: Float64Array.from(rows, (i) => rul?.[i] ?? Number.NaN),
    due: Uint8Array.from(rows, (i) => due?.[i] ?? 0),
    index: Int32Array.from(rows),
  };
}

/** A row of a TaskRows matrix (a view, no copy). */
export function rowOf(t: TaskRows, i: number): Float64Array {
  return t.x.subarray(i * t.d, (i + 1) * t.d);
}
