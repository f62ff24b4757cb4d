/**
 * The motor's thermal model: three lumped nodes, winding, frame (stator core and housing)
 * and drive-end bearing housing, on the exact network solver (thermal-network.ts).
 *   winding  <- stator copper and stray-load loss
 *   frame    <- iron, rotor copper, windage and fan-end bearing friction
 *   bearing  <- drive-end bearing friction
 * The frame is cooled to ambient by the shaft-mounted fan: its conductance is a natural
 * convection part plus a forced part growing with speed^0.8 (turbulent convection, Nusselt
 * ~ Re^0.8) that a damaged fan loses. Conductances are set from the rated temperature rises
 * and capacities from the time constants, which is how a motor's thermal data are
 * published (IEC 60034-1 temperature-rise test; Boglietti et al., "Evolution and modern
 * approaches for thermal analysis of electrical machines", IEEE TIE 56(3), 2009).
 */
import type { MotorParams } from './motor.js';
import { motorLosses, operatingPoint } from './motor.js';
import type { ThermalConductances, ThermalNetworkSpec } from './thermal-network.js';
import { steadyStateC, stepExact, timeConstantsS } from './thermal-network.js';

export interface MotorThermalParams {
  /** Steady winding rise over ambient at rated load, K. */
  readonly windingRiseK: number;
  /** Steady frame rise over ambient at rated load, K. */
  readonly frameRiseK: number;
  readonly frameTimeConstantMin: number;
  readonly windingTimeConstantMin: number;
  readonly bearingTimeConstantMin: number;
  /** Frame-to-ambient conductance without the fan, as a fraction of the rated value. */
  readonly naturalCoolingFraction: number;
  /** Friction loss of one healthy bearing at rated speed and load, W. */
  readonly bearingFrictionW: number;
  readonly bearingToFrameWPerK: number;
  readonly bearingToAmbientWPerK: number;
}

export const THERMAL_NODES = ['winding', 'frame', 'bearing_de'] as const;
const W = 0;
const F = 1;
const B = 2;

export interface MotorThermalModel {
  readonly spec: ThermalNetworkSpec;
  /** Winding-to-frame conductance, W/K. */
  readonly windingToFrameWPerK: number;
  /** Frame-to-ambient conductance at rated speed with a healthy fan, W/K. */
  readonly frameToAmbientRatedWPerK: number;
  readonly params: MotorThermalParams;
  readonly ratedSpeedRpm: number;
}

/** Heat inputs and cooling state for one step. */
export interface ThermalLoad {
  readonly windingW: number;
  readonly frameW: number;
  readonly bearingDeW: number;
  readonly speedRpm: number;
  /** Fan damage severity in [0, 1]. */
  readonly fanSeverity: number;
}

/** Conductances at a speed and fan condition. */
export function conductancesAt(
  m: MotorThermalModel,
  speedRpm: number,
  fanSeverity: number,
): ThermalConductances {
  const p = m.params;
  const speedRel = Math.max(0, speedRpm / m.ratedSpeedRpm);
  // Quantised to 0.2 % of the rated conductance so the exact solver's decomposition is reused
  // across steps (an error below 0.1 K on a 35 K rise).
  const forced =
    Math.round(
      ((1 - p.naturalCoolingFraction) * Math.pow(speedRel, 0.8) * (1 - 0.9 * fanSeverity)) / 0.002,
    ) * 0.002;
  const gfa = m.frameToAmbientRatedWPerK * (p.naturalCoolingFraction + forced);
  const gwf = m.windingToFrameWPerK;
  const gbf = p.bearingToFrameWPerK;
  return {
    betweenWPerK: [
      [0, gwf, 0],
      [gwf, 0, gbf],
      [0, gbf, 0],
    ],
    toAmbientWPerK: [0, gfa, p.bearingToAmbientWPerK],
  };
}

/**
 * Builds the network for a motor so that at rated load and speed, with a healthy fan, the
 * steady winding and frame rises equal the given values.
 */
export function buildMotorThermalModel(
  motor: MotorParams,
  p: MotorThermalParams,
): MotorThermalModel {
  const op = operatingPoint(motor, 1);
  const ambient = 25;
  // Losses at rated load with the winding at its rated temperature.
  const losses = motorLosses(motor, op, 1, ambient + p.windingRiseK);
  const pw = losses.windingW;
  const pf = losses.frameW + p.bearingFrictionW;
  const pb = p.bearingFrictionW;
  const gwf = pw / Math.max(1, p.windingRiseK - p.frameRiseK);
  // Frame-to-ambient conductance: all heat leaves through it, except what the bearing sheds
  // to ambient directly; iterate because that share depends on the bearing temperature.
  let gfa = (pw + pf + pb) / p.frameRiseK;
  const spec: ThermalNetworkSpec = { nodeNames: THERMAL_NODES, capacityJPerK: [1, 1, 1] };
  // the network's conductances at rated speed with a healthy fan, for a frame conductance
  const ratedCooling = (frameToAmbientWPerK: number): ThermalConductances =>
    conductancesAt(
      {
        spec,
        windingToFrameWPerK: gwf,
        frameToAmbientRatedWPerK: frameToAmbientWPerK,
        params: p,
        ratedSpeedRpm: op.speedRpm,
      },
      op.speedRpm,
      0,
    );
  for (let i = 0; i < 8; i++) {
    const ss = steadyStateC(spec, ratedCooling(gfa), [pw, pf, pb], ambient);
    const viaBearing = p.bearingToAmbientWPerK * (ss[B]! - ambient);
    gfa = (pw + pf + pb - viaBearing) / p.frameRiseK;
  }
  const ownCapacity = [
    p.windingTimeConstantMin * 60 * gwf,
    p.frameTimeConstantMin * 60 * gfa,
    p.bearingTimeConstantMin * 60 * (p.bearingToFrameWPerK + p.bearingToAmbientWPerK),
  ];
  const capacity = capacitiesForTimeConstant(
    ownCapacity,
    ratedCooling(gfa),
    p.frameTimeConstantMin * 60,
  );
  return {
    spec: { nodeNames: THERMAL_NODES, capacityJPerK: capacity },
    windingToFrameWPerK: gwf,
    frameToAmbientRatedWPerK: gfa,
    params: p,
    ratedSpeedRpm: op.speedRpm,
  };
}

/** Advances node temperatures (winding, frame, bearing_de) in place over dtS, exactly. */
export function stepMotorThermal(
  m: MotorThermalModel,
  tempC: Float64Array,
  load: ThermalLoad,
  ambientC: number,
  dtS: number,
): void {
  const g = conductancesAt(m, load.speedRpm, load.fanSeverity);
  stepExact(m.spec, g, tempC, [load.windingW, load.frameW, load.bearingDeW], ambientC, dtS);
}

/** Steady temperatures for a load, for initial conditions and expected-temperature residuals. */
export function steadyMotorTemps(
  m: MotorThermalModel,
  load: ThermalLoad,
  ambientC: number,
): Float64Array {
  const g = conductancesAt(m, load.speedRpm, load.fanSeverity);
  return steadyStateC(m.spec, g, [load.windingW, load.frameW, load.bearingDeW], ambientC);
}

export const THERMAL_NODE_INDEX = { winding: W, frame: F, bearing_de: B } as const;

/**
 * The frame capacity that gives the network its thermal time constant: the published one is
 * the machine's (its slowest mode, what a heat run measures), and the winding's capacity,
 * coupled to the frame, lengthens that mode beyond the frame's own C_f / G_fa (by up to 1.85 x
 * for the drawn parameters). The slowest time constant grows with C_f, so it is found by
 * bisection (below C_f = tau G_fa, or above it for a bearing that sheds much of its heat straight
 * to ambient). Where the winding and bearing alone already make the machine
 * slower than tau (a slow winding on a fast frame), every capacity is scaled instead, keeping
 * C_f = tau G_fa, by the factor that brings the slowest mode to tau (time constants scale with
 * the capacities).
 */
function capacitiesForTimeConstant(
  capacity: readonly number[],
  g: ThermalConductances,
  tauS: number,
): number[] {
  const slowest = (c: readonly number[]): number =>
    timeConstantsS({ nodeNames: THERMAL_NODES, capacityJPerK: c }, g)[0]!;
  const withFrame = (cf: number): number[] => capacity.map((c, i) => (i === F ? cf : c));
  let hi = capacity[F]!;
  let lo = hi * 0.05;
  // a bearing that sheds much of its heat to ambient directly can leave the slowest mode short
  // of tau at C_f = tau G_fa: widen the bracket
  for (let i = 0; i < 30 && slowest(withFrame(hi)) < tauS; i++) hi *= 2;
  if (slowest(withFrame(lo)) >= tauS) {
    const k = tauS / slowest(capacity);
    return capacity.map((c) => c * k);
  }
  for (let i = 0; i < 60 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (slowest(withFrame(mid)) > tauS) hi = mid;
    else lo = mid;
  }
  return withFrame((lo + hi) / 2);
}
