import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { bootstrapInterval, pooledMacroF1 } from './bootstrap.js';
import { classificationMetrics, confusionMatrix } from './classification.js';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('machine bootstrap', () => {
  it('gives the normal-theory interval of a mean, mean +- 1.96 s / sqrt(n)', () => {
    const rng = new Random(5);
    const xs = Array.from({ length: 400 }, () => rng.normal());
    const m = mean(xs);
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
    const half = (1.96 * sd) / Math.sqrt(xs.length);
    const ci = bootstrapInterval(xs, mean, { resamples: 4000, seed: 1 })!;
    // the percentile bootstrap of a mean matches the normal interval to a few per cent of it
    expect(ci[0]).toBeCloseTo(m - half, 1);
    expect(ci[1]).toBeCloseTo(m + half, 1);
    expect(Math.abs(ci[1] - ci[0] - 2 * half)).toBeLessThan(0.1 * 2 * half);
    const narrow = bootstrapInterval(xs, mean, { resamples: 4000, seed: 1, level: 0.5 })!;
    expect(narrow[0]).toBeGreaterThan(ci[0]);
    expect(narrow[1]).toBeLessThan(ci[1]);
  });

  it('is deterministic for a seed, degenerate for identical units, null for fewer than two', () => {
    const xs = [1, 5, 2, 8, 3];
    expect(bootstrapInterval(xs, mean, { seed: 3 })).toEqual(
      bootstrapInterval(xs, mean, { seed: 3 }),
    );
    expect(bootstrapInterval(xs, mean, { seed: 3 })).not.toEqual(
      bootstrapInterval(xs, mean, { seed: 4 }),
    );
    expect(bootstrapInterval([2, 2, 2, 2, 2], mean)).toEqual([2, 2]);
    // fewer than five machines (by default) give no interval
    expect(bootstrapInterval([1, 5, 2, 8], mean)).toBeNull();
    expect(bootstrapInterval([1, 5, 2], mean, { minUnits: 3 })).not.toBeNull();
    expect(bootstrapInterval([7], mean, { minUnits: 1 })).toBeNull();
    expect(bootstrapInterval([], mean)).toBeNull();
    // every resample undefined: no interval
    expect(bootstrapInterval([1, 2, 3, 4, 5], () => Number.NaN)).toBeNull();
    expect(() => bootstrapInterval(xs, mean, { resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapInterval(xs, mean, { level: 1 })).toThrow(/level/);
  });

  it('skips resamples that leave the statistic undefined (a recall with no failure drawn)', () => {
    // one machine of ten has the only two failures, one detected: recall 0.5 or undefined
    const units = [
      { failures: 2, detected: 1 },
      ...Array.from({ length: 9 }, () => ({ failures: 0, detected: 0 })),
    ];
    const recall = (xs: readonly { failures: number; detected: number }[]) => {
      const f = xs.reduce((a, x) => a + x.failures, 0);
      return f > 0 ? xs.reduce((a, x) => a + x.detected, 0) / f : Number.NaN;
    };
    expect(bootstrapInterval(units, recall)).toEqual([0.5, 0.5]);
  });
});

describe('pooled macro F1', () => {
  const labels = ['a', 'b', 'c'];
  const machines = [
    { truth: ['a', 'a', 'b'], pred: ['a', 'b', 'b'] },
    { truth: ['c', 'c', 'a'], pred: ['c', 'a', 'a'] },
    { truth: ['b', 'b'], pred: ['b', 'c'] },
  ];
  const mats = machines.map((m) => confusionMatrix(m.truth, m.pred, labels));

  it("equals the split's macro F1 over all its machines", () => {
    const all = classificationMetrics(
      machines.flatMap((m) => m.truth),
      machines.flatMap((m) => m.pred),
      labels,
    );
    expect(pooledMacroF1(mats)).toBeCloseTo(all.macro_f1, 12);
  });

  it('averages over the classes the drawn machines hold in truth or prediction only', () => {
    // machine 1 alone: classes a and b; a: P 1, R 0.5, F1 2/3; b: P 0.5, R 1, F1 2/3
    expect(pooledMacroF1([mats[0]!])).toBeCloseTo(2 / 3, 12);
    // the same machine twice: the same proportions
    expect(pooledMacroF1([mats[0]!, mats[0]!])).toBeCloseTo(2 / 3, 12);
    expect(pooledMacroF1([])).toBeNaN();
  });
});
