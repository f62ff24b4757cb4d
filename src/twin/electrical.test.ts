import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { amplitudeSpectrum, peakNear } from '../features/spectrum.js';
import { healthySeverities } from './health.js';
import { rotorBarSidebandRatio, synthesizeCurrent } from './electrical.js';

describe('stator current', () => {
  const fs = 4096;
  const n = fs * 16;
  const slip = 0.04;
  function spectrum(rotorBar: number) {
    const sev = healthySeverities();
    sev.rotor_bar = rotorBar;
    const out = new Float64Array(n);
    synthesizeCurrent(
      { supplyHz: 50, shaftHz: 24, slip, currentRmsA: 4, severities: sev },
      { gain: 1, noiseFraction: 0, ratedCurrentA: 4.65 },
      fs,
      out,
      new Random(1),
    );
    return amplitudeSpectrum(out, fs, { window: 'flattop' });
  }

  it('has a fundamental of sqrt(2) x RMS at the supply frequency', () => {
    expect(peakNear(spectrum(0), 50, 0.01).amp).toBeCloseTo(4 * Math.SQRT2, 2);
  });

  it('puts broken-bar sidebands at f(1 +- 2s) with the modelled level', () => {
    const s = spectrum(0.5);
    const fund = peakNear(s, 50, 0.01).amp;
    const lower = peakNear(s, 50 * (1 - 2 * slip), 0.005);
    const upper = peakNear(s, 50 * (1 + 2 * slip), 0.005);
    expect(lower.freqHz).toBeCloseTo(46, 1);
    expect(upper.freqHz).toBeCloseTo(54, 1);
    expect(lower.amp / fund).toBeCloseTo(rotorBarSidebandRatio(0.5), 3);
    expect(20 * Math.log10(lower.amp / fund)).toBeGreaterThan(
      20 * Math.log10(peakNear(spectrum(0), 46, 0.005).amp / fund) + 15,
    );
  });
});
