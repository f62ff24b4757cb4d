/**
 * Array helpers that hold for any length. Spreading an array into a call (`a.push(...b)`,
 * `Math.max(...b)`) passes each element as an argument, and V8 overflows its stack at about
 * 120,000 of them: a fleet's rows, a long machine's scores.
 */

/** Appends every item of `items` to `target`, in order; returns `target`. */
export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
  return target;
}

/** The largest of `values` (-Infinity when empty, NaN when any is NaN, as Math.max). */
export function maxOf(values: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return Number.NaN;
    if (v > m) m = v;
  }
  return m;
}
