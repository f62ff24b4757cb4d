/** Row sampling and target preparation for training (seeded, deterministic). */
import { appendAll } from '../core/large-arrays.js';
import { Random } from '../core/random.js';
import type { TaskRows } from './training-data.js';

/** Keeps at most `cap` rows per key, chosen at random with the seed; returns row indices. */
export function capPerKey(keys: readonly string[], cap: number, seed: number): number[] {
  const byKey = new Map<string, number[]>();
  keys.forEach((k, i) => {
    let a = byKey.get(k);
    if (a === undefined) byKey.set(k, (a = []));
    a.push(i);
  });
  const out: number[] = [];
  for (const k of [...byKey.keys()].sort()) {
    const a = byKey.get(k)!;
    if (a.length > cap) {
      const rng = new Random(seed, 'cap', k);
      for (let i = 0; i < cap; i++) {
        const j = i + rng.int(a.length - i);
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      a.length = cap;
      a.sort((x, y) => x - y);
    }
    appendAll(out, a);
  }
  return out.sort((x, y) => x - y);
}

/** The rows `idx` of a TaskRows, as a new TaskRows. */
export function pickRows(t: TaskRows, idx: readonly number[]): TaskRows {
  const d = t.d;
  const x = new Float64Array(idx.length * d);
  idx.forEach((r, k) => {
    x.set(t.x.subarray(r * d, (r + 1) * d), k * d);
  });
  return {
    x,
    n: idx.length,
    d,
    features: t.features,
    machineIds: idx.map((r) => t.machineIds[r]!),
    time: Float64Array.from(idx, (r) => t.time[r]!),
    mode: idx.map((r) => t.mode[r]!),
    rul: Float64Array.from(idx, (r) => t.rul[r]!),
    due: Uint8Array.from(idx, (r) => t.due[r]!),
    index: Int32Array.from(idx, (r) => t.index[r]!),
  };
}

/** Hides the given feature columns (NaN) in a random fraction of rows, in place. */
export function maskColumns(
  t: TaskRows,
  columns: readonly number[],
  fraction: number,
  seed: number,
): void {
  if (fraction <= 0 || columns.length === 0) return;
  const rng = new Random(seed, 'mask');
  for (let i = 0; i < t.n; i++) {
    if (rng.uniform() >= fraction) continue;
    for (const j of columns) t.x[i * t.d + j] = Number.NaN;
  }
}

/** Quantile q of finite values (nearest rank on the sorted values). */
export function quantileOf(values: ArrayLike<number>, q: number): number {
  const v = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))]!;
}

/**
 * Weighted quantile q of finite values: the smallest value v whose cumulative weight (values
 * sorted ascending) reaches q of the total. With equal weights it is `quantileOf`.
 */
export function weightedQuantileOf(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  q: number,
): number {
  const idx: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]!) && weights[i]! > 0) {
      idx.push(i);
      total += weights[i]!;
    }
  }
  if (idx.length === 0) return Number.NaN;
  idx.sort((a, b) => values[a]! - values[b]!);
  const target = q * total;
  let acc = 0;
  for (const i of idx) {
    acc += weights[i]!;
    // a relative tolerance so that equal weights reproduce the nearest rank exactly
    if (acc >= target * (1 - 1e-12)) return values[i]!;
  }
  return values[idx[idx.length - 1]!]!;
}

/** Weights 1 / (rows of the row's machine): every machine counts once, however long it ran. */
export function perMachineWeights(machineIds: readonly string[]): Float64Array {
  const count = new Map<string, number>();
  for (const id of machineIds) count.set(id, (count.get(id) ?? 0) + 1);
  return Float64Array.from(machineIds, (id) => 1 / count.get(id)!);
}
