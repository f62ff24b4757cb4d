import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { amplitudeSpectrum, peakNear } from '../features/spectrum.js';
import { healthySeverities } from './health.js';
import type { RotorAsymmetry } from './electrical.js';
import { rotorBarSidebandRatio, synthesizeCurrent, TYPICAL_ROTOR } from './electrical.js';

describe('stator current', () => {
  const fs = 4096;
  const n = fs * 16;
  const slip = 0.04;
  function spectrum(rotorBar: number, rotor: RotorAsymmetry = TYPICAL_ROTOR, share = 1) {
    const sev = healthySeverities();
    sev.rotor_bar = rotorBar;
    const out = new Float64Array(n);
    synthesizeCurrent(
      {
        supplyHz: 50,
        shaftHz: 24,
        slip,
        currentRmsA: 4,
        rotorCurrentShare: share,
        severities: sev,
      },
      rotor,
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

  const db = (x: number) => 20 * Math.log10(x);
  const sidebandsDb = (s: ReturnType<typeof spectrum>) => {
    const fund = peakNear(s, 50, 0.01).amp;
    return {
      lower: db(peakNear(s, 46, 0.005).amp / fund),
      upper: db(peakNear(s, 54, 0.005).amp / fund),
    };
  };

  it("puts a healthy rotor's sidebands at its own level, the upper one at its share", () => {
    const rotor = { healthySidebandDb: -58.3, upperSidebandRatio: 0.5 };
    const sb = sidebandsDb(spectrum(0, rotor));
    expect(sb.lower).toBeCloseTo(-58.3, 1);
    expect(sb.upper).toBeCloseTo(-58.3 + db(0.5), 1); // -64.3 dB
    const other = sidebandsDb(spectrum(0, { healthySidebandDb: -51, upperSidebandRatio: 0.9 }));
    expect(other.lower).toBeCloseTo(-51, 1);
  });

  it("sinks the sidebands with the load component's share of the current", () => {
    // severity 0.25 at full load: 10^(-55/20) + 0.015 = 0.016778 (-35.5 dB); at a share of
    // 0.4 (light load) the same bars read 20 log10(0.4) = 8.0 dB lower
    const full = sidebandsDb(spectrum(0.25));
    const light = sidebandsDb(spectrum(0.25, TYPICAL_ROTOR, 0.4));
    expect(full.lower).toBeCloseTo(db(0.016778), 1);
    expect(full.lower - light.lower).toBeCloseTo(7.96, 1);
    expect(full.upper - light.upper).toBeCloseTo(7.96, 1);
  });
});
