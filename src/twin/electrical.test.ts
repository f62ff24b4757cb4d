import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { amplitudeSpectrum, peakNear } from '../features/spectrum.js';
import { healthySeverities } from './health.js';
import type { RotorAsymmetry } from './electrical.js';
import { rotorBarSidebands, synthesizeCurrent, TYPICAL_ROTOR } from './electrical.js';

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
    // severity 0.5, typical rotor: sum 10^(-51/20) + 0.05 = 0.052818; lower 1/1.65 of it
    // (0.032011), upper 0.65/1.65 (0.020807)
    const s = spectrum(0.5);
    const fund = peakNear(s, 50, 0.01).amp;
    const lower = peakNear(s, 50 * (1 - 2 * slip), 0.005);
    const upper = peakNear(s, 50 * (1 + 2 * slip), 0.005);
    expect(lower.freqHz).toBeCloseTo(46, 1);
    expect(upper.freqHz).toBeCloseTo(54, 1);
    expect(lower.amp / fund).toBeCloseTo(0.032011, 4);
    expect(upper.amp / fund).toBeCloseTo(0.020807, 4);
    expect(rotorBarSidebands(0.5).lower).toBeCloseTo(0.032011, 5);
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

  it("splits a healthy rotor's own sideband sum between lower and upper by its ratio", () => {
    // sum -58.3 dB, r = 0.5: lower -58.3 - 20 log10(1.5) = -61.82 dB, upper
    // -58.3 + 20 log10(0.5 / 1.5) = -67.84 dB
    const sb = sidebandsDb(spectrum(0, { healthySidebandSumDb: -58.3, upperSidebandRatio: 0.5 }));
    expect(sb.lower).toBeCloseTo(-61.82, 1);
    expect(sb.upper).toBeCloseTo(-67.84, 1);
    // sum -51 dB, r = 0.9: lower -56.58, upper -57.49 dB; the sum is the rotor's whatever r
    const other = sidebandsDb(spectrum(0, { healthySidebandSumDb: -51, upperSidebandRatio: 0.9 }));
    expect(other.lower).toBeCloseTo(-56.58, 1);
    expect(other.upper).toBeCloseTo(-57.49, 1);
    expect(db(10 ** (other.lower / 20) + 10 ** (other.upper / 20))).toBeCloseTo(-51, 1);
  });

  it("sinks the sidebands with the load component's share of the current", () => {
    // severity 0.25 at full load: (10^(-51/20) + 0.025) / 1.65 = 0.016860 (-35.46 dB); at a
    // share of 0.4 (light load) the same bars read 20 log10(0.4) = 7.96 dB lower
    const full = sidebandsDb(spectrum(0.25));
    const light = sidebandsDb(spectrum(0.25, TYPICAL_ROTOR, 0.4));
    expect(full.lower).toBeCloseTo(-35.46, 1);
    expect(full.lower - light.lower).toBeCloseTo(7.96, 1);
    expect(full.upper - light.upper).toBeCloseTo(7.96, 1);
  });
});

describe('stator current synthesis in one pass', () => {
  /** The waveform as the model defines it: each tone added into `out` in turn, then the noise. */
  function reference(
    x: Parameters<typeof synthesizeCurrent>[0],
    sensor: Parameters<typeof synthesizeCurrent>[2],
    fsHz: number,
    out: Float32Array | Float64Array,
    rng: Random,
  ): void {
    const amp = Math.SQRT2 * x.currentRmsA * sensor.gain;
    const f = x.supplyHz;
    const rb = rotorBarSidebands(x.severities.rotor_bar, TYPICAL_ROTOR, x.rotorCurrentShare);
    const ecc = 0.003 * (1 + 2 * x.severities.misalignment + 3 * x.severities.looseness);
    const comps = [
      [f, 1],
      [f * (1 - 2 * x.slip), rb.lower],
      [f * (1 + 2 * x.slip), rb.upper],
      [f - x.shaftHz, ecc],
      [f + x.shaftHz, ecc],
      [5 * f, 0.02],
      [7 * f, 0.01],
    ] as const;
    out.fill(0);
    for (const [freq, rel] of comps) {
      if (!(freq > 0 && freq < fsHz / 2) || rel <= 0 || amp <= 0) continue;
      const w = (2 * Math.PI * freq) / fsHz;
      const ph = 2 * Math.PI * rng.uniform();
      let re = amp * rel * Math.cos(ph);
      let im = amp * rel * Math.sin(ph);
      for (let i = 0; i < out.length; i++) {
        out[i] = out[i]! + re;
        const r2 = re * Math.cos(w) - im * Math.sin(w);
        im = re * Math.sin(w) + im * Math.cos(w);
        re = r2;
      }
    }
    const noise = sensor.noiseFraction * sensor.ratedCurrentA;
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + noise * rng.normal();
  }

  // 2 kHz keeps all seven tones (three passes of three, the last one short); 400 Hz drops the
  // 5th and 7th harmonics (five tones); no current leaves the noise alone
  it.each([
    [2000, 20, 'float32'],
    [2000, 20, 'float64'],
    [400, 20, 'float32'],
    [2000, 0, 'float32'],
  ] as const)(
    'gives the samples of tone-by-tone addition, to the bit (%d Hz, %d A, %s)',
    (fs, amps, kind) => {
      const Kind = kind === 'float32' ? Float32Array : Float64Array;
      const sev = healthySeverities();
      sev.rotor_bar = 0.3;
      sev.misalignment = 0.2;
      const x = {
        supplyHz: 50,
        shaftHz: 24.3,
        slip: 0.028,
        currentRmsA: amps,
        rotorCurrentShare: 0.9,
        severities: sev,
      };
      const sensor = { gain: 1.02, noiseFraction: 0.003, ratedCurrentA: 30 };
      const got = new Kind(3001);
      const want = new Kind(3001);
      synthesizeCurrent(x, TYPICAL_ROTOR, sensor, fs, got, new Random(5, 'current'));
      reference(x, sensor, fs, want, new Random(5, 'current'));
      expect(Array.from(got)).toEqual(Array.from(want));
    },
  );
});
