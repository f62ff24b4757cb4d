import { describe, expect, it } from 'vitest';
import { singleCapture } from '../twin/single-capture.js';
import { overallVibration } from '../twin/vibration.js';
import { CaptureSpectrum } from './capture-spectrum.js';
import {
  ISO_10816_LIMITS,
  STANDARD_GRAVITY_MM_S2,
  VelocityIntegrator,
  accelToVelocity,
  isoZone,
} from './velocity.js';

const FS_HZ = 12_000;

function tone(freqHz: number, ampG: number, n = FS_HZ): Float64Array {
  return Float64Array.from(
    { length: n },
    (_, j) => ampG * Math.cos((2 * Math.PI * freqHz * j) / FS_HZ),
  );
}

function sum(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, j) => v + b[j]!);
}

/** Velocity RMS of a g-amplitude tone: a g / (2 pi f) / sqrt 2, in mm/s. */
function toneVelRms(freqHz: number, ampG: number): number {
  return (ampG * STANDARD_GRAVITY_MM_S2) / (2 * Math.PI * freqHz) / Math.SQRT2;
}

describe('accelToVelocity', () => {
  it('gives a g 9806.65 / (2 pi 50) / sqrt2 mm/s for a 50 Hz tone of a g', () => {
    const { rmsMmS, velMmS } = accelToVelocity(tone(50, 0.3), FS_HZ);
    const expected = toneVelRms(50, 0.3); // 6.6218 mm/s
    expect(rmsMmS / expected).toBeCloseTo(1, 6);
    // The waveform is the integral: a cos(w t) g / ... -> (a g / w) sin(w t).
    const peak = (0.3 * STANDARD_GRAVITY_MM_S2) / (2 * Math.PI * 50);
    for (const j of [0, 60, 123, 6000]) {
      expect(velMmS[j]! / peak).toBeCloseTo(Math.sin((2 * Math.PI * 50 * j) / FS_HZ), 5);
    }
  });

  it('excludes tones outside the ISO band of 10 Hz - 1 kHz', () => {
    const inBand = toneVelRms(50, 0.3);
    for (const freqHz of [5, 3000]) {
      const x = tone(freqHz, 0.3);
      expect(accelToVelocity(x, FS_HZ).rmsMmS).toBeLessThan(1e-6 * inBand);
    }
    // A 5 Hz tone added to the 50 Hz one changes nothing.
    const both = sum(tone(50, 0.3), tone(5, 1));
    expect(accelToVelocity(both, FS_HZ).rmsMmS / inBand).toBeCloseTo(1, 6);
  });

  it('sums the power of tones in the band (Parseval), and accepts other bands', () => {
    const x = sum(tone(50, 0.3), tone(400, 1));
    const expected = Math.hypot(toneVelRms(50, 0.3), toneVelRms(400, 1));
    expect(accelToVelocity(x, FS_HZ).rmsMmS / expected).toBeCloseTo(1, 6);
    expect(accelToVelocity(x, FS_HZ, [2, 100]).rmsMmS / toneVelRms(50, 0.3)).toBeCloseTo(1, 6);
  });

  it('agrees with the twin own overall velocity of an imbalanced machine within 10 %', () => {
    // The twin computes its transmitter overall value from the components (vibration.ts).
    const cap = singleCapture({
      mode: 'imbalance',
      severity: 0.6,
      speedRpm: 1500,
      fsHz: FS_HZ,
      durationS: 2,
    });
    const expected = overallVibration(cap.machine.vibration, cap.input, 'de').velocityRmsMmS;
    const got = accelToVelocity(cap.accelG, FS_HZ).rmsMmS;
    expect(Math.abs(got / expected - 1)).toBeLessThan(0.1);
  });

  it('rejects bad inputs with the parameter named', () => {
    expect(() => accelToVelocity(new Float64Array(1), FS_HZ)).toThrow(/accelG: expected >= 2/);
    expect(() => accelToVelocity(new Float64Array(8), 0)).toThrow(/fsHz: expected a finite/);
    expect(() => accelToVelocity(new Float64Array(8), 8, [5, 2])).toThrow(
      /bandHz: expected 0 < lo < hi/,
    );
  });
});

describe('VelocityIntegrator', () => {
  it('writes the same band-limited waveform at a reduced rate', () => {
    const x = sum(tone(50, 0.3), tone(210, 0.2));
    const spec = new CaptureSpectrum().compute(x, FS_HZ);
    const full = new Float64Array(FS_HZ);
    const reduced = new Float64Array(4000); // 4 kHz: every third sample of the full rate.
    const vi = new VelocityIntegrator();
    const rms = vi.integrate(spec, undefined, full);
    expect(vi.integrate(spec, undefined, reduced)).toBe(rms);
    // Equal to pffft's float32 rounding (peak velocity here about 10 mm/s).
    for (const j of [0, 1, 777, 3999]) expect(reduced[j]! - full[3 * j]!).toBeCloseTo(0, 4);
    expect(() => vi.integrate(spec, undefined, new Float64Array(1500))).toThrow(/out: expected/);
  });
});

describe('isoZone', () => {
  it('maps velocity RMS to zones A..D at the class boundaries of ISO 10816-1', () => {
    expect(isoZone(0.5)).toBe(0);
    expect(isoZone(0.71)).toBe(0);
    expect(isoZone(0.72)).toBe(1);
    expect(isoZone(1.8)).toBe(1);
    expect(isoZone(4.5)).toBe(2);
    expect(isoZone(4.51)).toBe(3);
    expect(isoZone(3, ISO_10816_LIMITS.II)).toBe(2);
    expect(isoZone(3, ISO_10816_LIMITS.III)).toBe(1);
    expect(isoZone(3, ISO_10816_LIMITS.IV)).toBe(1);
    expect(isoZone(20, ISO_10816_LIMITS.IV)).toBe(3);
    expect(isoZone(1, [2, 3, 4])).toBe(0);
    expect(isoZone(Number.NaN)).toBeNaN();
  });

  it('rejects limits that are not ascending and negative velocities', () => {
    expect(() => isoZone(1, [2, 1, 3])).toThrow(/limits: expected three ascending/);
    expect(() => isoZone(-1)).toThrow(/velRmsMmS: expected >= 0/);
  });
});
