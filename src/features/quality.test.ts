import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { applyAccelerometer, DEFAULT_ACCELEROMETER } from '../twin/sensors.js';
import { captureQuality, longestFiniteRun } from './quality.js';
import { MIN_CAPTURE_SAMPLES } from '../twin/scenario-schema.js';

function noise(n: number, seed = 1): Float64Array {
  const x = new Float64Array(n);
  new Random(seed, 'quality').fillNormal(x);
  return x;
}

describe('captureQuality', () => {
  it('passes clean noise', () => {
    const q = captureQuality(noise(12_000));
    expect(q.usable).toBe(true);
    expect(q.issues).toEqual([]);
    expect(q.nanCount + q.clippedCount + q.stuckCount).toBe(0);
  });

  it('counts gaps and their longest run, and fails on any by default', () => {
    const x = noise(1000);
    x.fill(Number.NaN, 100, 130);
    x[500] = Number.NaN;
    x[501] = Infinity;
    const q = captureQuality(x);
    expect(q.nanCount).toBe(32);
    expect(q.longestGap).toBe(30);
    expect(q.issues).toEqual(['gaps']);
    expect(captureQuality(x, { maxGapFraction: 0.05 }).usable).toBe(true);
  });

  it('counts samples at or beyond a known range, and flat tops when the range is unknown', () => {
    const x = noise(1000);
    x[10] = 5;
    x[11] = -5.5;
    expect(captureQuality(x, { rangeG: 5 }).clippedCount).toBe(2);
    // Saturation at an unknown level: runs of equal samples at the record's extremes.
    const y = noise(1000).map((v) => Math.max(-1.5, Math.min(1.5, v)));
    const expected = y.filter((v) => Math.abs(v) === 1.5).length;
    const q = captureQuality(y);
    expect(q.clippedCount).toBeGreaterThan(0);
    expect(q.clippedCount).toBeLessThanOrEqual(expected);
    expect(q.issues).toContain('clipped');
  });

  it('tells a rail from a clean peak held by quantisation, and counts a noisy rail whole', () => {
    // 0.5 g at 29.7 Hz recorded with 16 bits over +-50 g (one count 1.5 mg), nearly noise-free:
    // each peak sits a few samples on its top count, reached one count at a time
    const lsb = 100 / 65536;
    const rng = new Random(2, 'quant');
    const sine = (noiseG: number) =>
      Float64Array.from(
        { length: 12_000 },
        (_, i) =>
          Math.round(
            (0.5 * Math.sin((2 * Math.PI * 29.7 * i) / 12_000) + noiseG * rng.normal()) / lsb,
          ) * lsb,
      );
    for (const noiseG of [0, 0.0002]) {
      const q = captureQuality(sine(noiseG));
      expect(q.clippedCount, `noise ${noiseG}`).toBe(0);
      expect(q.usable).toBe(true);
    }
    // the same sine with noise, saturated at +-0.45 g: runs at the rail broken by the noise
    const sat = Float64Array.from({ length: 12_000 }, (_, i) =>
      Math.max(
        -0.45,
        Math.min(0.45, 0.5 * Math.sin((2 * Math.PI * 29.7 * i) / 12_000) + 0.02 * rng.normal()),
      ),
    );
    const atRail = sat.filter((v) => Math.abs(v) === 0.45).length;
    expect(atRail).toBeGreaterThan(2000);
    const q = captureQuality(sat);
    expect(q.clippedCount).toBe(atRail);
    expect(q.issues).toContain('clipped');
    // a noise-free sine clipped at 80 % of its amplitude, in float (no converter grid): it runs
    // into the rail at its smallest step, which is therefore the "quantum"; off a grid, no peak
    // is held flat by quantisation, so the flat tops are rails
    for (const f32 of [false, true]) {
      const clean = Float64Array.from({ length: 12_000 }, (_, i) =>
        Math.max(-0.4, Math.min(0.4, 0.5 * Math.sin((2 * Math.PI * 30 * i) / 12_000))),
      );
      const x = f32 ? Float32Array.from(clean) : clean;
      const rails = x.filter((v) => Math.abs(v) === Math.fround(0.4) || Math.abs(v) === 0.4).length;
      expect(rails / 12_000).toBeGreaterThan(0.35);
      const c = captureQuality(x);
      expect(c.clippedCount, `float32 ${f32}`).toBe(rails);
      expect(c.issues).toContain('clipped');
    }
    // the same sine, unclipped, in float: no flat top, nothing counted
    expect(
      captureQuality(
        Float64Array.from(
          { length: 12_000 },
          (_, i) => 0.5 * Math.sin((2 * Math.PI * 30 * i) / 12_000),
        ),
      ).clippedCount,
    ).toBe(0);
  });

  it('finds a frozen value (the twin stuck fault) and a constant channel', () => {
    const x = noise(4000);
    x.fill(x[2000]!, 2000); // the twin's stuck fault repeats the last value to the end.
    const q = captureQuality(x);
    expect(q.longestStuck).toBe(2000);
    expect(q.stuckCount).toBe(2000);
    expect(q.issues).toEqual(['stuck']);
    const zero = captureQuality(new Float64Array(1000));
    expect(zero.constant).toBe(true);
    expect(zero.issues).toContain('constant');
    expect(captureQuality(new Float64Array(1000).fill(3 + 1e-12)).constant).toBe(true);
  });

  it('passes the shortest capture a scenario allows, and no shorter', () => {
    expect(captureQuality(noise(MIN_CAPTURE_SAMPLES)).usable).toBe(true);
    expect(captureQuality(noise(MIN_CAPTURE_SAMPLES - 1)).usable).toBe(false);
  });

  it('flags the twin sensor dropout fault and a record too short', () => {
    const x = noise(12_000);
    const out = new Float32Array(x.length);
    const fault = { kind: 'dropout', magnitude: 1, elapsedH: 0 } as const;
    applyAccelerometer(x, 12_000, DEFAULT_ACCELEROMETER, new Random(3, 'adc'), out, fault);
    const q = captureQuality(out);
    expect(q.nanCount).toBeGreaterThan(1000);
    expect(q.longestGap).toBe(q.nanCount); // one block
    expect(q.usable).toBe(false);
    expect(captureQuality(noise(100)).issues).toEqual(['too_short']);
    expect(captureQuality(noise(100), { minSamples: 50 }).usable).toBe(true);
  });

  it('rejects thresholds outside their range with the option named', () => {
    expect(() => captureQuality(noise(10), { maxClipFraction: 2 })).toThrow(/maxClipFraction/);
    expect(() => captureQuality(noise(10), { rangeG: 0 })).toThrow(/rangeG: expected > 0/);
    expect(() => captureQuality(noise(10), { stuckRunSamples: 0.5 })).toThrow(/stuckRunSamples/);
  });
});

describe('longestFiniteRun', () => {
  it('finds the longest stretch without a missing sample, the first of equals', () => {
    expect(longestFiniteRun([NaN, 1, 2, NaN, 3, 4, 5, Infinity, 6])).toEqual([4, 7]);
    expect(longestFiniteRun([1, 2, NaN, 3, 4])).toEqual([0, 2]);
    expect(longestFiniteRun([1, 2, 3])).toEqual([0, 3]);
    expect(longestFiniteRun([NaN, NaN])).toEqual([0, 0]);
    expect(longestFiniteRun([])).toEqual([0, 0]);
  });
});
