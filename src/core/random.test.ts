import { describe, expect, it } from 'vitest';
import { Random, deriveSeed } from './random.js';

describe('Random', () => {
  it('is reproducible for a seed and path, and differs across paths', () => {
    const a = new Random(42, 'machine', 3);
    const b = new Random(42, 'machine', 3);
    const c = new Random(42, 'machine', 4);
    const xa = Array.from({ length: 5 }, () => a.nextU32());
    const xb = Array.from({ length: 5 }, () => b.nextU32());
    const xc = Array.from({ length: 5 }, () => c.nextU32());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
  });

  it('draws uniforms with mean 1/2 and variance 1/12', () => {
    const r = new Random(7);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    const mean = s / n;
    expect(outside).toBe(0);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(s2 / n - mean * mean).toBeCloseTo(1 / 12, 3);
  });

  it('draws normals with the moments of N(0,1) and the right tail mass', () => {
    const r = new Random(11, 'normal');
    const n = 400_000;
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
      s4 += x * x * x * x;
      if (Math.abs(x) > 2) beyond2++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(s2 / n).toBeCloseTo(1, 1);
    expect(s4 / n).toBeGreaterThan(2.9); // kurtosis of a normal is 3
    expect(s4 / n).toBeLessThan(3.1);
    // P(|X| > 2) = 0.0455 for N(0,1)
    expect(beyond2 / n).toBeGreaterThan(0.043);
    expect(beyond2 / n).toBeLessThan(0.048);
  });

  it('draws Weibull variates whose median is scale * ln2^(1/k)', () => {
    const r = new Random(5);
    const xs = Array.from({ length: 50_001 }, () => r.weibull(2, 1000)).sort((a, b) => a - b);
    const median = xs[25_000]!;
    expect(median / (1000 * Math.pow(Math.LN2, 0.5))).toBeCloseTo(1, 1);
  });

  it('fills a range with exactly the variates that normal() draws one by one, slow path included', () => {
    const a = new Random(11, 'fill');
    const b = new Random(11, 'fill');
    const n = 50_000; // about 600 slow-path draws (wedge and tail)
    const filled = new Float64Array(n + 10).fill(-99);
    a.fillNormal(filled, 5, n + 5);
    const one = Array.from({ length: n }, () => b.normal());
    expect(Array.from(filled.subarray(5, n + 5))).toEqual(one);
    expect(filled[4]).toBe(-99);
    expect(filled[n + 5]).toBe(-99);
    // Both generators continue from the same state.
    expect(a.nextU32()).toBe(b.nextU32());
    expect(one.some((x) => Math.abs(x) > 3.442619855899)).toBe(true); // a tail draw was made
  });
});
