import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MOTOR,
  LOSS_SPLIT,
  motorLosses,
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

describe('rotor copper loss', () => {
  // P_cu2 = s P_airgap = T w_slip: at rated torque and slip it is its share of the rated loss
  // budget, and broken bars (rotor resistance x 3) triple it through the slip at one torque.
  // (A fixed L^2 share plus 15 % of the frame's losses had added 29 W at severity 1, not 164.)
  const ratedLossW = DEFAULT_MOTOR.ratedPowerKw * 1000 * (1 / DEFAULT_MOTOR.ratedEfficiency - 1);
  const rotorW = (load: number, rFactor: number): number => {
    const op = operatingPoint(DEFAULT_MOTOR, load, DEFAULT_MOTOR.supplyHz, rFactor);
    const l = motorLosses(DEFAULT_MOTOR, op, load, 95);
    const iron = LOSS_SPLIT.iron * ratedLossW;
    const windage =
      LOSS_SPLIT.frictionWindage *
      ratedLossW *
      0.5 *
      (op.speedRpm / DEFAULT_MOTOR.ratedSpeedRpm) ** 3;
    return l.frameW - iron - windage;
  };
  it('is its share of the budget at rated load and triples with the rotor resistance', () => {
    expect(rotorW(1, 1)).toBeCloseTo(LOSS_SPLIT.rotorCopper * ratedLossW, 9);
    expect(rotorW(1, 3) / rotorW(1, 1)).toBeCloseTo(3, 9);
    // torque x slip speed at half load, slip from the operating point
    const half = operatingPoint(DEFAULT_MOTOR, 0.5);
    const ratedSlipRpm = 1500 - DEFAULT_MOTOR.ratedSpeedRpm;
    expect(rotorW(0.5, 1)).toBeCloseTo(
      LOSS_SPLIT.rotorCopper * ratedLossW * 0.5 * ((1500 - half.speedRpm) / ratedSlipRpm),
      9,
    );
  });
});
