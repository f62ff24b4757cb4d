import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { BEARING_6205 } from '../twin/bearing.js';
import { singleCapture } from '../twin/single-capture.js';
import type { VibrationMode } from '../twin/modes.js';
import {
  ENVELOPE_DEFECTS,
  EnvelopeLineReader,
  defectOrders,
  envelopeBandSearch,
  envelopeFeatures,
  type EnvelopeAnalysis,
} from './envelope-features.js';
import type { OrderEnvelopeSpectrum } from './squared-envelope.js';

const ORDERS = defectOrders(BEARING_6205);

function analyse(
  mode: VibrationMode,
  speedRpm: number,
  fsHz: number,
  seed: number,
  gain = 1,
): EnvelopeAnalysis {
  const cap = singleCapture({ mode, severity: 0.5, speedRpm, fsHz, durationS: 1, seed });
  const x = gain === 1 ? cap.accelG : cap.accelG.map((v) => v * gain);
  return envelopeFeatures(x, fsHz, speedRpm, BEARING_6205);
}

/** The features a model reads, by name. */
function summary(e: EnvelopeAnalysis): Record<string, number> {
  const d = e.lines.defects;
  return {
    bpfo_h1: d.bpfo.harmonicsDb[0]!,
    bpfo_mean3: d.bpfo.mean3Db,
    bpfi_h1: d.bpfi.harmonicsDb[0]!,
    bpfi_mean3: d.bpfi.mean3Db,
    bsf_mean3: d.bsf.mean3Db,
    bsf2_h1: d.bsf2.harmonicsDb[0]!,
    bsf2_mean3: d.bsf2.mean3Db,
    ftf_h1: d.ftf.harmonicsDb[0]!,
    bpfi_sb1x: e.lines.bpfiSb1xDb,
    bsf2_sbftf: e.lines.bsf2SbFtfDb,
    shaft_1x: e.lines.shaft1xDb,
  };
}

function meanOver(seeds: readonly number[], f: (seed: number) => Record<string, number>) {
  const rows = seeds.map(f);
  const out: Record<string, number> = {};
  for (const key of Object.keys(rows[0]!)) {
    out[key] = rows.reduce((s, r) => s + r[key]!, 0) / rows.length;
  }
  return out;
}

describe('envelopeBandSearch', () => {
  it('puts the band above 5 x BPFI, below 5.4 kHz, at least 3.3 BPFI / 0.9 wide', () => {
    // 6205: BPFI = 4.5 (1 + 7.94 / 39.04) = 5.4152 orders; at 30 Hz, 5 x 162.46 = 812.28 Hz.
    const s = envelopeBandSearch(12_000, 30, ORDERS)!;
    expect(ORDERS.bpfi).toBeCloseTo(5.41521, 4);
    expect(s.minHz).toBeCloseTo(812.282, 2);
    expect(s.maxHz).toBe(5400);
    expect(s.minWidthHz).toBeCloseTo((3.3 * 162.4565) / 0.9, 2);
    expect(envelopeBandSearch(48_000, 30, ORDERS)!.maxHz).toBe(5400);
    expect(envelopeBandSearch(8000, 30, ORDERS)!.maxHz).toBe(3600);
    expect(envelopeBandSearch(2000, 30, ORDERS)).toBeNull();
  });
});

describe('EnvelopeLineReader', () => {
  it('reads a line as 20 log10(peak / median floor) and NaN beyond the band reach', () => {
    // A flat floor of 1 with a line of 10 at bin 100 (100 Hz): exactly 20 dB.
    const amp = new Float64Array(1001).fill(1);
    amp[100] = 10;
    amp[103] = 50; // inside the +-2 % search window: the peak read is 50, 33.98 dB.
    // Infinite degrees of freedom: the median floor is the mean floor.
    const ses: OrderEnvelopeSpectrum = {
      amp,
      dfHz: 1,
      maxValidHz: 500,
      segments: 1,
      dof: Infinity,
      envFsHz: 2000,
      sqEnvelope: new Float64Array(0),
    };
    const reader = new EnvelopeLineReader();
    expect(reader.lineDb(ses, 100, 10, 0.01)).toBeCloseTo(20, 12);
    // One segment (2 dof): the median of an exponential power is (8/9)^3 = 0.702 of its mean
    // (Wilson-Hilferty), so the RMS floor is 1 / sqrt(0.702) and the line 1.53 dB lower.
    const one = reader.lineDb({ ...ses, dof: 2 }, 100, 10, 0.01);
    expect(one).toBeCloseTo(20 + 10 * Math.log10((8 / 9) ** 3), 12);
    expect(reader.lineDb(ses, 101, 10, 0.02)).toBeCloseTo(20 * Math.log10(50), 12);
    expect(reader.lineDb(ses, 300, 10)).toBeCloseTo(0, 12);
    expect(reader.lineDb(ses, 480, 10)).toBeNaN(); // floor window passes 500 Hz
  });
});

describe('broadband floor of the wide band', () => {
  const fs = 12_000;
  const noise = (seed: number, sigma: number): Float64Array => {
    const r = new Random(seed);
    return Float64Array.from({ length: fs }, () => sigma * r.normal());
  };
  const rms = (x: Float64Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

  it('reads white noise of RMS s as s x sqrt(band width / Nyquist)', () => {
    // The band-passed part of white noise has variance s^2 W / (fs / 2); one capture's floor
    // has a 2-3 % standard error, so the mean over 24 captures is within 2 % (its own error
    // is about 0.5 %).
    let sum = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const e = envelopeFeatures(noise(seed, 0.05), fs, 1800, BEARING_6205);
      const [lo, hi] = e.wideBandHz!;
      sum += e.floorG / (0.05 * Math.sqrt((hi - lo) / (fs / 2)));
    }
    expect(Math.abs(sum / 24 - 1)).toBeLessThan(0.02);
  });

  it('scales with the gain and rises far less than the RMS under impacts', () => {
    const x = noise(3, 0.05);
    const base = envelopeFeatures(x, fs, 1800, BEARING_6205).floorG;
    const scaled = envelopeFeatures(
      x.map((v) => v * 3.7),
      fs,
      1800,
      BEARING_6205,
    ).floorG;
    expect(Math.abs(scaled / base / 3.7 - 1)).toBeLessThan(1e-5);
    // Impacts at 107 Hz ringing a 3 kHz mode with 3 % damping: the RMS grows 4.4 times, the
    // floor under the impacts about 1.7 times (each ring-down lasts most of the period). The
    // median of |z|^2 would read 2.1 times, the RMS of the band far more.
    const w = 2 * Math.PI * 3000;
    const y = Float64Array.from(x);
    for (let t0 = 0.001; t0 < 1; t0 += 1 / 107) {
      const i0 = Math.round(t0 * fs);
      for (let i = i0; i < Math.min(fs, i0 + 600); i++) {
        const t = (i - i0) / fs;
        y[i] = y[i]! + Math.exp(-0.03 * w * t) * Math.sin(w * t);
      }
    }
    const rmsRise = rms(y) / rms(x);
    const floorRise = envelopeFeatures(y, fs, 1800, BEARING_6205).floorG / base;
    expect(rmsRise).toBeGreaterThan(4);
    expect(floorRise).toBeGreaterThan(1.2);
    expect(floorRise).toBeLessThan(1.9);
  });

  it('is NaN when no band is admissible', () => {
    expect(
      envelopeFeatures(noise(1, 0.05).subarray(0, 2000), 2000, 1800, BEARING_6205).floorG,
    ).toBeNaN();
  });
});

describe('envelopeFeatures on the twin', () => {
  it('puts an outer-race fault at BPFO, far above BPFI and 2 BSF', () => {
    for (const seed of [1, 2, 3]) {
      const s = summary(analyse('outer_race', 1800, 12_000, seed));
      expect(s.bpfo_h1).toBeGreaterThan(15);
      expect(s.bpfo_mean3).toBeGreaterThan(Math.max(s.bpfi_mean3!, s.bsf2_mean3!) + 8);
    }
  });

  it('puts an inner-race fault at BPFI with shaft-rate sidebands and a 1x envelope line', () => {
    for (const seed of [1, 2, 3]) {
      const s = summary(analyse('inner_race', 1800, 12_000, seed));
      expect(s.bpfi_h1).toBeGreaterThan(15);
      expect(s.bpfi_mean3).toBeGreaterThan(Math.max(s.bpfo_mean3!, s.bsf2_mean3!) + 8);
      expect(s.bpfi_sb1x).toBeGreaterThan(10);
      expect(s.shaft_1x).toBeGreaterThan(10);
    }
  });

  it('puts a ball fault at 2 BSF and BSF with cage (FTF) sidebands', () => {
    for (const seed of [1, 2, 3]) {
      const s = summary(analyse('ball', 1800, 12_000, seed));
      expect(s.bsf2_h1).toBeGreaterThan(9);
      expect(s.bsf2_mean3).toBeGreaterThan(Math.max(s.bpfo_mean3!, s.bpfi_mean3!) + 2);
      expect(s.bsf_mean3).toBeGreaterThan(s.bpfo_mean3!);
      expect(s.bsf2_sbftf).toBeGreaterThan(7);
      expect(s.ftf_h1).toBeGreaterThan(9);
    }
  });

  it('reads every line of a healthy machine below 10 dB', () => {
    // Noise alone: the largest of the ~5-9 bins in a +-2 % window over the median of its
    // neighbours, with 2-3 Welch segments, reads 0-5 dB; 10 dB is about 3 standard deviations.
    for (const seed of [1, 2, 3, 4]) {
      for (const [speedRpm, fsHz] of [
        [1800, 12_000],
        [1200, 48_000],
      ] as const) {
        const e = analyse('normal', speedRpm, fsHz, seed);
        for (const d of ENVELOPE_DEFECTS) {
          const line = e.lines.defects[d];
          expect(line.harmonicsDb[0]).toBeLessThan(10);
          expect(line.mean3Db).toBeLessThan(8);
        }
        expect(e.lines.bpfiSb1xDb).toBeLessThan(10);
        expect(e.lines.bsf2SbFtfDb).toBeLessThan(10);
      }
    }
  });

  it('reads only readHarmonics harmonics, each exactly as the full reading gives it', () => {
    const cap = singleCapture({
      mode: 'inner_race',
      severity: 0.5,
      speedRpm: 1500,
      fsHz: 12_000,
      durationS: 1,
      seed: 4,
    });
    const all = envelopeFeatures(cap.accelG, 12_000, 1500, BEARING_6205);
    const three = envelopeFeatures(cap.accelG, 12_000, 1500, BEARING_6205, { readHarmonics: 3 });
    expect(three.band).toEqual(all.band);
    for (const set of ['lines', 'wideLines'] as const) {
      for (const d of ENVELOPE_DEFECTS) {
        const a = all[set].defects[d];
        const b = three[set].defects[d];
        expect(a.harmonicsDb).toHaveLength(10);
        expect(b.harmonicsDb).toHaveLength(3);
        // Bit for bit: the SES reaches the 10th harmonic in both.
        expect(Array.from(b.harmonicsDb)).toEqual(Array.from(a.harmonicsDb.subarray(0, 3)));
        expect(b.mean3Db).toBe(a.mean3Db);
      }
      expect(three[set].bpfiSb1xDb).toBe(all[set].bpfiSb1xDb);
      expect(three[set].shaft1xDb).toBe(all[set].shaft1xDb);
    }
    expect(all.lines.defects.bpfi.harmonicsDb[0]).toBeGreaterThan(10);
    // No admissible band (12 kHz is fine, 1 kHz is too low for 1500 rpm): NaN lines, as many.
    const low = envelopeFeatures(cap.accelG, 1000, 1500, BEARING_6205, { readHarmonics: 3 });
    expect(low.band).toBeNull();
    for (const d of ENVELOPE_DEFECTS) {
      expect(Array.from(low.lines.defects[d].harmonicsDb)).toEqual([NaN, NaN, NaN]);
      expect(low.wideLines.defects[d].harmonicsDb).toHaveLength(3);
    }
    // Bad settings are refused before any work, band or no band.
    expect(() =>
      envelopeFeatures(cap.accelG, 1000, 1500, BEARING_6205, { readHarmonics: 11 }),
    ).toThrow(/readHarmonics/);
    expect(() =>
      envelopeFeatures(cap.accelG, 12_000, 1500, BEARING_6205, { harmonics: Number.NaN }),
    ).toThrow(/harmonics: expected an integer >= 3/);
    for (const bad of [2, 11, 3.5]) {
      expect(() =>
        envelopeFeatures(cap.accelG, 12_000, 1500, BEARING_6205, { readHarmonics: bad }),
      ).toThrow(/readHarmonics: expected an integer in \[3, harmonics = 10\]/);
    }
  });

  it('leaves every envelope feature unchanged when the signal is scaled by 3.7', () => {
    // Ratios of amplitudes of one spectrum: exact but for pffft's float32 rounding (< 1e-4 dB).
    for (const mode of ['normal', 'outer_race', 'inner_race', 'ball'] as const) {
      const a = analyse(mode, 1800, 12_000, 1);
      const b = analyse(mode, 1800, 12_000, 1, 3.7);
      expect(b.band).toEqual({
        ...a.band,
        sk: b.band!.sk,
        maxSk: b.band!.maxSk,
        kurtosis: b.band!.kurtosis,
      });
      expect(Math.abs(b.band!.sk - a.band!.sk)).toBeLessThan(1e-5);
      for (const set of ['lines', 'wideLines'] as const) {
        for (const d of ENVELOPE_DEFECTS) {
          a[set].defects[d].harmonicsDb.forEach((v, h) => {
            const w = b[set].defects[d].harmonicsDb[h]!;
            if (Number.isNaN(v)) expect(w).toBeNaN();
            else expect(Math.abs(w - v)).toBeLessThan(1e-4);
          });
        }
        expect(Math.abs(b[set].bpfiSb1xDb - a[set].bpfiSb1xDb)).toBeLessThan(1e-4);
        expect(Math.abs(b[set].bsf2SbFtfDb - a[set].bsf2SbFtfDb)).toBeLessThan(1e-4);
      }
    }
  });

  it('gives the same features within 4 dB at 12 or 48 kHz and at 1200 or 1800 rpm', () => {
    // One machine state, four acquisitions; each mean over 6 captures (the seed-to-seed
    // spread of one capture is 1-4 dB). The leading lines of each fault must agree within
    // 4 dB across speed and sample rate, and every line within 5 dB. Observed: at most 3.6 dB,
    // the twin's 12 kHz captures reading 2-3 dB below its 48 kHz ones at 1800 rpm.
    const seeds = [1, 2, 3, 4, 5, 6];
    const leading: Record<string, readonly string[]> = {
      outer_race: ['bpfo_h1', 'bpfo_mean3'],
      inner_race: ['bpfi_h1', 'bpfi_mean3', 'bpfi_sb1x', 'shaft_1x'],
      ball: ['bsf2_h1', 'bsf2_mean3', 'bsf2_sbftf', 'ftf_h1'],
    };
    for (const mode of ['outer_race', 'inner_race', 'ball'] as const) {
      const configs = [
        [1800, 12_000],
        [1800, 48_000],
        [1200, 12_000],
        [1200, 48_000],
      ] as const;
      const means = configs.map(([rpm, fs]) =>
        meanOver(seeds, (seed) => summary(analyse(mode, rpm, fs, seed))),
      );
      for (const key of Object.keys(means[0]!)) {
        const values = means.map((m) => m[key]!);
        const spread = Math.max(...values) - Math.min(...values);
        expect(
          spread,
          `${mode} ${key}: ${values.map((v) => v.toFixed(1)).join(', ')}`,
        ).toBeLessThan(leading[mode]!.includes(key) ? 4 : 5);
      }
    }
  });
});
