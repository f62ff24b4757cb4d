import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MOTOR,
  LOSS_SPLIT,
  motorLosses,
  operatingPoint,
  ratedCurrentA,
  ratedLossW,
  ratedRotorCopperW,
  ratedSlip,
  slipAtLoad,
  synchronousRpm,
  validateMotor,
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
  // P_cu2 = s P_airgap = T w_slip. At the nameplate point of the 2.2 kW, 1430 rpm motor:
  // 2200 W x 70 / 1430 = 107.7 W, a quarter of its 409.73 W of losses at 84.3 % efficiency.
  // Broken bars (rotor resistance x 3) triple it through the slip at one torque.
  const frame = (load: number, rFactor: number) => {
    const op = operatingPoint(DEFAULT_MOTOR, load, DEFAULT_MOTOR.supplyHz, rFactor);
    return { op, frameW: motorLosses(DEFAULT_MOTOR, op, load, 95).frameW };
  };
  // Iron and windage do not depend on the rotor's resistance, and at one torque the rotor
  // copper loss is proportional to the slip speed: frame(r) - frame(1) = P_cu2 (slip ratio - 1).
  const rotorW = (load: number): number => {
    const a = frame(load, 1);
    const b = frame(load, 3);
    const slipA = 1500 - a.op.speedRpm;
    const slipB = 1500 - b.op.speedRpm;
    expect(slipB / slipA).toBeCloseTo(3, 9);
    // windage falls as speed^3 with the extra slip; it is under 0.1 W here, allowed for
    const windage = (rpm: number) =>
      LOSS_SPLIT.frictionWindage *
      (ratedLossW(DEFAULT_MOTOR) - ratedRotorCopperW(DEFAULT_MOTOR)) *
      0.5 *
      (rpm / 1430) ** 3;
    const dWindage = windage(b.op.speedRpm) - windage(a.op.speedRpm);
    return (b.frameW - a.frameW - dWindage) / 2;
  };

  it('is rated torque times slip speed, s / (1 - s) P_out, at the nameplate point', () => {
    expect(ratedLossW(DEFAULT_MOTOR)).toBeCloseTo(409.73, 2);
    expect(ratedRotorCopperW(DEFAULT_MOTOR)).toBeCloseTo((2200 * 70) / 1430, 9);
    expect(rotorW(1)).toBeCloseTo((2200 * 70) / 1430, 6);
  });

  it("is torque times slip speed under a drive, whose synchronous speed is the supply's", () => {
    // 30 Hz: synchronous 900 rpm, the rated torque's slip speed still 70 rpm: 107.7 W
    const op = operatingPoint(DEFAULT_MOTOR, 1, 30);
    expect(op.speedRpm).toBeCloseTo(830, 9);
    const at = (rFactor: number) =>
      motorLosses(DEFAULT_MOTOR, operatingPoint(DEFAULT_MOTOR, 1, 30, rFactor), 1, 95).frameW;
    // the tripled slip adds 2 x 107.7 W of rotor copper; windage falls with the speed (830 ->
    // 690 rpm) as 0.5 x its share of the rest of the budget x (n / 1430)^3
    const rest = ratedLossW(DEFAULT_MOTOR) - ratedRotorCopperW(DEFAULT_MOTOR);
    const windage = (rpm: number) => 0.5 * LOSS_SPLIT.frictionWindage * rest * (rpm / 1430) ** 3;
    expect((at(3) - at(1) - (windage(690) - windage(830))) / 2).toBeCloseTo((2200 * 70) / 1430, 6);
  });

  it('does not draw more current at a torque with broken bars, only more slip', () => {
    // T ~ I2^2 R2 / s: with R2 and s both tripled the rotor's current is the same
    const healthy = operatingPoint(DEFAULT_MOTOR, 0.8);
    const broken = operatingPoint(DEFAULT_MOTOR, 0.8, 50, 3);
    expect(broken.currentA).toBeCloseTo(healthy.currentA, 12);
    expect(broken.slip / healthy.slip).toBeCloseTo(3, 9);
  });

  it('is torque times slip speed at half load', () => {
    const half = operatingPoint(DEFAULT_MOTOR, 0.5);
    const torque = (0.5 * 2200) / ((1430 * 2 * Math.PI) / 60);
    expect(rotorW(0.5)).toBeCloseTo((torque * (1500 - half.speedRpm) * 2 * Math.PI) / 60, 6);
  });

  it('leaves the rest of the rated budget to the other losses', () => {
    // At rated load and 95 C the motor's own losses plus the half of friction and windage
    // that the bearings carry (machine.ts) make up P_out (1 / eta - 1).
    const op = operatingPoint(DEFAULT_MOTOR, 1);
    const l = motorLosses(DEFAULT_MOTOR, op, 1, 95);
    const rest = ratedLossW(DEFAULT_MOTOR) - ratedRotorCopperW(DEFAULT_MOTOR);
    expect(l.windingW + l.frameW + 0.5 * LOSS_SPLIT.frictionWindage * rest).toBeCloseTo(
      ratedLossW(DEFAULT_MOTOR),
      6,
    );
  });

  it('refuses a nameplate whose rated slip needs more loss than its efficiency allows', () => {
    // 2.2 kW at 1300 rpm: P_cu2 = 2200 x 200 / 1300 = 338 W of 410 W
    expect(() => {
      validateMotor({ ...DEFAULT_MOTOR, ratedSpeedRpm: 1300 });
    }).toThrow(/ratedSpeedRpm: .*rotor copper loss .*338 W.*410 W/);
  });

  it('refuses a magnetising current above the rated reactive current', () => {
    // pf 0.9: sin(phi) = 0.436
    expect(() => {
      validateMotor({ ...DEFAULT_MOTOR, ratedPowerFactor: 0.9, noLoadCurrentFraction: 0.45 });
    }).toThrow(/noLoadCurrentFraction: .*sin\(phi\) = 0\.436/);
    expect(() => {
      validateMotor({ ...DEFAULT_MOTOR, ratedPowerFactor: 0.9, noLoadCurrentFraction: 0.4 });
    }).not.toThrow();
  });
});

describe('load share of the current', () => {
  it('is 1 at rated load, 0 at no load, and L / (I / I_rated) between', () => {
    const m = DEFAULT_MOTOR;
    expect(operatingPoint(m, 1).rotorCurrentShare).toBeCloseTo(1, 12);
    expect(operatingPoint(m, 0).rotorCurrentShare).toBe(0);
    // m = 0.45 at L = 0.25: I / I_rated = sqrt(0.2025 + 0.7975 x 0.0625) = 0.50234
    const q = operatingPoint({ ...m, noLoadCurrentFraction: 0.45 }, 0.25);
    expect(q.rotorCurrentShare).toBeCloseTo(0.25 / 0.50234, 4);
  });
});
