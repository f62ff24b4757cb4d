/**
 * Slow telemetry: what a machine's transmitters report every telemetry period: speed (from
 * the tachometer), phase current, winding / frame / bearing / ambient temperatures and the
 * overall vibration values of both accelerometers, each through its sensor model.
 */
import type { Random } from '../core/random.js';
import type { Machine, MachineState, SensorName } from './machine.js';
import { severities } from './machine.js';
import type { ActiveSensorFault } from './sensors.js';
import { readTemperature } from './sensors.js';
import { overallVibration } from './vibration.js';

export interface TelemetryReading {
  readonly running: boolean;
  readonly speedRpm: number;
  readonly loadFraction: number;
  readonly currentA: number;
  readonly tempWindingC: number;
  readonly tempFrameC: number;
  readonly tempBearingDeC: number;
  readonly tempAmbientC: number;
  readonly vibDeVelMmS: number;
  readonly vibFeVelMmS: number;
  readonly vibDeAccG: number;
  readonly vibFeAccG: number;
}

/** The sensor fault active on a sensor at time tH, if any. */
export function activeSensorFault(
  m: Machine,
  sensor: SensorName,
  tH: number,
): ActiveSensorFault | null {
  for (const f of m.sensorFaults) {
    if (f.sensor === sensor && tH >= f.startH && tH < f.endH) {
      return { kind: f.kind, magnitude: f.magnitude, elapsedH: tH - f.startH };
    }
  }
  return null;
}

/** Applies a slow-channel fault (dropout, stuck, spikes, drift) to a reading. */
function faulted(
  value: number,
  fault: ActiveSensorFault | null,
  last: { v: number },
  rng: Random,
): number {
  if (fault === null) {
    last.v = value;
    return value;
  }
  switch (fault.kind) {
    case 'dropout':
      return Number.NaN;
    case 'stuck':
      return last.v;
    case 'spikes':
      return rng.uniform() < 0.2 ? value * (1 + Math.max(1, fault.magnitude)) : value;
    case 'drift':
      return value + fault.magnitude * fault.elapsedH;
  }
}

export interface TelemetryMemory {
  prevTrue: Float64Array;
  last: Record<SensorName, { v: number }>;
  /** The accelerometers' last acceleration overall values (a stuck sensor repeats them). */
  lastAcc: { de: { v: number }; fe: { v: number } };
}

export function createTelemetryMemory(s: MachineState): TelemetryMemory {
  const z = () => ({ v: 0 });
  return {
    prevTrue: Float64Array.from([s.tempC[0]!, s.tempC[1]!, s.tempC[2]!, s.ambientC]),
    last: {
      accel_de: z(),
      accel_fe: z(),
      temp_winding: z(),
      temp_frame: z(),
      temp_bearing_de: z(),
      temp_ambient: z(),
      current: z(),
      speed: z(),
    },
    lastAcc: { de: z(), fe: z() },
  };
}

/**
 * Reads every slow channel at the end of a step of dtH hours. Temperature sensors lag the
 * true temperatures (integrated exactly over the step).
 */
export function readTelemetry(
  m: Machine,
  s: MachineState,
  mem: TelemetryMemory,
  dtH: number,
  rng: Random,
): TelemetryReading {
  const t = s.tH;
  const running = s.status === 'running';
  const tp = m.config.sensors.temperature;
  const trueT = [s.tempC[0]!, s.tempC[1]!, s.tempC[2]!, s.ambientC];
  const names = ['winding', 'frame', 'bearing_de', 'ambient'] as const;
  const temps = names.map((name, i) => {
    const sensor: SensorName = `temp_${name}`;
    return readTemperature(
      s.tempSensors[name],
      tp,
      mem.prevTrue[i]!,
      trueT[i]!,
      dtH * 3600,
      t,
      rng,
      activeSensorFault(m, sensor, t),
    );
  });
  mem.prevTrue.set(trueT);
  const sev = severities(s);
  const x = {
    shaftHz: running ? s.op.shaftHz : 0,
    supplyHz: s.op.supplyHz,
    slip: s.op.slip,
    loadFraction: s.command.loadFraction,
    severities: sev,
  };
  const de = overallVibration(m.vibration, x, 'de');
  const fe = overallVibration(m.vibration, x, 'fe');
  const acc = m.config.sensors.accelerometer;
  const meas = (v: number, gain: number): number =>
    Math.max(0, v * gain * (1 + 0.02 * rng.normal()));
  const cur = m.config.sensors.current;
  const currentA = running
    ? s.op.currentA * cur.gain + cur.noiseFraction * s.op.currentA * rng.normal()
    : 0;
  const speed = m.config.sensors.tachometer ? (running ? s.op.speedRpm : 0) : Number.NaN;
  const f = (name: SensorName, v: number): number =>
    faulted(v, activeSensorFault(m, name, t), mem.last[name], rng);
  // An accelerometer's two overall values come from the one sensor, so its fault reaches both:
  // the velocity takes the fault as it comes, and the acceleration changes in the same ratio
  // (no second draw for spikes), reads nothing on a dropout and holds its own value when stuck.
  const overallValues = (
    loc: 'de' | 'fe',
    velTrue: number,
    accTrue: number,
  ): [velMmS: number, accG: number] => {
    const name = loc === 'de' ? 'accel_de' : 'accel_fe';
    const vel = meas(velTrue, acc[loc].gain);
    const accel = meas(accTrue, acc[loc].gain);
    const velOut = f(name, vel);
    const fault = activeSensorFault(m, name, t);
    const lastAcc = mem.lastAcc[loc];
    let accOut: number;
    if (fault === null) accOut = accel;
    else if (fault.kind === 'stuck') accOut = lastAcc.v;
    else accOut = vel > 0 ? accel * (velOut / vel) : Number.isNaN(velOut) ? Number.NaN : accel;
    if (fault === null) lastAcc.v = accel;
    return [velOut, accOut];
  };
  const [vibDeVelMmS, vibDeAccG] = overallValues('de', de.velocityRmsMmS, de.accelRmsG);
  const [vibFeVelMmS, vibFeAccG] = overallValues('fe', fe.velocityRmsMmS, fe.accelRmsG);
  return {
    running,
    speedRpm: f('speed', speed),
    loadFraction: s.command.loadFraction,
    currentA: f('current', currentA),
    tempWindingC: temps[0]!,
    tempFrameC: temps[1]!,
    tempBearingDeC: temps[2]!,
    tempAmbientC: temps[3]!,
    vibDeVelMmS,
    vibFeVelMmS,
    vibDeAccG,
    vibFeAccG,
  };
}
