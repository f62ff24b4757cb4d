import { describe, expect, it } from 'vitest';
import { CaptureSpectrum } from './capture-spectrum.js';
import { SquaredEnvelopeSpectrum } from './squared-envelope.js';

const FS_HZ = 12_000;

/** (1 + m cos(2 pi 50 t)) cos(2 pi 3000 t), 1 s: its analytic signal in a band around 3 kHz
 * has |z|^2 = (1 + m cos)^2 = 1 + m^2/2 + 2 m cos(w t) + (m^2 / 2) cos(2 w t). */
function am(m: number, gain = 1): Float64Array {
  return Float64Array.from({ length: FS_HZ }, (_, j) => {
    const t = j / FS_HZ;
    return gain * (1 + m * Math.cos(2 * Math.PI * 50 * t)) * Math.cos(2 * Math.PI * 3000 * t);
  });
}

describe('SquaredEnvelopeSpectrum', () => {
  it('reads 2 m at the modulation frequency and m^2 / 2 at twice it', () => {
    // Band [2500, 3500]: 1001 bins; exact to 0.9 x 1001 Hz needs R >= 1001 + 901 bins, so
    // m = nextFastSize(1903) = 1920 samples (1920 Hz). A shaft of 32 Hz makes 16 revolutions
    // 960 samples, a fast size: 3 segments, no padding, bins 2 Hz apart, 50 Hz on bin 25.
    const spec = new CaptureSpectrum().compute(am(0.4), FS_HZ);
    const ses = new SquaredEnvelopeSpectrum().compute(spec, [2500, 3500], 32);
    expect(ses.envFsHz).toBe(1920);
    expect(ses.dfHz).toBe(2);
    expect(ses.segments).toBe(3);
    // Hann segments overlapping by half correlate by rho = 1/6 (sum w(n) w(n + N/2) = N/16
    // over sum w^2 = 3N/8): Welch's dof = 2 x 3 / (1 + 2 (1 - 1/3) / 36) = 6 / (1 + 1/27).
    expect(ses.dof).toBeCloseTo(6 / (1 + 1 / 27), 9);
    expect(ses.maxValidHz).toBeCloseTo(900.9, 9);
    expect(ses.amp[25]).toBeCloseTo(0.8, 5);
    expect(ses.amp[50]).toBeCloseTo(0.08, 5);
    expect(ses.amp[0]).toBeLessThan(1e-5); // each segment's mean is removed
    expect(ses.amp[80]).toBeLessThan(1e-5);
  });

  it('scales with gain squared, so ratios within it do not change', () => {
    const spec = new CaptureSpectrum().compute(am(0.4, 3.7), FS_HZ);
    const ses = new SquaredEnvelopeSpectrum().compute(spec, [2500, 3500], 32);
    expect(ses.amp[25]! / 3.7 ** 2).toBeCloseTo(0.8, 5);
  });

  it('samples |z|^2 more slowly when the caller reads low frequencies only', () => {
    // Exact to 200 Hz: R >= 1001 + 200 bins, m = nextFastSize(1202) = 1280; valid to 279 Hz.
    const spec = new CaptureSpectrum().compute(am(0.4), FS_HZ);
    const ses = new SquaredEnvelopeSpectrum().compute(spec, [2500, 3500], 32, 16, 200);
    expect(ses.envFsHz).toBe(1280);
    expect(ses.maxValidHz).toBe(279);
    const k = Math.round(50 / ses.dfHz);
    expect(Math.max(ses.amp[k - 1]!, ses.amp[k]!, ses.amp[k + 1]!)).toBeGreaterThan(0.8 * 0.84);
  });

  it('uses one segment when the record holds fewer revolutions than a segment', () => {
    const spec = new CaptureSpectrum().compute(am(0.4), FS_HZ);
    expect(new SquaredEnvelopeSpectrum().compute(spec, [2500, 3500], 5).segments).toBe(1);
  });

  it('rejects bad bands and speeds with the parameter named', () => {
    const spec = new CaptureSpectrum().compute(am(0.4), FS_HZ);
    const ses = new SquaredEnvelopeSpectrum();
    expect(() => ses.compute(spec, [3000, 7000], 30)).toThrow(/bandHz: expected 0 <= lo < hi/);
    expect(() => ses.compute(spec, [3000, 3000.5], 30)).toThrow(/fewer than 2 bins/);
    expect(() => ses.compute(spec, [2500, 3500], Number.NaN)).toThrow(/shaftHz/);
  });
});
