/**
 * The twin's machines and rows in the shapes the machine feature pipeline takes, so that every
 * consumer of a simulation (dataset generation, the predictive policy) feeds it alike.
 */
import type {
  CaptureInput,
  MachineFeatureOptions,
  TelemetryInput,
} from '../features/machine-features.js';
import type { Machine } from '../twin/machine.js';
import type { Scenario } from '../twin/scenario-schema.js';
import type { CaptureRow, TelemetryRow } from '../twin/simulation.js';
import { ISO_10816_LIMITS, isoClassForPower } from '../features/velocity.js';

/** The pipeline options of a twin machine: its bearings, pole pairs and ISO zone limits. */
export function pipelineOptionsFor(m: Machine): MachineFeatureOptions {
  const named = m.config.sensors.isoClass;
  const isoClass = named === 'auto' ? isoClassForPower(m.motor.ratedPowerKw) : named;
  return {
    bearings: { de: m.vibration.deBearing.geometry, fe: m.vibration.feBearing.geometry },
    polePairs: m.motor.polePairs,
    vibration: { isoLimits: ISO_10816_LIMITS[isoClass] },
  };
}

/**
 * The failure modes a scenario's maintenance can restore (its preventive and corrective
 * scopes together), for `MachineFeaturePipeline.reset`.
 */
export function repairableModes(s: Scenario): readonly string[] {
  return [...new Set([...s.maintenance.preventiveScope, ...s.maintenance.correctiveScope])];
}

/** A telemetry row as pipeline input. */
export function telemetryInput(r: TelemetryRow): TelemetryInput {
  const x = r.reading;
  return {
    tH: r.tH,
    running: x.running,
    loadFraction: x.loadFraction,
    currentA: x.currentA,
    tempWindingC: x.tempWindingC,
    tempFrameC: x.tempFrameC,
    tempBearingDeC: x.tempBearingDeC,
    tempAmbientC: x.tempAmbientC,
    speedRpm: x.speedRpm,
  };
}

/** A capture row as pipeline input: every accelerometer, and the current when captured. */
export function captureInput(c: CaptureRow): CaptureInput {
  return {
    tH: c.tH,
    speedRpm: c.speedRpm,
    channels: c.vibration.map((v) => ({ location: v.location, fsHz: v.fsHz, samples: v.accelG })),
    supplyHz: c.supplyHz,
    current:
      c.currentA === null
        ? null
        : { fsHz: c.currentFsHz, samples: c.currentA, supplyHz: c.supplyHz },
  };
}
