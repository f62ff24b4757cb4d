/**
 * Slow telemetry: what a machine's transmitters report every telemetry period: speed (from
 * the tachometer), phase current, winding / frame / bearing / ambient temperatures and the
 * overall vibration values of both accelerometers, each through its sensor model.
 */
import type { Random } from '../core/random.js';
import type { Machine, MachineState, SensorName } from './machine.js';
import { severities } from './machine.js';
import { ratedCurrentA } from './motor.js';
import type { ActiveSensorFault } from './sensors.js';
import { readTemperature } from './sensors.js';
import { G, overallVibration } from './vibration.js';

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

/**
 * Applies a slow-channel fault to a reading: a dropout reads nothing, a stuck sensor its last
 * good value, and spikes or drift what `changed` makes of the value.
 */
function faulted(
  value: number,
  fault: ActiveSensorFault | null,
  last: { v: number },
  changed: (kind: 'spikes' | 'drift', fault: ActiveSensorFault) => number,
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
    default:
      return changed(fault.kind, fault);
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
    ? // the transducer's noise is a fraction of its rated current, as in captures
      s.op.currentA * cur.gain + cur.noiseFraction * ratedCurrentA(m.motor) * rng.normal()
    : 0;
  const speed = m.config.sensors.tachometer ? (running ? s.op.speedRpm : 0) : Number.NaN;
  const f = (name: SensorName, v: number): number =>
    faulted(v, activeSensorFault(m, name, t), mem.last[name], (kind, fault) =>
      kind === 'spikes'
        ? rng.uniform() < 0.2
          ? v * (1 + Math.max(1, fault.magnitude))
          : v
        : v + fault.magnitude * fault.elapsedH,
    );
  // An accelerometer's two overall values come from the one sensor, so its fault reaches both:
  // the velocity takes the fault as it comes; the acceleration reads nothing on a dropout,
  // holds its own value when stuck, takes the same spike (no second draw) and drifts by the
  // same offset, read in g at the reference frequency of 1000 rad/s (159.2 Hz), where 1 mm/s
  // of velocity is 1 m/s^2 of acceleration. The draws keep their order: speed, current, the
  // velocities, the accelerations.
  const speedOut = f('speed', speed);
  const currentOut = f('current', currentA);
  const velDe = meas(de.velocityRmsMmS, acc.de.gain);
  const velDeOut = f('accel_de', velDe);
  const velFe = meas(fe.velocityRmsMmS, acc.fe.gain);
  const velFeOut = f('accel_fe', velFe);
  const faultedAcc = (loc: 'de' | 'fe', accel: number, vel: number, velOut: number): number =>
    faulted(
      accel,
      activeSensorFault(m, loc === 'de' ? 'accel_de' : 'accel_fe', t),
      mem.lastAcc[loc],
      (kind) =>
        kind === 'spikes'
          ? vel > 0
            ? accel * (velOut / vel)
            : accel
          : Math.max(0, accel + (velOut - vel) / G),
    );
  const vibDeAccG = faultedAcc('de', meas(de.accelRmsG, acc.de.gain), velDe, velDeOut);
  const vibFeAccG = faultedAcc('fe', meas(fe.accelRmsG, acc.fe.gain), velFe, velFeOut);
  return {
    running,
    speedRpm: speedOut,
    loadFraction: s.command.loadFraction,
    currentA: currentOut,
    tempWindingC: temps[0]!,
    tempFrameC: temps[1]!,
    tempBearingDeC: temps[2]!,
    tempAmbientC: temps[3]!,
    vibDeVelMmS: velDeOut,
    vibFeVelMmS: velFeOut,
    vibDeAccG,
    vibFeAccG,
  };
}
