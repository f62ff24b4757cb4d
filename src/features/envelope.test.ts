import { describe, expect, it } from 'vitest';
import { analyticEnvelope, envelopeSpectrum } from './envelope.js';
import { peakNear } from './spectrum.js';

const FS_HZ = 12_000;
const N = 12_000; // 1 s, so spectra have 1 Hz bins.
const BAND_HZ = [2500, 3500] as const;

/** (1 + m cos(2 pi fm t)) cos(2 pi fc t): its analytic signal in a band around fc has
 * magnitude exactly 1 + m cos(2 pi fm t), whose spectrum is m at fm. */
function amTone(fcHz: number, fmHz: number, m: number): Float64Array {
  const x = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    const t = j / FS_HZ;
    x[j] = (1 + m * Math.cos(2 * Math.PI * fmHz * t)) * Math.cos(2 * Math.PI * fcHz * t);
  }
  return x;
}

/** Largest |env(t) - (1 + m cos(2 pi fm t))| over samples with t in [fromS, toS]. */
function envelopeError(
  env: { env: Float64Array; fsHz: number },
  fmHz: number,
  m: number,
  [fromS, toS]: readonly [number, number],
): number {
  let worst = 0;
  env.env.forEach((v, j) => {
    const t = j / env.fsHz;
    if (t >= fromS && t <= toS) {
      worst = Math.max(worst, Math.abs(v - (1 + m * Math.cos(2 * Math.PI * fmHz * t))));
    }
  });
  return worst;
}

/** Decaying 3 kHz ringing (time constant 1 ms) struck every 1/107.3 s: an outer-race fault. */
function impactTrain(gain = 1): Float64Array {
  const x = new Float64Array(N);
  const rateHz = 107.3;
  for (let i = 0; i < rateHz; i++) {
    const t0 = i / rateHz;
    for (let j = Math.ceil(t0 * FS_HZ); j < N && j / FS_HZ - t0 < 0.02; j++) {
      const dt = j / FS_HZ - t0;
      x[j] = x[j]! + gain * Math.exp(-dt / 0.001) * Math.sin(2 * Math.PI * 3000 * dt);
    }
  }
  return x;
}

describe('analyticEnvelope', () => {
  it('recovers the modulation of an AM tone whose components sit on bins, everywhere', () => {
    const env = analyticEnvelope(amTone(3000, 50, 0.5), FS_HZ, BAND_HZ);
    // 1001 band bins, oversampled 2x and rounded up to the fast size 2048: 2048 Hz for 1 s.
    expect(env.env.length).toBe(2048);
    expect(env.fsHz).toBe(2048);
    // Exact up to pffft's float32 rounding: the three tones are periodic in the record.
    expect(envelopeError(env, 50, 0.5, [0, 1])).toBeLessThan(1e-5);
  });

  it('recovers the modulation of an off-bin AM tone away from the record ends', () => {
    // Off-bin tones are not periodic in the record; the band edges cut the leakage of the
    // wrap-around jump, whose Gibbs tail decays as 1 / (band edge distance * time from end).
    const env = analyticEnvelope(amTone(3000.37, 47.3, 0.5), FS_HZ, BAND_HZ);
    expect(envelopeError(env, 47.3, 0.5, [0.25, 0.75])).toBeLessThan(1e-3);
    expect(envelopeError(env, 47.3, 0.5, [0.1, 0.9])).toBeLessThan(3e-3);
  });

  it('accepts Float32Array input and odd lengths', () => {
    const x = Float32Array.from(amTone(3000, 50, 0.5).subarray(0, 11_999));
    const env = analyticEnvelope(x, FS_HZ, BAND_HZ);
    expect(envelopeError(env, 50, 0.5, [0.25, 0.75])).toBeLessThan(1e-3);
  });

  it('rejects band edges outside [0, fs/2] or inverted, naming bandHz', () => {
    const x = amTone(3000, 50, 0.5);
    for (const band of [
      [-1, 100],
      [100, 6001],
      [500, 400],
      [300, 300],
      [Number.NaN, 400],
    ] as const) {
      expect(() => analyticEnvelope(x, FS_HZ, band)).toThrow(
        /bandHz: expected 0 <= lo < hi <= fsHz \/ 2 = 6000/,
      );
    }
    expect(() => analyticEnvelope(x, FS_HZ, [100.2, 100.7])).toThrow(
      /bandHz: \[100.2, 100.7\] holds no frequency bin/,
    );
    expect(() => analyticEnvelope(new Float64Array(1), FS_HZ, BAND_HZ)).toThrow(
      /x: expected at least 2 samples/,
    );
    expect(() => analyticEnvelope(x, 0, BAND_HZ)).toThrow(/fsHz: expected a finite rate > 0/);
  });
});

describe('envelopeSpectrum', () => {
  it('peaks at the modulation frequency with the modulation depth as amplitude', () => {
    const spec = envelopeSpectrum(amTone(3000, 50, 0.5), FS_HZ, BAND_HZ);
    expect(spec.dfHz).toBeCloseTo(1, 12);
    expect(spec.envFsHz).toBe(2048);
    const peak = peakNear(spec, 50, 0.05);
    expect(peak.freqHz).toBeCloseTo(50, 6);
    expect(peak.amp).toBeCloseTo(0.5, 4);
    // The mean (1) is removed, so DC is empty.
    expect(spec.amp[0]).toBeLessThan(1e-5);
  });

  it('reads an off-bin modulation depth to 1 % with the flat-top window', () => {
    const spec = envelopeSpectrum(amTone(3000.37, 47.3, 0.5), FS_HZ, BAND_HZ, {
      window: 'flattop',
    });
    expect(Math.abs(peakNear(spec, 47.3, 0.05).amp / 0.5 - 1)).toBeLessThan(0.01);
  });

  it('finds the 107.3 Hz impact rate of a decaying-ringing train and its harmonics', () => {
    const spec = envelopeSpectrum(impactTrain(), FS_HZ, [2000, 4000]);
    const background = Float64Array.from(spec.amp).sort()[spec.amp.length >> 1]!;
    for (const harmonic of [1, 2, 3]) {
      const peak = peakNear(spec, harmonic * 107.3, 0.02);
      expect(Math.abs(peak.freqHz / (harmonic * 107.3) - 1)).toBeLessThan(0.005);
      expect(peak.amp).toBeGreaterThan(100 * background);
    }
  });

  it('scales linearly with the input gain', () => {
    const a = envelopeSpectrum(impactTrain(1), FS_HZ, [2000, 4000]);
    const b = envelopeSpectrum(impactTrain(3.5), FS_HZ, [2000, 4000]);
    const top = Math.max(...a.amp);
    a.amp.forEach((v, k) => {
      expect(Math.abs(b.amp[k]! - 3.5 * v)).toBeLessThan(1e-5 * 3.5 * top);
    });
  });
});
