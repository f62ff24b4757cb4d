import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { CONDITIONS } from '../../test/support/multi-regime.js';
import { assignRegimes, findRegimes, normaliseByRegime, regimeStats } from './regimes.js';

const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('operating regimes', () => {
  it('finds six jittered flight conditions, numbered in order of their settings', () => {
    const rng = new Random(4, 'regimes');
    const n = 3000;
    const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const truth: number[] = [];
    for (let r = 0; r < n; r++) {
      const k = rng.int(6);
      truth.push(k);
      cols[0]![r] = CONDITIONS[k]![0] + rng.gaussian(0, 0.002);
      cols[1]![r] = CONDITIONS[k]![1] + rng.gaussian(0, 0.0003);
      cols[2]![r] = CONDITIONS[k]![2];
    }
    const { centres, scale } = findRegimes(cols, ['alt', 'mach', 'tra'], all(n), 'f.txt');
    expect(centres).toHaveLength(6);
    // CONDITIONS is listed by altitude, as the centres are sorted
    centres.forEach((c, k) => {
      expect(c[0]).toBeCloseTo(CONDITIONS[k]![0], 2);
      expect(c[1]).toBeCloseTo(CONDITIONS[k]![1], 3);
      expect(c[2]).toBe(CONDITIONS[k]![2]);
    });
    expect(scale).toEqual([expect.closeTo(42, 1), expect.closeTo(0.84, 2), 40]);
    const { regime, farRows } = assignRegimes(cols, ['a', 'm', 't'], n, centres, scale, String);
    expect(Array.from(regime)).toEqual(truth);
    expect(farRows).toBe(0);
  });

  it('keeps one regime for settings that only dither around one condition', () => {
    // As single-condition turbofan sets log them: noise quantised to 1e-4, a constant throttle.
    const rng = new Random(5, 'regimes');
    const n = 20_000;
    const op1 = Float64Array.from(
      { length: n },
      () => Math.round(rng.gaussian(0, 0.0022) * 1e4) / 1e4,
    );
    const op2 = Float64Array.from(
      { length: n },
      () => Math.round(rng.gaussian(0, 0.0003) * 1e4) / 1e4,
    );
    const op3 = new Float64Array(n).fill(100);
    const { centres } = findRegimes([op1, op2, op3], ['op1', 'op2', 'op3'], all(n), 'f');
    expect(centres).toHaveLength(1);
    expect(centres[0]![2]).toBe(100);
  });

  it('joins rare combinations to the nearest regime', () => {
    const n = 2005;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      a[r] = r < 1000 ? 0 : r < 2000 ? 10 : 1.5; // five odd rows near the first condition
      b[r] = r < 1000 ? 1 : r < 2000 ? 2 : 1;
    }
    const { centres, scale } = findRegimes([a, b], ['a', 'b'], all(n), 'f');
    expect(centres).toEqual([
      [0, 1],
      [10, 2],
    ]);
    const { regime, farRows } = assignRegimes([a, b], ['a', 'b'], n, centres, scale, String);
    expect(regime[2004]).toBe(0);
    expect(farRows).toBe(5); // 1.5 is 15 % of a's range from 0
  });

  it('refuses more regimes than discrete conditions make sense for, and missing settings', () => {
    const n = 7500;
    const cols = [0, 1, 2].map(() => new Float64Array(n));
    for (let r = 0; r < n; r++) {
      cols[0]![r] = r % 5;
      cols[1]![r] = Math.floor(r / 5) % 5;
      cols[2]![r] = Math.floor(r / 25) % 3;
    }
    expect(() => findRegimes(cols, ['x', 'y', 'z'], all(n), 'f.txt')).toThrow(
      /f\.txt: the settings x, y, z make 75 operating regimes \(at most 64\)/,
    );
    cols[1]![7] = Number.NaN;
    expect(() => findRegimes(cols, ['x', 'y', 'z'], all(n), 'f.txt')).toThrow(
      /setting column y has a missing or non-finite value/,
    );
  });

  it('standardises within each regime with statistics from the fitting rows only', () => {
    const x = Float64Array.from([1, 2, 3, 10, 20, 99, 5]);
    const regime = Int32Array.from([0, 0, 0, 1, 1, 1, 0]);
    // rows 5 and 6 are not fitting rows (a test unit's)
    const s = regimeStats(x, regime, 2, [0, 1, 2, 3, 4]);
    expect(s.mean).toEqual([2, 15]);
    expect(s.std[0]).toBeCloseTo(1, 12);
    expect(s.std[1]).toBeCloseTo(Math.sqrt(50), 12);
    const z = normaliseByRegime(x, regime, s);
    expect(Array.from(z)).toEqual([
      -1,
      0,
      1,
      expect.closeTo(-5 / Math.sqrt(50), 12),
      expect.closeTo(5 / Math.sqrt(50), 12),
      expect.closeTo(84 / Math.sqrt(50), 12),
      3,
    ]);
    // a constant column in a regime is centred, not divided by zero
    const c = regimeStats(Float64Array.from([4, 4, 4]), Int32Array.from([0, 0, 0]), 1, [0, 1, 2]);
    expect(
      Array.from(normaliseByRegime(Float64Array.from([4, 5]), Int32Array.from([0, 0]), c)),
    ).toEqual([0, 1]);
  });
});
