/**
 * The validation hold-out used when no validation set is given: a seeded random fraction of
 * the groups (machines) when groups are known, so that captures of one machine never sit on
 * both sides, else of the rows.
 */
import type { Random } from '../../core/random.js';
import { shuffle } from './train-loop.js';

export interface Holdout {
  readonly train: Int32Array;
  readonly valid: Int32Array;
}

/** Fewer rows than this: no hold-out (all rows train). */
const MIN_ROWS = 20;

export function holdOut(
  n: number,
  fraction: number,
  random: Random,
  groups?: ArrayLike<number>,
): Holdout {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (fraction <= 0 || n < MIN_ROWS) return { train: all, valid: new Int32Array(0) };
  let isValid: (i: number) => boolean;
  const ids = groups === undefined ? [] : [...new Set(Array.from(groups))].sort((a, b) => a - b);
  if (ids.length >= 2) {
    const order = Int32Array.from(ids.keys());
    shuffle(order, random);
    const take = Math.min(ids.length - 1, Math.max(1, Math.round(fraction * ids.length)));
    const held = new Set(Array.from(order.subarray(0, take), (k) => ids[k]!));
    isValid = (i) => held.has(groups![i]!);
  } else {
    shuffle(all, random);
    const held = new Uint8Array(n);
    const take = Math.max(1, Math.round(fraction * n));
    for (let k = 0; k < take; k++) held[all[k]!] = 1;
    isValid = (i) => held[i] === 1;
  }
  const train: number[] = [];
  const valid: number[] = [];
  for (let i = 0; i < n; i++) (isValid(i) ? valid : train).push(i);
  return { train: Int32Array.from(train), valid: Int32Array.from(valid) };
}
