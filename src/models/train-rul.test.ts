import { describe, expect, it } from 'vitest';
import { conformalLevel, minCalibrationUnits } from './train-rul.js';

describe('conformalLevel', () => {
  it('is the split-conformal quantile level ceil((n + 1)(1 - alpha)) / n', () => {
    // 27 validation machines at 80 %: the 23rd of 27 scores
    expect(conformalLevel(0.8, 27)).toBeCloseTo(23 / 27, 15);
    expect(conformalLevel(0.8, 99)).toBeCloseTo(80 / 99, 15);
    expect(conformalLevel(0.9, 19)).toBeCloseTo(18 / 19, 15);
  });

  it('asks for every score when there are too few units for the coverage', () => {
    expect(conformalLevel(0.8, 4)).toBe(1);
    expect(conformalLevel(0.9, 9)).toBe(1);
    expect(conformalLevel(0.8, 0)).toBe(1);
  });

  it('approaches the coverage from above as units grow', () => {
    let prev = 1;
    for (const n of [10, 100, 1000, 10000]) {
      const l = conformalLevel(0.8, n);
      expect(l).toBeGreaterThanOrEqual(0.8);
      expect(l).toBeLessThanOrEqual(prev);
      prev = l;
    }
    expect(prev).toBeLessThan(0.8002);
  });

  it('does not round a product that floating point puts a hair above an integer up', () => {
    // 100 x 0.55 is 55.00000000000001 in binary floating point
    expect(100 * 0.55).toBeGreaterThan(55);
    expect(conformalLevel(0.55, 99)).toBeCloseTo(55 / 99, 15);
  });
});

describe('minCalibrationUnits', () => {
  it('is the fewest units whose level is below 1: n >= (1 + c) / (1 - c)', () => {
    expect(minCalibrationUnits(0.8)).toBe(9);
    expect(conformalLevel(0.8, 8)).toBe(1);
    expect(minCalibrationUnits(0.9)).toBe(19);
    expect(minCalibrationUnits(0.5)).toBe(3);
  });
});
