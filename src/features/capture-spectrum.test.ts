import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { CaptureSpectrum, analysisLength } from './capture-spectrum.js';
import { isFastSize } from './fft.js';
import { amplitudeSpectrum } from './spectrum.js';

describe('analysisLength', () => {
  it('is the largest fast FFT size at or below n', () => {
    expect(analysisLength(12_000)).toBe(12_000); // 2^5 3 5^3
    expect(analysisLength(10_000)).toBe(9600); // 10 000 = 2^4 5^4 has a = 4 < 5.
    expect(analysisLength(48_828)).toBe(48_000);
    expect(isFastSize(analysisLength(33_333))).toBe(true);
    expect(() => analysisLength(31)).toThrow(/n: expected an integer >= 32/);
  });
});

describe('CaptureSpectrum', () => {
  it('gives the Hann amplitude spectrum of the mean-removed record without a second FFT', () => {
    const rng = new Random(2, 'capture-spectrum');
    const x = Float32Array.from(
      { length: 4800 },
      (_, j) => 3 + Math.sin(j / 7) + 0.3 * rng.normal(),
    );
    const spec = new CaptureSpectrum().compute(x, 4800);
    const reference = amplitudeSpectrum(x, 4800, { window: 'hann', removeMean: true });
    expect(spec.size).toBe(4800);
    expect(spec.dfHz).toBe(1);
    expect(spec.mean).toBeCloseTo(3, 1);
    expect(spec.re[0]).toBe(0);
    let worst = 0;
    reference.amp.forEach((a, k) => (worst = Math.max(worst, Math.abs(a - spec.hannAmp[k]!))));
    // Both run pffft in float32: agreement to its rounding relative to the largest bin.
    expect(worst).toBeLessThan(1e-5);
  });

  it('cuts a record to its analysis length and reuses its buffers', () => {
    const spec = new CaptureSpectrum();
    spec.compute(new Float64Array(10_000).fill(1), 1000);
    expect(spec.size).toBe(9600);
    expect(spec.hannAmp.length).toBe(4801);
    const buffer = spec.re.buffer;
    spec.compute(new Float64Array(9000), 1000, 4800);
    expect(spec.re.buffer).toBe(buffer);
    expect(spec.re.length).toBe(2401);
    expect(() => spec.compute(new Float64Array(100), 1000, 101)).toThrow(/size: expected an even/);
    expect(() => spec.compute(new Float64Array(100), -1)).toThrow(/fsHz: expected a finite/);
  });
});
