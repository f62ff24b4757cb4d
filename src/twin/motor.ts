/**
 * Three-phase induction motor: kinematics, slip against load, current and losses.
 *
 * Slip from load uses the Kloss relation between torque and slip,
 *   T / Tmax = 2 / (s/sk + sk/s),
 * whose root below breakdown is s = sk (b/L - sqrt((b/L)^2 - 1)) with b = Tmax/Trated and
 * L = T/Trated; sk = s_rated (b + sqrt(b^2 - 1)) puts s = s_rated at L = 1.
 * Source: A. E. Fitzgerald, C. Kingsley, S. Umans, "Electric Machinery", ch. 6;
 * IEC 60034-1 for rated quantities. Under a variable-frequency drive at constant V/f the
 * slip speed (rpm) for a given torque stays close to its value at base frequency.
 *
 * Phase current: a magnetising component (reactive, constant) plus a load component
 * (in phase, proportional to torque): I = I_rated sqrt(m^2 + (1 - m^2) L^2).
 * Losses at rated load split into stator and rotor copper (I^2), iron (constant while
 * energised), friction and windage (speed) and stray load (L^2), per IEC 60034-2-1. Rotor
 * copper loss is not a share: it is the air-gap power times slip, s/(1 - s) P_out, fixed by
 * the nameplate's speed; the other four share what is left of the rated loss budget.
 */
import { PdmError } from '../core/errors.js';

export interface MotorParams {
  /** Supply (base) frequency, Hz. */
  readonly supplyHz: number;
  readonly polePairs: number;
  readonly ratedPowerKw: number;
  /** Speed at rated load and base frequency, rpm. */
  readonly ratedSpeedRpm: number;
  readonly ratedVoltageV: number;
  /** Efficiency at rated load, 0..1. */
  readonly ratedEfficiency: number;
  readonly ratedPowerFactor: number;
  /** Breakdown torque over rated torque (IEC design N: about 2 to 3). */
  readonly breakdownTorqueRatio: number;
  /** No-load (magnetising) current as a fraction of rated current. */
  readonly noLoadCurrentFraction: number;
  /** Stator winding resistance temperature coefficient, 1/K (copper: 0.00393). */
  readonly copperTempCoeffPerK: number;
}

/** A 2.2 kW, 4-pole, 400 V, 50 Hz IE2 motor (catalogue values typical of IEC frame 100L). */
export const DEFAULT_MOTOR: MotorParams = Object.freeze({
  supplyHz: 50,
  polePairs: 2,
  ratedPowerKw: 2.2,
  ratedSpeedRpm: 1430,
  ratedVoltageV: 400,
  ratedEfficiency: 0.843,
  ratedPowerFactor: 0.81,
  breakdownTorqueRatio: 2.8,
  noLoadCurrentFraction: 0.45,
  copperTempCoeffPerK: 0.00393,
});

/**
 * Fractions of the rated-load losses other than rotor copper (IEC 60034-2-1 segregation of a
 * typical small TEFC motor: stator copper 38 %, iron 24 %, friction and windage 8 %, stray
 * load 10 % of the whole, rotor copper the remaining ~20 %), normalised to sum to 1.
 */
export const LOSS_SPLIT = Object.freeze({
  statorCopper: 0.38 / 0.8,
  iron: 0.24 / 0.8,
  frictionWindage: 0.08 / 0.8,
  strayLoad: 0.1 / 0.8,
});

export function synchronousRpm(m: MotorParams, supplyHz = m.supplyHz): number {
  return (60 * supplyHz) / m.polePairs;
}

export function ratedSlip(m: MotorParams): number {
  const ns = synchronousRpm(m);
  return (ns - m.ratedSpeedRpm) / ns;
}

export function ratedCurrentA(m: MotorParams): number {
  return (
    (m.ratedPowerKw * 1000) /
    (Math.sqrt(3) * m.ratedVoltageV * m.ratedEfficiency * m.ratedPowerFactor)
  );
}

export function ratedTorqueNm(m: MotorParams): number {
  return (m.ratedPowerKw * 1000) / ((m.ratedSpeedRpm * 2 * Math.PI) / 60);
}

/** Phase current over rated current at a load fraction L: sqrt(m^2 + (1 - m^2) L^2). */
export function currentOverRated(magnetisingFraction: number, loadFraction: number): number {
  const mag = magnetisingFraction;
  return Math.sqrt(mag * mag + (1 - mag * mag) * loadFraction * loadFraction);
}

/**
 * The load component's share of the phase current relative to that share at rated load,
 * L / (I / I_rated): 1 at rated load, 0 at no load.
 */
export function loadCurrentShare(magnetisingFraction: number, loadFraction: number): number {
  return loadFraction > 0 ? loadFraction / currentOverRated(magnetisingFraction, loadFraction) : 0;
}

/**
 * The rated current's reactive share, sin(phi) = sqrt(1 - pf^2): the largest magnetising
 * current (a fraction of rated) that a power factor allows.
 */
export function reactiveFraction(powerFactor: number): number {
  return Math.sqrt(Math.max(0, 1 - powerFactor * powerFactor));
}

/** All losses at rated load, W: P_out (1 / eta - 1). */
export function ratedLossW(m: MotorParams): number {
  return m.ratedPowerKw * 1000 * (1 / m.ratedEfficiency - 1);
}

/**
 * Rotor copper loss at rated load, W: air-gap power times slip, which is rated torque times
 * the slip speed, s / (1 - s) P_out.
 */
export function ratedRotorCopperW(m: MotorParams): number {
  const slipRad = ((synchronousRpm(m) - m.ratedSpeedRpm) * 2 * Math.PI) / 60;
  return ratedTorqueNm(m) * slipRad;
}

export function validateMotor(m: MotorParams, where = 'motor'): void {
  const bad = (field: string, expected: string, value: number): never => {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${where}.${field}: expected ${expected}, got ${value}`,
    );
  };
  if (!(m.supplyHz > 0)) bad('supplyHz', 'a positive frequency', m.supplyHz);
  if (!Number.isInteger(m.polePairs) || m.polePairs < 1)
    bad('polePairs', 'an integer >= 1', m.polePairs);
  const ns = synchronousRpm(m);
  if (!(m.ratedSpeedRpm > 0 && m.ratedSpeedRpm < ns))
    bad('ratedSpeedRpm', `a speed below synchronous speed ${ns} rpm`, m.ratedSpeedRpm);
  if (!(m.ratedEfficiency > 0 && m.ratedEfficiency < 1))
    bad('ratedEfficiency', 'a value in (0, 1)', m.ratedEfficiency);
  if (!(m.ratedPowerFactor > 0 && m.ratedPowerFactor <= 1))
    bad('ratedPowerFactor', 'a value in (0, 1]', m.ratedPowerFactor);
  if (!(m.breakdownTorqueRatio > 1))
    bad('breakdownTorqueRatio', 'a value > 1', m.breakdownTorqueRatio);
  if (!(m.noLoadCurrentFraction > 0 && m.noLoadCurrentFraction < 1))
    bad('noLoadCurrentFraction', 'a value in (0, 1)', m.noLoadCurrentFraction);
  // The magnetising current is part of the rated current's reactive component I sin(phi).
  const sinPhi = reactiveFraction(m.ratedPowerFactor);
  if (!(m.noLoadCurrentFraction < sinPhi))
    bad(
      'noLoadCurrentFraction',
      `a value below sin(phi) = ${sinPhi.toFixed(3)} of the rated power factor ${m.ratedPowerFactor} (the magnetising current is part of the rated reactive current)`,
      m.noLoadCurrentFraction,
    );
  const rotorW = ratedRotorCopperW(m);
  const lossW = ratedLossW(m);
  if (!(rotorW < 0.6 * lossW))
    bad(
      'ratedSpeedRpm',
      `a rated slip whose rotor copper loss (s / (1 - s) P_out = ${rotorW.toFixed(0)} W) is under 60 % of the losses that the efficiency ${m.ratedEfficiency} allows (${lossW.toFixed(0)} W)`,
      m.ratedSpeedRpm,
    );
}

/**
 * Slip at a load (torque) fraction, by the Kloss relation. `rotorResistanceFactor` > 1
 * models broken rotor bars (slip at a given torque grows with rotor resistance).
 * Loads at or above breakdown are clamped to breakdown slip.
 */
export function slipAtLoad(
  m: MotorParams,
  loadFraction: number,
  rotorResistanceFactor = 1,
): number {
  if (loadFraction <= 0) return 0;
  const b = m.breakdownTorqueRatio;
  const sk = ratedSlip(m) * (b + Math.sqrt(b * b - 1)) * rotorResistanceFactor;
  const r = b / Math.max(loadFraction, 1e-9);
  if (r <= 1) return sk;
  return sk * (r - Math.sqrt(r * r - 1));
}

export interface MotorOperatingPoint {
  /** Supply frequency, Hz (a drive can move it from the base frequency). */
  readonly supplyHz: number;
  readonly slip: number;
  readonly speedRpm: number;
  readonly shaftHz: number;
  readonly currentA: number;
  readonly torqueNm: number;
  readonly outputPowerW: number;
  /**
   * The load (torque-producing, rotor-reflected) component of the phase current as a share of
   * the whole, relative to that share at rated load: L' / (I / I_rated), 1 at rated load and
   * 0 at no load. Currents induced by rotor asymmetry (the broken-bar sidebands) scale with it.
   */
  readonly rotorCurrentShare: number;
}

/**
 * Steady operating point for a torque fraction and a supply frequency (constant V/f: the
 * slip speed in rpm is that of the base frequency at the same torque).
 */
export function operatingPoint(
  m: MotorParams,
  loadFraction: number,
  supplyHz: number = m.supplyHz,
  rotorResistanceFactor = 1,
): MotorOperatingPoint {
  const sBase = slipAtLoad(m, loadFraction, rotorResistanceFactor);
  const slipRpm = sBase * synchronousRpm(m);
  const ns = synchronousRpm(m, supplyHz);
  const speedRpm = Math.max(0, ns - slipRpm);
  const slip = ns > 0 ? (ns - speedRpm) / ns : 0;
  // The rotor's current at a torque does not depend on its resistance (T ~ I2^2 R2 / s, and
  // the slip grows with R2): broken bars raise the slip and the rotor's loss, not the current.
  const currentA = ratedCurrentA(m) * currentOverRated(m.noLoadCurrentFraction, loadFraction);
  const torqueNm = loadFraction * ratedTorqueNm(m);
  return {
    supplyHz,
    slip,
    speedRpm,
    shaftHz: speedRpm / 60,
    currentA,
    torqueNm,
    outputPowerW: (torqueNm * speedRpm * 2 * Math.PI) / 60,
    rotorCurrentShare: loadCurrentShare(m.noLoadCurrentFraction, loadFraction),
  };
}

export interface MotorLossesW {
  /** Stator copper and stray-load losses, deposited in the winding. */
  readonly windingW: number;
  /** Iron, rotor copper, friction and windage, deposited in the frame. */
  readonly frameW: number;
}

/**
 * Losses at an operating point, scaled from the rated-load loss budget. Stator copper loss
 * uses the winding temperature (resistance rises with temperature; rated losses are quoted
 * at 95 C, the IEC reference for thermal class B/F tests).
 */
export function motorLosses(
  m: MotorParams,
  op: MotorOperatingPoint,
  loadFraction: number,
  windingTempC: number,
): MotorLossesW {
  if (op.speedRpm <= 0 && op.currentA <= 0) return { windingW: 0, frameW: 0 };
  // What the rated budget leaves once rotor copper (fixed by the rated slip) is taken out.
  const restW = ratedLossW(m) - ratedRotorCopperW(m);
  const iRel = op.currentA / ratedCurrentA(m);
  const rRel = (1 + m.copperTempCoeffPerK * (windingTempC - 20)) / (1 + m.copperTempCoeffPerK * 75);
  const vfRel = op.supplyHz / m.supplyHz;
  const stator = LOSS_SPLIT.statorCopper * restW * iRel * iRel * rRel;
  const stray = LOSS_SPLIT.strayLoad * restW * loadFraction * loadFraction;
  // Rotor copper loss is the air-gap power times slip, torque x slip speed; it grows with the
  // slip that broken bars (more rotor resistance) bring at the same torque.
  const slipRad = (Math.max(0, synchronousRpm(m, op.supplyHz) - op.speedRpm) * 2 * Math.PI) / 60;
  const rotor = op.speedRpm > 0 ? op.torqueNm * slipRad : 0;
  // Iron loss ~ f^1.5 at constant V/f (hysteresis ~ f, eddy ~ f^2).
  const iron = LOSS_SPLIT.iron * restW * Math.pow(vfRel, 1.5);
  const speedRel = op.speedRpm / m.ratedSpeedRpm;
  const windage = LOSS_SPLIT.frictionWindage * restW * 0.5 * speedRel * speedRel * speedRel;
  return { windingW: stator + stray, frameW: rotor + iron + windage };
}
