import { describe, expect, it } from 'vitest';
import { DEFAULT_MOTOR, motorLosses, operatingPoint } from './motor.js';
import type { MotorThermalParams } from './thermal.js';
import { buildMotorThermalModel, steadyMotorTemps, stepMotorThermal } from './thermal.js';
import { timeConstantsS } from './thermal-network.js';

const params: MotorThermalParams = {
  windingRiseK: 65,
  frameRiseK: 35,
  frameTimeConstantMin: 35,
  windingTimeConstantMin: 6,
  bearingTimeConstantMin: 15,
  naturalCoolingFraction: 0.3,
  bearingFrictionW: 8,
  bearingToFrameWPerK: 2,
  bearingToAmbientWPerK: 0.5,
};

function ratedLoad(windingC: number, fanSeverity = 0) {
  const op = operatingPoint(DEFAULT_MOTOR, 1);
  const l = motorLosses(DEFAULT_MOTOR, op, 1, windingC);
  return {
    windingW: l.windingW,
    frameW: l.frameW + 8,
    bearingDeW: 8,
    speedRpm: op.speedRpm,
    fanSeverity,
  };
}

describe('motor thermal model', () => {
  const model = buildMotorThermalModel(DEFAULT_MOTOR, params);

  it('reaches the nameplate rises at rated load', () => {
    const ss = steadyMotorTemps(model, ratedLoad(25 + 65), 25);
    expect(ss[0]! - 25).toBeCloseTo(65, 6);
    expect(ss[1]! - 25).toBeCloseTo(35, 6);
    // heat balance: everything generated leaves through frame and bearing to ambient
    const l = ratedLoad(90);
    const out = model.frameToAmbientRatedWPerK * 35 + params.bearingToAmbientWPerK * (ss[2]! - 25);
    expect(out).toBeCloseTo(l.windingW + l.frameW + l.bearingDeW, 6);
  });

  it('has a slow time constant close to the frame time constant', () => {
    const tau = timeConstantsS(model.spec, {
      betweenWPerK: [
        [0, model.windingToFrameWPerK, 0],
        [model.windingToFrameWPerK, 0, params.bearingToFrameWPerK],
        [0, params.bearingToFrameWPerK, 0],
      ],
      toAmbientWPerK: [0, model.frameToAmbientRatedWPerK, params.bearingToAmbientWPerK],
    });
    expect(tau[0]! / 60).toBeGreaterThan(30);
    expect(tau[0]! / 60).toBeLessThan(60);
  });

  it('runs hotter without its fan: frame rise scales by 1/(natural + forced x 0.1)', () => {
    const hot = steadyMotorTemps(model, ratedLoad(90, 1), 25);
    const expectedFrameRise = 35 / (0.3 + 0.7 * 0.1);
    // the bearing path to ambient takes a small share, so the frame rise is a little lower
    expect(hot[1]! - 25).toBeGreaterThan(0.9 * expectedFrameRise);
    expect(hot[1]! - 25).toBeLessThan(expectedFrameRise);
  });

  it('a steady state is a fixed point of the exact step', () => {
    const load = ratedLoad(90);
    const ss = steadyMotorTemps(model, load, 25);
    const t = Float64Array.from(ss);
    stepMotorThermal(model, t, load, 25, 3600);
    for (let i = 0; i < 3; i++) expect(t[i]).toBeCloseTo(ss[i]!, 9);
  });
});
