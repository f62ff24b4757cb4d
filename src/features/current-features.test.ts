import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { currentFeatures } from './current-features.js';

const FS_HZ = 5000;

/**
 * A phase current of 10 A peak at 50 Hz with broken-rotor-bar sidebands at 50 (1 -+ 2 s),
 * each `sidebandDb` below the fundamental, plus 1 mA of noise, for durationS seconds.
 */
function current(slip: number, sidebandDb: number, durationS = 10): Float64Array {
  const rng = new Random(4, 'current');
  const sb = 10 * 10 ** (sidebandDb / 20);
  const f1 = 50;
  return Float64Array.from({ length: durationS * FS_HZ }, (_, j) => {
    const t = j / FS_HZ;
    return (
      10 * Math.cos(2 * Math.PI * f1 * t) +
      sb * Math.cos(2 * Math.PI * f1 * (1 - 2 * slip) * t + 0.3) +
      sb * Math.cos(2 * Math.PI * f1 * (1 + 2 * slip) * t + 1.1) +
      1e-3 * rng.normal()
    );
  });
}

describe('currentFeatures', () => {
  it('reads -40 dB sidebands at f (1 -+ 2 s) with the slip given', () => {
    const c = currentFeatures(current(0.033, -40), FS_HZ, 50, { slip: 0.033 });
    // RMS: sqrt(10^2 / 2 + 2 (0.1^2 / 2)) = 7.0718 A.
    expect(c.rms).toBeCloseTo(Math.sqrt(50 + 0.01), 3);
    expect(c.fundamental).toBeCloseTo(10, 1); // flat-top: within 0.01 dB (0.1 %)
    expect(c.supplyHz).toBeCloseTo(50, 2);
    expect(c.slipSource).toBe('given');
    expect(c.lowerSidebandDb).toBeCloseTo(-40, 1);
    expect(c.upperSidebandDb).toBeCloseTo(-40, 1);
  });

  it('computes slip from speed, inferring the pole pairs', () => {
    // 4-pole motor at 1450.5 rpm: s = 1 - 2 x 1450.5 / 3000 = 0.033.
    const c = currentFeatures(current(0.033, -40), FS_HZ, 50, { speedRpm: 1450.5 });
    expect(c.slipSource).toBe('speed');
    expect(c.slip).toBeCloseTo(0.033, 4);
    expect(c.lowerSidebandDb).toBeCloseTo(-40, 1);
  });

  it('finds the sidebands of a speed a few rpm off, and gives none for an impossible slip', () => {
    // 2 % slip at 50 Hz: the shaft turns at 1470 rpm; sidebands 2 Hz from 50 Hz.
    const x = current(0.02, -40, 8);
    for (const rpm of [1468, 1470, 1472, 1475]) {
      const c = currentFeatures(x, FS_HZ, 50, { speedRpm: rpm });
      // 1475 rpm reads slip 0.0167, sidebands 1.67 Hz out: before, the -44 dB of the
      // flank of the true line 0.33 Hz away
      expect(c.lowerSidebandDb, `${rpm} rpm`).toBeCloseTo(-40, 0);
      expect(c.upperSidebandDb, `${rpm} rpm`).toBeCloseTo(-40, 0);
    }
    // 1764 rpm on 50 Hz: 2 poles at 41 % slip, no induction motor's
    const wrong = currentFeatures(x, FS_HZ, 50, { speedRpm: 1764 });
    expect(wrong.slip).toBeCloseTo(0.412, 3);
    expect(wrong.lowerSidebandDb).toBeNaN();
    expect(wrong.upperSidebandDb).toBeNaN();
    // a healthy motor's floor is still read as a floor, not a line found by the wider search
    const healthy = currentFeatures(current(0.02, -200, 8), FS_HZ, 50, { speedRpm: 1475 });
    expect(healthy.lowerSidebandDb).toBeLessThan(-80);
  });

  it('finds the lower sideband in the spectrum when neither slip nor speed is known', () => {
    const c = currentFeatures(current(0.021, -45), FS_HZ, 50);
    expect(c.slipSource).toBe('spectrum');
    expect(c.slip).toBeCloseTo(0.021, 3);
    expect(c.lowerSidebandDb).toBeCloseTo(-45, 1);
    expect(c.upperSidebandDb).toBeCloseTo(-45, 1);
  });

  it('gives NaN sidebands when the record cannot resolve them from the fundamental', () => {
    // 1 s: bins 1 Hz apart; 2 s f = 1 Hz is inside the flat-top main lobe.
    const c = currentFeatures(current(0.01, -40, 1), FS_HZ, 50, { slip: 0.01 });
    expect(c.lowerSidebandDb).toBeNaN();
    expect(c.upperSidebandDb).toBeNaN();
    expect(c.rms).toBeGreaterThan(7);
  });

  it('rejects a supply frequency the sample rate cannot carry', () => {
    expect(() => currentFeatures(current(0.03, -40, 1), FS_HZ, 2000)).toThrow(/supplyHz: expected/);
    expect(() => currentFeatures(current(0.03, -40, 1), FS_HZ, 50, { slip: 0.7 })).toThrow(/slip/);
  });
});

describe('currentFeatures without a slip or speed', () => {
  it('reads no level off the noise when no line stands out of the search band', () => {
    // sidebands 0.1 Hz from 50 Hz (0.1 % slip): inside the 6 bins the search leaves out, so
    // the band holds noise only; and a motor with no sidebands at all
    for (const x of [current(0.001, -40, 8), current(0.02, -200, 8)]) {
      const c = currentFeatures(x, FS_HZ, 50);
      expect(c.slipSource).toBe('spectrum');
      expect(c.slip).toBeNaN();
      expect(c.lowerSidebandDb).toBeNaN();
      expect(c.upperSidebandDb).toBeNaN();
    }
    // a -60 dB sideband stands far out of the 1 mA noise and is still found
    const weak = currentFeatures(current(0.02, -60, 8), FS_HZ, 50);
    expect(weak.slip).toBeCloseTo(0.02, 3);
    expect(weak.lowerSidebandDb).toBeCloseTo(-60, 0);
  });
});
