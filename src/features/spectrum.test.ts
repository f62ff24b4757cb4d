import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { amplitudeSpectrum, bandPower, peakNear } from './spectrum.js';
import { WINDOW_KINDS, windowCoefficients } from './window.js';

const FS_HZ = 1000;
const N = 1000; // 1 s: bins fall on whole hertz.

/** sum_i amps[i] cos(2 pi freqs[i] t + phase_i) + dc, sampled at FS_HZ. */
function tones(parts: readonly (readonly [number, number])[], dc = 0, n = N): Float64Array {
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let v = dc;
    parts.forEach(([freqHz, amp], i) => {
      v += amp * Math.cos((2 * Math.PI * freqHz * j) / FS_HZ + 0.7 * i + 0.3);
    });
    x[j] = v;
  }
  return x;
}

describe('amplitudeSpectrum', () => {
  it.each(WINDOW_KINDS)('reads a bin-centred tone of amplitude A as A (%s)', (window) => {
    const spec = amplitudeSpectrum(tones([[100, 2.5]]), FS_HZ, { window });
    expect(spec.dfHz).toBe(1);
    expect(spec.amp.length).toBe(501);
    expect(spec.amp[100]).toBeCloseTo(2.5, 5);
  });

  it('reads a tone anywhere between bins to 0.12 % with the flat-top window', () => {
    // The flat-top window's scalloping loss is about 0.01 dB = 0.115 % (its design goal).
    for (let offset = 0; offset <= 1; offset += 0.125) {
      const spec = amplitudeSpectrum(tones([[200 + offset, 1.7]]), FS_HZ, { window: 'flattop' });
      expect(Math.abs(peakNear(spec, 200 + offset, 0.01).amp / 1.7 - 1)).toBeLessThan(1.2e-3);
    }
  });

  it('shows the Hann scalloping loss of 1.42 dB half-way between bins', () => {
    // Hann's transform is sin(pi d) / (pi d (1 - d^2)) at d bins off: 8 / (3 pi) = 0.8488 at
    // d = 1/2, the -1.42 dB of Harris (1978), Table 1.
    const spec = amplitudeSpectrum(tones([[200.5, 1]]), FS_HZ, { window: 'hann' });
    expect(peakNear(spec, 200.5, 0.01).amp).toBeCloseTo(8 / (3 * Math.PI), 3);
  });

  it('separates two tones and reads both amplitudes (flat-top)', () => {
    const spec = amplitudeSpectrum(
      tones([
        [50, 1],
        [180.3, 0.3],
      ]),
      FS_HZ,
      { window: 'flattop' },
    );
    expect(peakNear(spec, 50, 0.02).amp).toBeCloseTo(1, 3);
    expect(peakNear(spec, 180.3, 0.02).amp).toBeCloseTo(0.3, 3);
    // Far from both tones the flat-top's sidelobes (< -90 dB) leave nothing.
    expect(spec.amp[400]).toBeLessThan(1e-4);
  });

  it('reads DC as its value, and removes it on request', () => {
    const x = tones([[100, 1]], 3);
    expect(amplitudeSpectrum(x, FS_HZ).amp[0]).toBeCloseTo(3, 5);
    const spec = amplitudeSpectrum(x, FS_HZ, { removeMean: true });
    expect(spec.amp[0]).toBeLessThan(1e-6);
    expect(spec.amp[100]).toBeCloseTo(1, 5);
  });

  it('zero-pads to nfft, refining the bin spacing without changing amplitudes', () => {
    const x = tones([[123.4, 2]]);
    const flat = amplitudeSpectrum(x, FS_HZ, { window: 'flattop', nfft: 4000 });
    expect(flat.dfHz).toBe(0.25);
    expect(flat.amp.length).toBe(2001);
    expect(peakNear(flat, 123.4, 0.01).amp).toBeCloseTo(2, 2);
    // 123.4 Hz is 1.6 padded bins from 123 Hz; Hann's peak interpolates to a small part of one.
    const hann = amplitudeSpectrum(x, FS_HZ, { nfft: 4000 });
    expect(Math.abs(peakNear(hann, 123.4, 0.01).freqHz - 123.4)).toBeLessThan(0.01);
  });

  it('reads tones of 1e200 and 1e-200 without overflow or underflow of the squared bins', () => {
    for (const a of [1e200, 1e-200]) {
      const spec = amplitudeSpectrum(tones([[100, a]]), FS_HZ, { window: 'hann' });
      expect(spec.amp[100]! / a).toBeCloseTo(1, 9);
      expect(spec.amp[200]! / a).toBeLessThan(1e-9);
    }
  });

  it('accepts Float32Array input and odd lengths', () => {
    // 999 samples at 1 kHz: bin 100 is at 100 * 1000 / 999 Hz.
    const x = Float32Array.from(tones([[(100 * FS_HZ) / 999, 1]], 0, 999));
    const spec = amplitudeSpectrum(x, FS_HZ);
    expect(spec.amp.length).toBe(500);
    expect(spec.amp[100]).toBeCloseTo(1, 5);
  });

  it('rejects bad inputs with the parameter named', () => {
    const x = new Float64Array(8);
    expect(() => amplitudeSpectrum(new Float64Array(0), 1)).toThrow(/x: expected at least 1/);
    expect(() => amplitudeSpectrum(x, 0)).toThrow(/fsHz: expected a finite rate > 0, got 0/);
    expect(() => amplitudeSpectrum(x, 1, { nfft: 4 })).toThrow(
      /nfft: expected an integer >= the signal length 8/,
    );
  });
});

describe('peakNear', () => {
  it('interpolates an off-bin Hann peak to within 0.02 bin', () => {
    // Gaussian interpolation on Hann has a bias of at most ~0.016 bin (Gasior & Gonzalez 2004).
    for (const freqHz of [123.37, 77.5, 300.91, 41.06]) {
      const spec = amplitudeSpectrum(tones([[freqHz, 1]]), FS_HZ);
      const peak = peakNear(spec, freqHz * 1.004, 0.01);
      expect(Math.abs(peak.freqHz - freqHz)).toBeLessThan(0.02);
      expect(Math.abs(peak.bin - freqHz)).toBeLessThanOrEqual(0.5);
    }
  });

  it('searches only within the tolerance, but at least one bin each side', () => {
    const spec = amplitudeSpectrum(
      tones([
        [100, 1],
        [110, 0.1],
      ]),
      FS_HZ,
    );
    expect(peakNear(spec, 110, 0.02).bin).toBe(110); // 107.8 .. 112.2 Hz excludes 100 Hz.
    expect(peakNear(spec, 110, 0.1).bin).toBe(100);
    expect(peakNear(spec, 110.4, 0).bin).toBe(110); // Tolerance 0 still spans 109.4 .. 111.4 Hz.
  });

  it('rejects frequencies outside the spectrum', () => {
    const spec = amplitudeSpectrum(tones([[100, 1]]), FS_HZ);
    expect(() => peakNear(spec, 600, 0.01)).toThrow(/freqHz: 600 Hz lies beyond/);
    expect(() => peakNear(spec, -1, 0.01)).toThrow(/freqHz: expected a finite frequency >= 0/);
    expect(() => peakNear(spec, 100, -0.1)).toThrow(/relTol: expected >= 0/);
  });
});

describe('bandPower', () => {
  it('gives A^2/2 for a tone once the band spans its main lobe', () => {
    for (const window of WINDOW_KINDS) {
      const spec = amplitudeSpectrum(tones([[250, 2]]), FS_HZ, { window });
      expect(bandPower(spec, 240, 260)).toBeCloseTo(2, 4);
    }
  });

  it('over the full band equals sum((x w)^2) / sum(w^2) (Parseval)', () => {
    const rng = new Random(3, 'band-power');
    const x = new Float64Array(N).map(() => rng.normal());
    const w = windowCoefficients('hann', N);
    let num = 0;
    let den = 0;
    for (let j = 0; j < N; j++) {
      num += (x[j]! * w[j]!) ** 2;
      den += w[j]! ** 2;
    }
    expect(bandPower(amplitudeSpectrum(x, FS_HZ), 0, FS_HZ / 2) / (num / den)).toBeCloseTo(1, 6);
    // White noise of unit variance spreads its power evenly: 100 Hz of the 500 Hz band hold
    // about 1/5 (100 bins / ENBW 1.5: a standard error near 12 %).
    expect(bandPower(amplitudeSpectrum(x, FS_HZ), 100, 200)).toBeCloseTo(0.2, 1);
  });

  it('rejects an inverted band', () => {
    const spec = amplitudeSpectrum(tones([[100, 1]]), FS_HZ);
    expect(() => bandPower(spec, 200, 100)).toThrow(/loHz, hiHz: expected 0 <= loHz <= hiHz/);
  });
});
