import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MOTOR,
  operatingPoint,
  ratedCurrentA,
  ratedSlip,
  slipAtLoad,
  synchronousRpm,
} from './motor.js';

describe('induction motor', () => {
  it('has synchronous speed 60 f / p and rated slip from the nameplate', () => {
    expect(synchronousRpm(DEFAULT_MOTOR)).toBe(1500);
    expect(ratedSlip(DEFAULT_MOTOR)).toBeCloseTo(70 / 1500, 12);
    // I = P / (sqrt3 V eta pf) = 2200 / (1.732 * 400 * 0.843 * 0.81) = 4.65 A
    expect(ratedCurrentA(DEFAULT_MOTOR)).toBeCloseTo(4.65, 2);
  });

  it('gives rated slip at rated load and satisfies the Kloss relation elsewhere', () => {
    const m = DEFAULT_MOTOR;
    expect(slipAtLoad(m, 1)).toBeCloseTo(ratedSlip(m), 12);
    const b = m.breakdownTorqueRatio;
    const sk = ratedSlip(m) * (b + Math.sqrt(b * b - 1));
    for (const load of [0.1, 0.5, 0.8, 1.2]) {
      const s = slipAtLoad(m, load);
      // T/Tmax = 2 / (s/sk + sk/s)  =>  load / b
      expect(2 / (s / sk + sk / s)).toBeCloseTo(load / b, 10);
    }
    expect(slipAtLoad(m, 0)).toBe(0);
  });

  it('slows with load, draws magnetising current at no load and rated current at rated load', () => {
    const m = DEFAULT_MOTOR;
    const idle = operatingPoint(m, 0);
    const rated = operatingPoint(m, 1);
    expect(idle.speedRpm).toBe(1500);
    expect(rated.speedRpm).toBeCloseTo(1430, 9);
    expect(idle.currentA).toBeCloseTo(m.noLoadCurrentFraction * ratedCurrentA(m), 9);
    expect(rated.currentA).toBeCloseTo(ratedCurrentA(m), 9);
    expect(rated.outputPowerW).toBeCloseTo(2200, 6);
  });

  it('keeps the slip speed under a drive and slips more with broken bars', () => {
    const m = DEFAULT_MOTOR;
    const half = operatingPoint(m, 1, 25);
    expect(half.speedRpm).toBeCloseTo(750 - 70, 9);
    expect(operatingPoint(m, 1, 50, 1.5).slip).toBeGreaterThan(operatingPoint(m, 1).slip * 1.4);
  });
});
