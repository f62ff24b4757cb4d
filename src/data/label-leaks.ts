/**
 * Columns that may give the label away. Maintenance tables often carry, beside the failure flag,
 * columns recorded with it or after it (which failure mode it was, a repair code): a model fed
 * them scores near-perfectly on the table and is worthless on the line. The sign looked for is
 * a column of two values whose rarer value occurs only on rows of one failure class: that is a
 * record of the failure, not a measurement before it (or a perfect sensor, which a user can keep).
 */

/** Rows of the rarer value needed before a column is suspected. */
const MIN_ROWS = 5;

export interface LabelLeak {
  readonly column: string;
  /** The rarer value, the class it occurs with, and on how many rows. */
  readonly value: number;
  readonly label: string;
  readonly rows: number;
}

/** Two-valued feature columns whose rarer value occurs only with one non-normal class. */
export function labelLeaks(
  columns: ReadonlyMap<string, Float64Array>,
  labels: readonly string[],
): LabelLeak[] {
  const out: LabelLeak[] = [];
  for (const [column, x] of columns) {
    const counts = new Map<number, number>();
    for (const v of x) {
      if (Number.isNaN(v)) continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (counts.size > 2) break;
    }
    if (counts.size !== 2) continue;
    const [[a, na], [b, nb]] = [...counts] as [[number, number], [number, number]];
    const value = na <= nb ? a : b;
    const rows = Math.min(na, nb);
    if (rows < MIN_ROWS) continue;
    let label: string | null = null;
    let single = true;
    for (let i = 0; i < x.length && single; i++) {
      if (x[i] !== value) continue;
      if (label === null) label = labels[i]!;
      else if (labels[i] !== label) single = false;
    }
    if (single && label !== null && label !== 'normal') out.push({ column, value, label, rows });
  }
  return out;
}
