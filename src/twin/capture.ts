/**
 * Fast captures: a burst of vibration (or phase current) synthesised from the machine's
 * slow state at one instant, as a condition-monitoring system captures blocks of samples,
 * passed through the sensor chain.
 */
import type { Random } from '../core/random.js';
import type { BearingLocation } from './health.js';
import type { Machine, MachineState } from './machine.js';
import { severities } from './machine.js';
import { ratedCurrentA } from './motor.js';
import { applyAccelerometer } from './sensors.js';
import { activeSensorFault } from './telemetry.js';
import type { VibrationInput, VibrationSynth } from './vibration.js';
import { synthesizeCurrent } from './electrical.js';

export interface VibrationCapture {
  readonly location: BearingLocation;
  readonly fsHz: number;
  /** Measured acceleration, g (NaN where the sensor dropped samples). */
  readonly accelG: Float32Array;
  /** Shaft speed during the capture, rpm (what a tachometer gives). */
  readonly speedRpm: number;
  readonly clippedSamples: number;
}

export function vibrationInput(s: MachineState): VibrationInput {
  const running = s.status === 'running';
  return {
    shaftHz: running ? s.op.shaftHz : 0,
    supplyHz: s.op.supplyHz,
    slip: s.op.slip,
    loadFraction: running ? s.command.loadFraction : 0,
    severities: severities(s),
  };
}

/** Captures `samples` samples at fsHz from the accelerometer at `loc`. */
export function captureVibration(
  m: Machine,
  s: MachineState,
  loc: BearingLocation,
  fsHz: number,
  samples: number,
  rng: Random,
  synth: VibrationSynth,
  scratch?: Float64Array,
): VibrationCapture {
  const x =
    scratch !== undefined && scratch.length === samples ? scratch : new Float64Array(samples);
  synth.synthesize(
    m.vibration,
    vibrationInput(s),
    loc,
    fsHz,
    x,
    rng.fork('physics'),
    `${m.seed}:${m.index}`,
  );
  const out = new Float32Array(samples);
  const sensor = loc === 'de' ? 'accel_de' : 'accel_fe';
  const report = applyAccelerometer(
    x,
    fsHz,
    m.config.sensors.accelerometer[loc],
    rng.fork('sensor'),
    out,
    activeSensorFault(m, sensor, s.tH),
  );
  return {
    location: loc,
    fsHz,
    accelG: out,
    speedRpm: s.status === 'running' ? s.op.speedRpm : 0,
    clippedSamples: report.clipped,
  };
}

/** Captures the phase current, A. */
export function captureCurrent(
  m: Machine,
  s: MachineState,
  fsHz: number,
  samples: number,
  rng: Random,
): Float32Array {
  const out = new Float32Array(samples);
  const running = s.status === 'running';
  synthesizeCurrent(
    {
      supplyHz: s.op.supplyHz,
      shaftHz: running ? s.op.shaftHz : 0,
      slip: s.op.slip,
      currentRmsA: running ? s.op.currentA : 0,
      rotorCurrentShare: running ? s.op.rotorCurrentShare : 0,
      severities: severities(s),
    },
    m.config.electrical,
    {
      gain: m.config.sensors.current.gain,
      noiseFraction: m.config.sensors.current.noiseFraction,
      ratedCurrentA: ratedCurrentA(m.motor),
    },
    fsHz,
    out,
    rng,
  );
  return out;
}
