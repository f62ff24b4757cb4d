/**
 * One machine of the fleet: its drawn parameters turned into physics models, its slow state,
 * and the slow step that advances operating point, temperatures and degradation together.
 * Fast signals (vibration, current) are synthesised on demand from this state (capture.ts).
 */
import { Random } from '../core/random.js';
import type { BearingGeometry } from './bearing.js';
import type { DefectKinematics } from './bearing-defect.js';
import type { DefectState, InsulationSpec, ModeSpec } from './degradation.js';
import {
  createDefect,
  insulationDamage,
  renewDefect,
  stepDefect,
  toNanohour,
} from './degradation.js';
import type { BearingLocation, Severities } from './health.js';
import { BEARING_LOCATIONS, LOCATED_MODES, healthySeverities } from './health.js';
import type { MachineConfig } from './machine-schema.js';
import type { FaultMode } from './modes.js';
import { FAULT_MODES } from './modes.js';
import type { MotorOperatingPoint, MotorParams } from './motor.js';
import { motorLosses, operatingPoint, validateMotor } from './motor.js';
import type { OperatingCommand, ProfileConfig, ProfileState } from './operating-profile.js';
import { initialProfileState, profileAt } from './operating-profile.js';
import type { AmbientState } from './ambient.js';
import { ambientAt } from './ambient.js';
import type { MotorThermalModel } from './thermal.js';
import {
  THERMAL_NODE_INDEX,
  buildMotorThermalModel,
  steadyMotorTemps,
  stepMotorThermal,
} from './thermal.js';
import type { VibrationParams } from './vibration.js';
import type { TemperatureSensorState } from './sensors.js';

/** A scheduled sensor fault on one machine. */
export interface SensorFaultWindow {
  readonly sensor: SensorName;
  readonly kind: 'dropout' | 'stuck' | 'spikes' | 'drift';
  readonly startH: number;
  readonly endH: number;
  readonly magnitude: number;
}

export const SENSOR_NAMES = [
  'accel_de',
  'accel_fe',
  'temp_winding',
  'temp_frame',
  'temp_bearing_de',
  'temp_ambient',
  'current',
  'speed',
] as const;
export type SensorName = (typeof SENSOR_NAMES)[number];

export interface Machine {
  readonly id: string;
  readonly index: number;
  readonly group: string;
  readonly seed: number;
  readonly config: MachineConfig;
  readonly profile: ProfileConfig;
  readonly motor: MotorParams;
  readonly thermal: MotorThermalModel;
  readonly vibration: VibrationParams;
  readonly insulation: InsulationSpec;
  readonly sensorFaults: readonly SensorFaultWindow[];
}

export type MachineStatus = 'running' | 'stopped' | 'down';

export interface MachineState {
  tH: number;
  status: MachineStatus;
  /** While down: when the machine returns to service (Infinity until a repair is booked). */
  downUntilH: number;
  /** The mode whose failure took the machine down, if any. */
  failedMode: FaultMode | null;
  command: OperatingCommand;
  op: MotorOperatingPoint;
  /** Winding, frame and drive-end bearing temperatures, C. */
  tempC: Float64Array;
  ambientC: number;
  ambient: AmbientState;
  profile: ProfileState;
  defects: DefectState[];
  insulationConsumed: number;
  operatingHours: number;
  /** Lagged temperature sensor elements. */
  tempSensors: Record<'winding' | 'frame' | 'bearing_de' | 'ambient', TemperatureSensorState>;
  readonly rngProfile: Random;
  readonly rngAmbient: Random;
}

function geometryOf(g: MachineConfig['bearings']['de']): BearingGeometry {
  return {
    balls: Math.round(g.balls),
    ballDiameterMm: g.ballDiameterMm,
    pitchDiameterMm: g.pitchDiameterMm,
    contactAngleDeg: g.contactAngleDeg,
  };
}

/** Builds the physics models of one machine from its drawn configuration. */
export function buildMachine(
  id: string,
  index: number,
  group: string,
  seed: number,
  config: MachineConfig,
  profile: ProfileConfig,
  sensorFaults: readonly SensorFaultWindow[] = [],
): Machine {
  const motor: MotorParams = { ...config.motor, polePairs: Math.round(config.motor.polePairs) };
  validateMotor(motor, `machine ${id}: motor`);
  const thermal = buildMotorThermalModel(motor, config.thermal);
  const dyn = config.bearingDynamics;
  const kin = (g: BearingGeometry): DefectKinematics => ({
    geometry: g,
    slip: dyn.slip,
    jitter: dyn.jitter,
    loadZoneEpsilon: dyn.loadZoneEpsilon,
    outerDefectAngleRad: (dyn.outerDefectAngleDeg * Math.PI) / 180,
  });
  const phaseRng = new Random(seed, 'machine', index, 'phases');
  const v = config.vibration;
  const vibration: VibrationParams = {
    de: config.structure.de,
    fe: config.structure.fe,
    deBearing: kin(geometryOf(config.bearings.de)),
    feBearing: kin(geometryOf(config.bearings.fe)),
    residualUnbalanceMmS: v.residualUnbalanceMmS,
    residualMisalignmentMmS: v.residualMisalignmentMmS,
    imbalanceAtFailureMmS: v.imbalanceAtFailureMmS,
    misalignmentAtFailureMmS: v.misalignmentAtFailureMmS,
    loosenessAtFailureMmS: v.loosenessAtFailureMmS,
    lineVibrationG: v.lineVibrationG,
    machineNoiseG: v.machineNoiseG,
    defectImpactAtFailure: v.defectImpactAtFailure,
    fanBlades: Math.max(2, Math.round(v.fanBlades)),
    referenceShaftHz: motor.ratedSpeedRpm / 60,
    orderPhasesRad: Array.from({ length: 80 }, () => 2 * Math.PI * phaseRng.uniform()),
  };
  const ins = config.modes.insulation;
  return {
    id,
    index,
    group,
    seed,
    config,
    profile,
    motor,
    thermal,
    vibration,
    insulation: {
      classTempC: ins.classTempC,
      lifeAtClassTempH: ins.lifeAtClassTempH,
      hotSpotAllowanceK: ins.hotSpotAllowanceK,
      activeFrom: ins.activeFrom,
      threshold: ins.threshold,
    },
    sensorFaults,
  };
}

type DegradingMode = Exclude<FaultMode, 'insulation'>;

/** The random-life spec of a mode, and an injected (scheduled) spec for one defect if any. */
export interface DefectSpecs {
  readonly base: (mode: DegradingMode) => ModeSpec;
  readonly injected: (mode: DegradingMode, location: BearingLocation | null) => ModeSpec | null;
}

/** Specs straight from the machine's configuration, scaled by `lifeScale`, no injections. */
export function configSpecs(config: MachineConfig, lifeScale = 1): DefectSpecs {
  return {
    base: (mode) => {
      const spec = config.modes[mode];
      if (spec.onset.kind !== 'weibull' || lifeScale === 1) return spec;
      return { ...spec, onset: { ...spec.onset, scaleH: spec.onset.scaleH * lifeScale } };
    },
    injected: () => null,
  };
}

/** Initial state: running (or not) at the profile's first command, thermally settled. */
export function initialState(m: Machine, specs: DefectSpecs): MachineState {
  const rngProfile = new Random(m.seed, 'machine', m.index, 'profile');
  const rngAmbient = new Random(m.seed, 'machine', m.index, 'ambient');
  const profile = initialProfileState(m.profile, rngProfile);
  const defects: DefectState[] = [];
  for (const mode of FAULT_MODES) {
    if (mode === 'insulation') continue;
    const base = specs.base(mode);
    const locations: (BearingLocation | null)[] = (LOCATED_MODES as readonly string[]).includes(
      mode,
    )
      ? [...BEARING_LOCATIONS]
      : [null];
    for (const loc of locations) {
      const rng = new Random(m.seed, 'machine', m.index, 'defect', mode, loc ?? 'machine');
      const spec = specs.injected(mode, loc) ?? base;
      defects.push(createDefect(mode, loc, spec, rng, `machine ${m.id}: modes.${mode}`, base));
    }
  }
  const ambient: AmbientState = { noiseC: 0 };
  const ambientC = ambientAt(m.config.ambient, ambient, 0, 0, rngAmbient);
  const command = profileAt(m.profile, profile, 0, 0, rngProfile);
  const s: MachineState = {
    tH: 0,
    status: command.running ? 'running' : 'stopped',
    downUntilH: 0,
    failedMode: null,
    command,
    op: operatingPoint(m.motor, 0, 0),
    tempC: new Float64Array(3).fill(ambientC),
    ambientC,
    ambient,
    profile,
    defects,
    insulationConsumed: m.config.modes.insulation.initialAgeFraction,
    operatingHours: 0,
    tempSensors: {
      winding: { elementC: ambientC, lastReading: null },
      frame: { elementC: ambientC, lastReading: null },
      bearing_de: { elementC: ambientC, lastReading: null },
      ambient: { elementC: ambientC, lastReading: null },
    },
    rngProfile,
    rngAmbient,
  };
  if (s.status === 'running') {
    s.op = runningPoint(m, s);
    // Start thermally settled at the first operating point, as a machine that has been running.
    const settled = steadyMotorTemps(m.thermal, thermalLoad(m, s), ambientC);
    s.tempC.set(settled);
    for (const [k, i] of Object.entries(THERMAL_NODE_INDEX)) {
      s.tempSensors[k as 'winding' | 'frame' | 'bearing_de'].elementC = settled[i]!;
    }
  }
  return s;
}

/** Current severities of every mode (insulation: consumed life). */
export function severities(s: MachineState): Severities {
  const out = healthySeverities();
  for (const d of s.defects) {
    if (d.location !== null) out[d.location][d.mode as (typeof LOCATED_MODES)[number]] = d.severity;
    else out[d.mode as Exclude<DegradingMode, (typeof LOCATED_MODES)[number]>] = d.severity;
  }
  out.insulation = s.insulationConsumed;
  return out;
}

function runningPoint(m: Machine, s: MachineState): MotorOperatingPoint {
  const rotorBar = s.defects.find((d) => d.mode === 'rotor_bar')?.severity ?? 0;
  return operatingPoint(
    m.motor,
    s.command.loadFraction,
    (m.motor.supplyHz * s.command.speedPct) / 100,
    1 + 2 * rotorBar,
  );
}

function bearingFrictionW(
  m: Machine,
  s: MachineState,
  sev: Severities,
  loc: BearingLocation,
): number {
  if (s.status !== 'running') return 0;
  const b = sev[loc];
  const speedRel = s.op.speedRpm / m.motor.ratedSpeedRpm;
  const wear = Math.max(b.outer_race, b.inner_race, b.ball);
  const misload = 1 + 0.3 * sev.misalignment + 0.2 * sev.imbalance;
  return (
    m.config.thermal.bearingFrictionW *
    speedRel *
    (0.6 + 0.4 * s.command.loadFraction) *
    misload *
    (1 + 4 * b.lubrication + 2 * b.lubrication * b.lubrication) *
    (1 + 0.6 * wear)
  );
}

function thermalLoad(m: Machine, s: MachineState) {
  const sev = severities(s);
  const running = s.status === 'running';
  const losses = running
    ? motorLosses(m.motor, s.op, s.command.loadFraction, s.tempC[0]!)
    : { windingW: 0, frameW: 0 };
  // Broken bars raise the rotor's copper loss through the slip of the operating point.
  return {
    windingW: losses.windingW,
    frameW: losses.frameW + bearingFrictionW(m, s, sev, 'fe'),
    bearingDeW: bearingFrictionW(m, s, sev, 'de'),
    speedRpm: running ? s.op.speedRpm : 0,
    fanSeverity: sev.fan,
  };
}

/** Stress factor (effective hours per hour) of a defect under the current state. */
function stressOf(m: Machine, s: MachineState, sev: Severities, d: DefectState): number {
  const running = s.status === 'running';
  const speedRel = running ? s.op.speedRpm / m.motor.ratedSpeedRpm : 0;
  const load = s.command.loadFraction;
  switch (d.mode) {
    case 'outer_race':
    case 'inner_race':
    case 'ball': {
      const lub = sev[d.location ?? 'de'].lubrication;
      const p =
        (0.5 + 0.5 * load) *
        (1 + 0.4 * sev.imbalance + 0.5 * sev.misalignment + 0.3 * sev.looseness);
      return speedRel * p * p * p * (1 + 4 * lub);
    }
    case 'lubrication': {
      // Grease life halves per 15 K above 70 C (SKF grease-life rule); slow oxidation at rest.
      const t = d.location === 'de' ? s.tempC[2]! : s.tempC[1]!;
      return running ? speedRel * Math.pow(2, (t - 70) / 15) : 0.05;
    }
    case 'imbalance':
    case 'fan':
      return speedRel;
    case 'misalignment':
      return running ? 1 + 0.5 * sev.looseness : 0;
    case 'looseness':
      return running ? 1 + sev.imbalance + sev.misalignment : 0;
    case 'rotor_bar':
      return running ? (0.5 + load) * (1 + Math.max(0, s.tempC[0]! - 80) / 40) : 0;
    case 'insulation':
      return 0;
  }
}

export interface StepEvent {
  readonly type: 'onset' | 'failure';
  readonly tH: number;
  readonly mode: FaultMode;
  readonly location: BearingLocation | null;
  readonly severity: number;
}

/**
 * Advances the machine from s.tH to s.tH + dtH: operating command, operating point,
 * temperatures (exact), degradation (exact onsets and threshold crossings) and the hours
 * counter. Returns the onsets and failures that happened within the step.
 */
export function stepMachine(
  m: Machine,
  s: MachineState,
  dtH: number,
  startHourOfDay: number,
): StepEvent[] {
  const events: StepEvent[] = [];
  const t0 = s.tH;
  if (s.status === 'down' && t0 >= s.downUntilH - 1e-9) {
    s.status = 'stopped';
    s.failedMode = null;
  }
  s.command = profileAt(m.profile, s.profile, t0, dtH, s.rngProfile);
  if (s.status !== 'down') s.status = s.command.running ? 'running' : 'stopped';
  s.op = s.status === 'running' ? runningPoint(m, s) : operatingPoint(m.motor, 0, 0);
  s.ambientC = ambientAt(
    m.config.ambient,
    s.ambient,
    (startHourOfDay + t0) % 24,
    dtH,
    s.rngAmbient,
  );

  const sev = severities(s);
  const w0 = s.tempC[0]!;
  stepMotorThermal(m.thermal, s.tempC, thermalLoad(m, s), s.ambientC, dtH * 3600);
  const insulationBefore = s.insulationConsumed;
  s.insulationConsumed += insulationDamage(m.insulation, w0, s.tempC[0]!, dtH);

  let firstFailure: StepEvent | null = null;
  for (const d of s.defects) {
    const r = stepDefect(d, t0, dtH, stressOf(m, s, sev, d));
    if (r.onsetAtH !== null) {
      events.push({
        type: 'onset',
        tH: r.onsetAtH,
        mode: d.mode,
        location: d.location,
        severity: d.spec.growth.initialSeverity,
      });
    }
    if (r.failureAtH !== null && (firstFailure === null || r.failureAtH < firstFailure.tH)) {
      firstFailure = {
        type: 'failure',
        tH: r.failureAtH,
        mode: d.mode,
        location: d.location,
        severity: d.severity,
      };
    }
  }
  if (s.insulationConsumed >= m.insulation.threshold && s.status !== 'down') {
    // when the consumed life crossed the threshold, as the other modes' failures are timed
    // (linear within the step; it was the step's end)
    const gained = s.insulationConsumed - insulationBefore;
    const within = gained > 0 ? (m.insulation.threshold - insulationBefore) / gained : 1;
    const ins: StepEvent = {
      type: 'failure',
      tH: toNanohour(t0 + dtH * Math.min(1, Math.max(0, within))),
      mode: 'insulation',
      location: null,
      severity: m.insulation.threshold,
    };
    if (firstFailure === null || ins.tH < firstFailure.tH) firstFailure = ins;
  }
  if (firstFailure !== null && s.status !== 'down') {
    events.push(firstFailure);
    s.status = 'down';
    s.failedMode = firstFailure.mode;
    s.downUntilH = Number.POSITIVE_INFINITY;
  }
  if (s.status === 'running') s.operatingHours += dtH;
  s.tH = t0 + dtH;
  return events;
}

/** Restores the given modes to as-new (new parts, fresh grease, rebalanced, realigned...). */
export function repairModes(s: MachineState, modes: readonly FaultMode[]): void {
  for (const d of s.defects) if (modes.includes(d.mode)) renewDefect(d);
  if (modes.includes('insulation')) s.insulationConsumed = 0;
}

/** Takes the machine out of service until `untilH` (maintenance or repair). */
export function takeDown(s: MachineState, untilH: number): void {
  s.status = 'down';
  s.downUntilH = untilH;
}
