/** JSON has no NaN or Infinity: what the project writes as JSON says "none" with null. */

/** A deep copy of plain data with every non-finite number replaced by null. */
export function finiteOrNull(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(finiteOrNull);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, finiteOrNull(x)]));
  }
  return v;
}
