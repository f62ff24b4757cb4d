import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { CONDITIONS } from '../../test/support/multi-regime.js';
import {
  RegimeModelSchema,
  assignRegimes,
  findRegimes,
  normaliseByRegime,
  regimeStats,
} from './regimes.js';

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
    const { centres, scale } = findRegimes([op1, op2, op3], ['op1', 'op2', 'op3'], all(n), 'f');
    expect(centres).toHaveLength(1);
    expect(centres[0]![2]).toBe(100);
    // No row is far from that one regime: the dither is the settings' whole range, so it
    // measured 0.1 of it as far (about 3 of 4 rows of such a set were named so)
    const { farRows } = assignRegimes([op1, op2, op3], ['a', 'b', 'c'], n, centres, scale, String);
    expect(farRows).toBe(0);
  });

  it('centres the one regime of a table whose every combination of levels is rare on its mean', () => {
    // 40 rows, a setting of 8 levels 100 apart (14 % of its range: each a level of its own),
    // 5 rows each: every level is under the 10-row minimum of a regime
    const n = 40;
    const op = Float64Array.from({ length: n }, (_, i) => (i % 8) * 100);
    const { centres } = findRegimes([op], ['op'], all(n), 'f');
    expect(centres).toEqual([[350]]); // the mean of 0..700, not one level's value
  });

  it('reads a dither written with fewer decimals than its spread needs as one condition', () => {
    // op2 of a single-condition turbofan set: -0.0006 to 0.0006 in steps of 1e-4, each step 8 %
    // of the range, so no step is "small"; most rows in the middle values, as noise gives.
    const rng = new Random(6, 'regimes');
    const n = 20_000;
    const op2 = Float64Array.from({ length: n }, () => {
      let v: number;
      do v = Math.round(rng.gaussian(0, 0.0003) * 1e4);
      while (Math.abs(v) > 6);
      return v / 1e4;
    });
    const found = findRegimes([op2], ['op2'], all(n), 'f');
    expect(found.centres).toHaveLength(1);
    expect(found.dither).toEqual([]);
    // The same 13 values equally common are evenly spaced levels, as a rig's steps are: cut,
    // and said so.
    const even = Float64Array.from({ length: n }, (_, r) => ((r % 13) - 6) / 1e4);
    const cut = findRegimes([even], ['op2'], all(n), 'f');
    expect(cut.centres).toHaveLength(13);
    expect(cut.dither.map((d) => [d.column, d.levels])).toEqual([['op2', 13]]);
    expect(cut.dither[0]!.step).toBeCloseTo(1e-4, 12);
    // A rig's evenly spaced speeds whose extremes run rarely stay six conditions: their step
    // (200 rpm) is no written decimal of the values
    const shares = [20, 200, 300, 300, 200, 20];
    const rig = Float64Array.from(
      shares.flatMap((c, k) => new Array<number>(c).fill(1000 + 200 * k)),
    );
    expect(findRegimes([rig], ['rpm'], all(rig.length), 'f').centres).toHaveLength(6);
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
    expect(s.mean[0]).toBeCloseTo(2, 12);
    expect(s.mean[1]).toBeCloseTo(15, 12);
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

  it('cuts the exact steps of a rig, however many', () => {
    const n = 2000;
    const speed = Float64Array.from({ length: n }, (_, r) => 100 * (1 + (r % 10)));
    expect(findRegimes([speed], ['rpm'], all(n), 'f').centres.map((c) => c[0])).toEqual([
      100, 200, 300, 400, 500, 600, 700, 800, 900, 1000,
    ]);
  });

  it('centres a sensor that is constant in a regime instead of dividing by rounding noise', () => {
    const x = new Float64Array(1001).fill(518.67);
    x[1000] = 518.68; // a later (test) row
    const regime = new Int32Array(1001);
    const s = regimeStats(x, regime, 1, all(1000));
    expect(s.mean[0]).toBe(518.67);
    expect(s.std[0]).toBe(0);
    const z = normaliseByRegime(x, regime, s);
    expect(z[0]).toBe(0);
    expect(z[1000]).toBeCloseTo(0.01, 9);
    // a single training value says nothing of the spread: NaN, not raw units
    const one = regimeStats(Float64Array.from([3, 4]), Int32Array.from([0, 0]), 1, [0]);
    expect(
      Number.isNaN(normaliseByRegime(Float64Array.from([4]), Int32Array.from([0]), one)[0]),
    ).toBe(true);
  });

  it('refuses a stored regime model whose lengths disagree', () => {
    const good = {
      columns: ['a', 'b'],
      scale: [1, 2],
      centres: [
        [0, 0],
        [1, 1],
      ],
      counts: [5, 5],
      stats: { s: { mean: [0, null], std: [1, 1] } },
      fittedOn: 'x',
    };
    const parsed = RegimeModelSchema.parse(good);
    expect(Number.isNaN(parsed.stats.s!.mean[1]!)).toBe(true);
    expect(RegimeModelSchema.safeParse({ ...good, scale: [1] }).success).toBe(false);
    expect(RegimeModelSchema.safeParse({ ...good, centres: [[0], [1, 1]] }).success).toBe(false);
    expect(
      RegimeModelSchema.safeParse({ ...good, stats: { s: { mean: [0], std: [1, 1] } } }).success,
    ).toBe(false);
  });
});
