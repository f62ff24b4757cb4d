import { describe, expect, it } from 'vitest';
import { BEARING_6205 } from '../twin/bearing.js';
import { singleCapture } from '../twin/single-capture.js';
import type { VibrationMode } from '../twin/modes.js';
import {
  FeatureExtractor,
  VIBRATION_FEATURE_COUNT,
  vibrationFeatures,
  type VibrationInput,
} from './capture-features.js';
import { VIBRATION_FEATURES, VIBRATION_FEATURE_INDEX } from './feature-registry.js';
import { ISO_10816_LIMITS, isoZone } from './velocity.js';

const FS_HZ = 12_000;

function input(mode: VibrationMode, speedRpm = 1800, seed = 1): VibrationInput {
  const cap = singleCapture({ mode, severity: 0.5, speedRpm, fsHz: FS_HZ, durationS: 1, seed });
  return { signal: cap.accelG, fsHz: FS_HZ, speedRpm, bearing: BEARING_6205 };
}

function value(values: Float64Array, name: keyof typeof VIBRATION_FEATURE_INDEX): number {
  return values[VIBRATION_FEATURE_INDEX[name]]!;
}

const NON_QUALITY = VIBRATION_FEATURES.flatMap((f, i) => (f.group === 'quality' ? [] : [i]));

describe('VIBRATION_FEATURES', () => {
  it('names 60-90 unique snake_case features in known groups, indexed in order', () => {
    expect(VIBRATION_FEATURE_COUNT).toBe(76);
    const names = VIBRATION_FEATURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const [i, f] of VIBRATION_FEATURES.entries()) {
      expect(f.name).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
      expect(['time', 'velocity', 'order', 'envelope', 'quality']).toContain(f.group);
      expect(f.unit.length).toBeGreaterThan(0);
      expect(f.description.length).toBeGreaterThan(5);
      expect(VIBRATION_FEATURE_INDEX[f.name as keyof typeof VIBRATION_FEATURE_INDEX]).toBe(i);
    }
    // Units in names where a number has one.
    for (const f of VIBRATION_FEATURES) {
      if (f.unit === 'g') expect(f.name.endsWith('_g')).toBe(true);
      if (f.unit === 'mm/s') expect(f.name.endsWith('_mm_s')).toBe(true);
      if (f.unit === 'dB') expect(f.name.endsWith('_db')).toBe(true);
    }
  });
});

describe('vibrationFeatures', () => {
  it('computes every feature of a usable capture with a measured speed', () => {
    const r = vibrationFeatures(input('outer_race'));
    expect(r.quality.usable).toBe(true);
    expect(r.speedSource).toBe('measured');
    expect(r.speedRpm).toBe(1800);
    expect(Math.abs(r.estimatedSpeedRpm / 1800 - 1)).toBeLessThan(0.02);
    const [lo, hi] = r.envelopeBandHz;
    expect(lo).toBeGreaterThanOrEqual(5 * 5.4152 * 30 - 1e-9);
    expect(hi).toBeLessThanOrEqual(5400);
    VIBRATION_FEATURES.forEach((f, i) => {
      // Only twice-line frequency needs an option (the supply frequency).
      if (f.name !== 'amp_2fl_g') expect(Number.isFinite(r.values[i]), f.name).toBe(true);
    });
    expect(value(r.values, 'q_usable')).toBe(1);
    expect(value(r.values, 'speed_rpm')).toBe(1800);
    expect(value(r.values, 'env_bpfo_h1_db')).toBeGreaterThan(15);
    expect(value(r.values, 'env_band_center_order')).toBeCloseTo((lo + hi) / 2 / 30, 12);
    expect(value(r.values, 'acc_kurtosis')).toBeGreaterThan(3);
  });

  it('estimates an unknown speed and says so', () => {
    const r = vibrationFeatures({ ...input('misalignment', 1430), speedRpm: Number.NaN });
    expect(r.speedSource).toBe('estimated');
    expect(Math.abs(r.speedRpm / 1430 - 1)).toBeLessThan(0.01);
    expect(value(r.values, 'q_speed_estimated')).toBe(1);
    expect(value(r.values, 'q_speed_dev_pct')).toBeNaN();
    expect(value(r.values, 'ratio_2x_1x')).toBeGreaterThan(1);
  });

  it('gives NaN for every non-quality feature of an unusable capture', () => {
    const x = Float32Array.from(input('normal').signal);
    x.fill(Number.NaN, 3000, 3100);
    const r = vibrationFeatures({ ...input('normal'), signal: x });
    expect(r.quality.usable).toBe(false);
    expect(value(r.values, 'q_usable')).toBe(0);
    expect(value(r.values, 'q_gap_fraction')).toBeCloseTo(100 / 12_000, 12);
    expect(value(r.values, 'q_longest_gap_fraction')).toBeCloseTo(100 / 12_000, 12);
    for (const i of NON_QUALITY) expect(r.values[i]).toBeNaN();
    expect(r.envelopeBandHz.every(Number.isNaN)).toBe(true);
  });

  it('reads a capture with gaps it is told to tolerate from its longest stretch without one', () => {
    const whole = input('outer_race');
    const x = Float32Array.from(whole.signal);
    // 10 missing samples in a run and 2 alone: 0.1 % of the record; the longest stretch is
    // 7002-11999
    x.fill(Number.NaN, 3000, 3010);
    x[7001] = Number.NaN;
    x[11_999] = Number.NaN;
    const r = vibrationFeatures({ ...whole, signal: x }, { quality: { maxGapFraction: 0.01 } });
    expect(r.quality.usable).toBe(true);
    expect(r.quality.nanCount).toBe(12);
    expect(value(r.values, 'q_gap_fraction')).toBe(12 / 12_000);
    expect(value(r.values, 'q_longest_gap_fraction')).toBe(10 / 12_000);
    const stretch = vibrationFeatures({ ...whole, signal: x.subarray(7002, 11_999) }).values;
    for (const [j, f] of VIBRATION_FEATURES.entries()) {
      if (f.group === 'quality') continue;
      if (Number.isNaN(stretch[j]!)) expect(r.values[j], f.name).toBeNaN();
      else expect(r.values[j], f.name).toBe(stretch[j]);
    }
    expect(value(r.values, 'env_bpfo_h1_db')).toBeGreaterThan(15);
    // by default any gap makes the capture unusable
    expect(vibrationFeatures({ ...whole, signal: x }).quality.usable).toBe(false);
    // a stretch too short for the analysis: unusable, said so
    const holed = Float32Array.from(whole.signal);
    for (let i = 100; i < 12_000; i += 200) holed[i] = Number.NaN;
    const h = vibrationFeatures(
      { ...whole, signal: holed },
      { quality: { maxGapFraction: 0.01 } },
    ).values;
    expect(value(h, 'q_usable')).toBe(0);
    expect(value(h, 'acc_rms_g')).toBeNaN();
  });

  it('keeps time-domain features of a record of fewer revolutions than asked for, not orders', () => {
    // 1 s at 300 rpm is 5 revolutions < 8: usable, with no order or envelope features.
    const slow = vibrationFeatures(input('imbalance', 300));
    expect(slow.quality.usable).toBe(true);
    expect(Number.isFinite(value(slow.values, 'acc_kurtosis'))).toBe(true);
    expect(Number.isFinite(value(slow.values, 'vel_rms_mm_s'))).toBe(true);
    expect(value(slow.values, 'amp_1x_g')).toBeNaN();
    expect(value(slow.values, 'env_bpfo_h1_db')).toBeNaN();
    // the result says why: 300 rpm x 1 s = 5 revolutions; a speed given in Hz (30) reads as 0.5
    expect(slow.revolutions).toBe(5);
    expect(vibrationFeatures({ ...input('imbalance'), speedRpm: 30 }).revolutions).toBe(0.5);
    expect(vibrationFeatures(input('imbalance')).revolutions).toBe(30);
    // With the speed estimated at 300 rpm, time and velocity features stay, orders go.
    const r = new FeatureExtractor({ speedSearch: { minRpm: 250, maxRpm: 4000 } }).compute({
      ...input('imbalance', 300),
      speedRpm: Number.NaN,
    });
    expect(Number.isFinite(value(r.values, 'acc_rms_g'))).toBe(true);
    expect(Number.isFinite(value(r.values, 'vel_rms_mm_s'))).toBe(true);
    expect(value(r.values, 'amp_1x_g')).toBeNaN();
    expect(value(r.values, 'env_bpfo_h1_db')).toBeNaN();
  });

  it('scales levels with sensor gain and leaves every ratio, fraction and dB unchanged', () => {
    const base = input('inner_race');
    const a = vibrationFeatures(base).values;
    const b = vibrationFeatures({ ...base, signal: base.signal.map((v) => v * 3.7) }).values;
    VIBRATION_FEATURES.forEach((f, i) => {
      const [va, vb] = [a[i]!, b[i]!];
      if (Number.isNaN(va)) {
        expect(vb, f.name).toBeNaN();
      } else if (f.unit === 'g' || f.unit === 'mm/s') {
        // to 4 digits, or to the float32 transform's rounding (~1e-8 of the record's level) for
        // a quiet line: the half order, with no tone there, lies 70 dB under it
        const floor = 1e-8 * a[VIBRATION_FEATURE_INDEX.acc_rms_g]!;
        expect(Math.abs(vb / 3.7 - va), f.name).toBeLessThan(1.35e-5 * va + floor);
      } else if (f.unit === 'dB') {
        expect(Math.abs(vb - va), f.name).toBeLessThan(1e-4);
      } else if (f.name !== 'iso_zone' && !f.name.startsWith('q_speed_dev')) {
        expect(Math.abs(vb - va), f.name).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(va)));
      }
    });
  });

  it('gives the same values from a reused extractor, into a caller buffer', () => {
    const ex = new FeatureExtractor();
    const out = new Float64Array(VIBRATION_FEATURE_COUNT);
    const first = Float64Array.from(ex.compute(input('ball')).values);
    ex.compute(input('normal', 1200, 3));
    const again = ex.compute(input('ball'), out);
    expect(again.values).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(first)); // toEqual treats NaN as equal to NaN
    expect(() => ex.compute(input('ball'), new Float64Array(3))).toThrow(/out: expected length 76/);
  });

  it('applies options: supply frequency, ISO class, quality range', () => {
    const base = input('imbalance');
    const r = new FeatureExtractor({
      orders: { supplyHz: 50 },
      isoLimits: ISO_10816_LIMITS.IV,
      quality: { rangeG: 0.05 },
    }).compute(base);
    expect(r.quality.issues).toContain('clipped');
    const ok = new FeatureExtractor({ orders: { supplyHz: 50 }, isoLimits: ISO_10816_LIMITS.IV });
    const v = ok.compute(base).values;
    expect(value(v, 'amp_2fl_g')).toBeGreaterThan(0);
    const velRms = value(v, 'vel_rms_mm_s');
    expect(value(v, 'iso_zone')).toBe(isoZone(velRms, ISO_10816_LIMITS.IV));
    const classOne = value(vibrationFeatures(base).values, 'iso_zone');
    expect(classOne).toBe(isoZone(velRms, ISO_10816_LIMITS.I));
    expect(classOne).toBeGreaterThan(value(v, 'iso_zone'));
  });

  it('rejects bad inputs with the parameter named', () => {
    const base = input('normal');
    expect(() => vibrationFeatures({ ...base, fsHz: 0 })).toThrow(/fsHz: expected a finite rate/);
    expect(() => vibrationFeatures({ ...base, speedRpm: -5 })).toThrow(/speedRpm: expected/);
    expect(() => new FeatureExtractor({ minRevolutions: 0 })).toThrow(/minRevolutions/);
  });
});
