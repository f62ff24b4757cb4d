import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { captureQuality } from './quality.js';
import { timeDomainStats, timeDomainStatsGiven } from './time-domain.js';

describe('timeDomainStats', () => {
  it('gives the analytic values of a sinusoid over whole periods', () => {
    // A sin(2 pi j / 1000) for 10 periods: rms A/sqrt2, crest sqrt2, kurtosis 3/2 (mean sin^4 =
    // 3/8 over (mean sin^2)^2 = 1/4), shape (A/sqrt2)/(2A/pi) = pi/(2 sqrt2), impulse pi/2.
    const a = 2.5;
    const x = Float64Array.from(
      { length: 10_000 },
      (_, j) => a * Math.sin((2 * Math.PI * j) / 1000),
    );
    const s = timeDomainStats(x);
    expect(s.mean).toBeCloseTo(0, 12);
    expect(s.rms).toBeCloseTo(a / Math.SQRT2, 12);
    expect(s.peak).toBeCloseTo(a, 12);
    expect(s.peakToPeak).toBeCloseTo(2 * a, 12);
    expect(s.crestFactor).toBeCloseTo(Math.SQRT2, 12);
    expect(s.kurtosis).toBeCloseTo(1.5, 12);
    expect(s.skewness).toBeCloseTo(0, 12);
    // mean |sin| over 1000 samples a period differs from 2/pi by O(1/1000^2).
    expect(s.shapeFactor).toBeCloseTo(Math.PI / (2 * Math.SQRT2), 4);
    expect(s.impulseFactor).toBeCloseTo(Math.PI / 2, 4);
  });

  it('gives the analytic values of a square wave (every ratio 1), whatever its offset', () => {
    const x = Float32Array.from({ length: 1000 }, (_, j) => 7 + (j % 20 < 10 ? 3 : -3));
    const s = timeDomainStats(x);
    expect(s.mean).toBeCloseTo(7, 12);
    expect(s.rms).toBeCloseTo(3, 12);
    expect(s.peak).toBeCloseTo(3, 12);
    expect(s.peakToPeak).toBeCloseTo(6, 12);
    for (const v of [s.crestFactor, s.kurtosis, s.shapeFactor, s.impulseFactor]) {
      expect(v).toBeCloseTo(1, 12);
    }
    expect(s.skewness).toBeCloseTo(0, 12);
  });

  it('matches a hand computation on [1, 2, 3, 4, 10]', () => {
    // mean 4; d = [-3, -2, -1, 0, 6]; sum d^2 = 50, d^3 = 180, d^4 = 1394, |d| = 12 (n = 5).
    const s = timeDomainStats(Float64Array.from([1, 2, 3, 4, 10]));
    expect(s.mean).toBe(4);
    expect(s.rms).toBeCloseTo(Math.sqrt(10), 12);
    expect(s.peak).toBe(6);
    expect(s.peakToPeak).toBe(9);
    expect(s.crestFactor).toBeCloseTo(6 / Math.sqrt(10), 12);
    expect(s.skewness).toBeCloseTo(36 / 10 ** 1.5, 12);
    expect(s.kurtosis).toBeCloseTo(278.8 / 100, 12);
    expect(s.shapeFactor).toBeCloseTo(Math.sqrt(10) / 2.4, 12);
    expect(s.impulseFactor).toBeCloseTo(2.5, 12);
  });

  it('reads kurtosis 3 and skewness 0 for Gaussian noise', () => {
    // Standard errors for n = 200 000: sqrt(24 / n) = 0.011 (kurtosis), sqrt(6 / n) = 0.005.
    const rng = new Random(11, 'td');
    const x = new Float64Array(200_000);
    rng.fillNormal(x);
    const s = timeDomainStats(x);
    expect(s.kurtosis).toBeGreaterThan(2.95);
    expect(s.kurtosis).toBeLessThan(3.05);
    expect(Math.abs(s.skewness)).toBeLessThan(0.03);
    expect(s.shapeFactor).toBeCloseTo(Math.sqrt(Math.PI / 2), 2);
  });

  it('analyses a sub-range only', () => {
    const x = Float64Array.from([100, 1, 2, 3, 4, 10, -100]);
    expect(timeDomainStats(x, 1, 6).kurtosis).toBeCloseTo(2.788, 12);
  });

  it('propagates NaN and gives NaN ratios for a constant signal', () => {
    const s = timeDomainStats(Float64Array.from([1, Number.NaN, 3]));
    expect(Object.values(s).every(Number.isNaN)).toBe(true);
    const c = timeDomainStats(new Float64Array(8).fill(2));
    expect(c.rms).toBe(0);
    expect(c.crestFactor).toBeNaN();
    expect(c.kurtosis).toBeNaN();
  });

  it('rejects an empty or out-of-range slice with the parameter named', () => {
    expect(() => timeDomainStats(new Float64Array(0))).toThrow(/x: expected at least 1 sample/);
    expect(() => timeDomainStats(new Float64Array(4), 2, 9)).toThrow(/from, to: expected integers/);
  });
});

describe('timeDomainStatsGiven', () => {
  it('gives timeDomainStats bit for bit from the first pass of the quality checks', () => {
    const rng = new Random(11);
    const x = new Float64Array(5000);
    rng.fillNormal(x);
    for (let i = 0; i < x.length; i += 97) x[i] = x[i]! * 8 + 0.3;
    const q = captureQuality(x);
    expect(q.nanCount).toBe(0);
    let sum = 0;
    for (const v of x) sum += v;
    expect(q.finiteSum).toBe(sum);
    expect(q.min).toBe(Math.min(...x));
    expect(q.max).toBe(Math.max(...x));
    expect(timeDomainStatsGiven(x, 0, x.length, q.finiteSum, q.min, q.max)).toStrictEqual(
      timeDomainStats(x),
    );
  });
});
