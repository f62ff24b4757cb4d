/** Tests of scales and tick generation: 1-2-5 steps, exact decimal ticks, log decades. */
import { describe, expect, it } from 'vitest';
import {
  bandScale,
  linearScale,
  linearTicks,
  logScale,
  logTicks,
  niceDomain,
  niceTicks,
  tickStep,
} from './scale.js';

describe('niceTicks', () => {
  it('steps [0, 7.3] by 1 for about ten ticks and by 2 for about five', () => {
    expect(niceTicks(0, 7.3, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(niceTicks(0, 7.3, 5)).toEqual([0, 2, 4, 6]);
  });

  it('gives exact decimals on [0.013, 0.087]', () => {
    // raw step 0.074 / 5 = 0.0148 lies between sqrt(2) and sqrt(10) times 0.01: step 0.02.
    expect(niceTicks(0.013, 0.087, 5)).toEqual([0.02, 0.04, 0.06, 0.08]);
    expect(niceTicks(0.013, 0.087, 10)).toEqual([0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08]);
  });

  it('builds ticks from integers, so 0.1 steps print without float noise', () => {
    const ticks = niceTicks(0, 1, 10);
    expect(ticks).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(ticks.map(String)).toContain('0.3');
  });

  it('handles negative, reversed, large and degenerate intervals', () => {
    expect(niceTicks(-1.2, 1.2, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(7.3, 0, 5)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(0, 12_800, 6)).toEqual([0, 2000, 4000, 6000, 8000, 10_000, 12_000]);
    expect(niceTicks(3, 3, 5)).toEqual([3]);
    expect(niceTicks(NaN, 1, 5)).toEqual([]);
  });

  it('uses only steps of 1, 2 or 5 times a power of ten', () => {
    for (const [lo, hi, n] of [
      [0, 1e-5, 7],
      [-3e6, 8e6, 9],
      [0.5, 0.51, 4],
      [1, 1000, 3],
    ] as const) {
      const step = tickStep(lo, hi, n);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
      expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
    }
  });
});

describe('niceDomain', () => {
  it('widens to multiples of the tick step', () => {
    expect(niceDomain(0.013, 0.087, 5)).toEqual([0, 0.1]);
    expect(niceDomain(-3.7, 97.2, 5)).toEqual([-20, 100]);
  });
});

describe('linearScale', () => {
  it('maps domain ends exactly onto range ends, also reversed (y axes)', () => {
    const s = linearScale([0.1, 0.7], [400, 20]);
    expect(s.map(0.1)).toBe(400);
    expect(s.map(0.7)).toBe(20);
    expect(s.map(0.4)).toBeCloseTo(210, 12);
    const t = linearScale([-5, 5], [0, 100]);
    expect(t.map(0)).toBe(50);
    expect(t.map(-10)).toBe(-50);
  });

  it('maps a zero-width domain to the middle of the range', () => {
    expect(linearScale([2, 2], [0, 10]).map(7)).toBe(5);
  });
});

describe('logScale', () => {
  it('spaces decades evenly and gives NaN for values <= 0', () => {
    const s = logScale([1e-3, 10], [0, 400]);
    expect(s.map(1e-3)).toBe(0);
    expect(s.map(10)).toBe(400);
    [1e-2, 1e-1, 1].forEach((v, i) => {
      expect(s.map(v)).toBeCloseTo(100 * (i + 1), 9);
    });
    expect(s.map(0)).toBeNaN();
    expect(s.map(-1)).toBeNaN();
  });

  it('rejects a domain that is not positive', () => {
    expect(() => logScale([0, 1], [0, 1])).toThrow(/positive/);
  });
});

describe('bandScale', () => {
  it('centres equal bands with the padding between and around them', () => {
    // 4 bands + 0.2 padding = 4.2 steps over 420 px: step 100, band 80, first centre 60.
    const s = bandScale(4, [0, 420], 0.2);
    expect(s.bandwidthPx).toBeCloseTo(80, 12);
    expect(s.map(0)).toBeCloseTo(60, 12);
    expect(s.map(3)).toBeCloseTo(360, 12);
    expect(bandScale(3, [0, 300], 0).map(1)).toBe(150);
  });
});

describe('linearTicks', () => {
  it('labels every tick with one shared format', () => {
    expect(linearTicks(0, 1, 4).map((t) => t.label)).toEqual([
      '0.0',
      '0.2',
      '0.4',
      '0.6',
      '0.8',
      '1.0',
    ]);
  });
});

describe('logTicks', () => {
  it('puts a labelled major tick on each decade of [1e-3, 10] and minors at 2..9', () => {
    const ticks = logTicks(1e-3, 10, 10);
    const majors = ticks.filter((t) => t.major);
    expect(majors.map((t) => t.value)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(majors.map((t) => t.label)).toEqual(['0.001', '0.01', '0.1', '1', '10']);
    expect(ticks.filter((t) => !t.major)).toHaveLength(4 * 8);
    expect(ticks.find((t) => !t.major)?.value).toBe(0.002);
    expect(ticks.filter((t) => !t.major).every((t) => t.label === '')).toBe(true);
  });

  it('switches to powers of ten outside 1e-3..1e4 and thins long ranges', () => {
    const ticks = logTicks(1e-12, 1, 4).filter((t) => t.label !== '');
    // 13 decades, at most 4 labels: every 4th decade.
    expect(ticks.map((t) => t.label)).toEqual([
      '10\u207b\u00b9\u00b2',
      '10\u207b\u2078',
      '10\u207b\u2074',
      '10\u2070',
    ]);
    // More than 12 decades: no minor ticks.
    expect(logTicks(1e-20, 1, 30).every((t) => t.major)).toBe(true);
  });

  it('labels 2 and 5 when fewer than two decades fall inside', () => {
    const ticks = logTicks(3, 70, 10).filter((t) => t.label !== '');
    expect(ticks.map((t) => t.label)).toEqual(['5', '10', '20', '50']);
    const within = logTicks(2, 8, 10).filter((t) => t.label !== '');
    expect(within.map((t) => t.value)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});
