import { describe, expect, it } from 'vitest';
import { BEARING_6205, bearingFrequencies, bearingOrders, parseGeometry } from './bearing.js';

describe('bearing kinematics', () => {
  it('gives the published 6205 defect orders', () => {
    // Published multiples of shaft rate for a 6205-2RS JEM (SKF):
    // BPFO 3.5848, BPFI 5.4152, FTF 0.39828, ball-spin (2 x BSF) 4.7135.
    const o = bearingOrders(BEARING_6205);
    expect(o.bpfo).toBeCloseTo(3.5848, 3);
    expect(o.bpfi).toBeCloseTo(5.4152, 3);
    expect(o.ftf).toBeCloseTo(0.39828, 4);
    expect(2 * o.bsf).toBeCloseTo(4.7135, 3);
  });

  it('satisfies BPFO + BPFI = n and BPFO = n * FTF', () => {
    const g = { balls: 12, ballDiameterMm: 10, pitchDiameterMm: 55, contactAngleDeg: 15 };
    const o = bearingOrders(g);
    expect(o.bpfo + o.bpfi).toBeCloseTo(12, 12);
    expect(o.bpfo).toBeCloseTo(12 * o.ftf, 12);
  });

  it('scales with shaft speed', () => {
    const f = bearingFrequencies(BEARING_6205, 1800);
    expect(f.shaftHz).toBe(30);
    expect(f.bpfoHz).toBeCloseTo(3.5848 * 30, 1);
    expect(f.bsf2Hz).toBeCloseTo(2 * f.bsfHz, 12);
  });

  it('parses n,d,D,angle and rejects bad geometry with the field named', () => {
    expect(parseGeometry('9,7.94,39.04,0')).toEqual(BEARING_6205);
    expect(parseGeometry('9, 7.94, 39.04')).toEqual(BEARING_6205);
    expect(() => parseGeometry('9,7.94')).toThrow(/--bearing: expected "n,d_mm,D_mm/);
    expect(() => parseGeometry('9,40,39.04,0')).toThrow(/pitchDiameterMm/);
    expect(() => parseGeometry('2.5,7,39,0')).toThrow(/balls/);
    // balls that cannot fit on the pitch circle: 100 x 10 mm on 157 mm of circumference
    expect(() => parseGeometry('100,10,50')).toThrow(
      /100 balls of 10 mm do not fit on a 50 mm pitch circle \(neighbouring centres 1\.571 mm apart\)/,
    );
    expect(() => parseGeometry('9,39,39.04')).toThrow(/do not fit/);
    // a tight but real full-complement row fits: 12 x 10 mm on 40 mm (chord 10.35 mm)
    expect(parseGeometry('12,10,40').balls).toBe(12);
    // an empty field or a hexadecimal count is not a number here
    expect(() => parseGeometry('9,7.94,39.04,')).toThrow(/expected "n,d_mm,D_mm/);
    expect(() => parseGeometry('0x9,7.94,39.04')).toThrow(/expected "n,d_mm,D_mm/);
    expect(parseGeometry('9,7.94,3.904e1,.5').contactAngleDeg).toBe(0.5);
  });
});
