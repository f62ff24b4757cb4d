/**
 * Sensors between the physics and the data: what a real measurement chain does to a signal.
 * - Accelerometer + DAQ: sensitivity error (a gain), electrical noise floor (white, given
 *   as a noise density in g/sqrt(Hz) over the band 0..fs/2), range clipping and ADC
 *   quantisation (IEC 60068-2-47 style mounting assumed rigid; mounted resonance above band).
 * - Temperature (RTD/thermocouple): first-order lag, white noise, slow calibration drift,
 *   resolution.
 * - Current transducer: gain error and noise.
 * - Sensor faults that can be injected: dropout (missing samples, NaN), stuck (a frozen
 *   value), spikes (isolated outliers), drift (a growing offset).
 */
import type { Random } from '../core/random.js';

export const SENSOR_FAULT_KINDS = ['dropout', 'stuck', 'spikes', 'drift'] as const;
export type SensorFaultKind = (typeof SENSOR_FAULT_KINDS)[number];

export interface AccelerometerParams {
  /** Actual / nominal sensitivity (1.0 = perfect calibration). */
  readonly gain: number;
  /** Noise density of the chain, g/sqrt(Hz). */
  readonly noiseDensityGPerSqrtHz: number;
  /** Full-scale range, +-g. */
  readonly rangeG: number;
  readonly adcBits: number;
}

export const DEFAULT_ACCELEROMETER: AccelerometerParams = Object.freeze({
  gain: 1,
  noiseDensityGPerSqrtHz: 30e-6,
  rangeG: 50,
  adcBits: 16,
});

export interface ActiveSensorFault {
  readonly kind: SensorFaultKind;
  /** Kind-specific size: drift in signal units per hour (temperature) or g (accel offset);
   *  spikes: outlier size as a fraction of range (accel) or in signal units. */
  readonly magnitude: number;
  /** Hours since the fault began (drift grows with it). */
  readonly elapsedH: number;
}

/** Counts of samples altered by the acquisition, for quality flags. */
export interface ChainReport {
  clipped: number;
}

/** Scratch for the chain's noise, reused between captures (one per thread). */
let noiseScratch = new Float64Array(0);

/**
 * Applies the accelerometer chain to a physical acceleration `x` (g), writing the measured
 * signal to `out` (same length). Returns how many samples clipped.
 */
export function applyAccelerometer(
  x: Float64Array,
  fsHz: number,
  a: AccelerometerParams,
  rng: Random,
  out: Float32Array | Float64Array,
  fault: ActiveSensorFault | null = null,
): ChainReport {
  const n = x.length;
  const noiseRms = a.noiseDensityGPerSqrtHz * Math.sqrt(fsHz / 2);
  const range = a.rangeG;
  const lsb = (2 * range) / Math.pow(2, a.adcBits);
  // A two's-complement converter's codes: -2^(b-1) (-range) to 2^(b-1) - 1 (one step under
  // +range). Anything that rounds outside them saturates at the end code and counts as clipped.
  const maxCode = Math.pow(2, a.adcBits - 1) - 1;
  const minCode = -maxCode - 1;
  const offset = fault?.kind === 'drift' ? fault.magnitude : 0;
  // The chain's noise, drawn in one batch (the same variates as one normal() per sample).
  if (noiseScratch.length < n) noiseScratch = new Float64Array(n);
  const noise = noiseScratch;
  rng.fillNormal(noise, 0, n);
  let clipped = 0;
  for (let i = 0; i < n; i++) {
    const v = a.gain * x[i]! + noiseRms * noise[i]! + offset;
    // Math.round(q) without its data-dependent branch, which noise mispredicts half the time
    // (V8's own lowering: ceil, then one down when the ceiling is more than half above);
    // the same value for every q, -0 included.
    const q = v / lsb;
    const up = Math.ceil(q);
    let code = up - Number(up - 0.5 > q);
    if (code > maxCode) {
      code = maxCode;
      clipped++;
    } else if (code < minCode) {
      code = minCode;
      clipped++;
    }
    out[i] = code * lsb;
  }
  if (fault !== null) applyCaptureFault(out, fault, range, rng, { lsb, minCode, maxCode });
  return { clipped };
}

/** Alters a captured block according to an active sensor fault (drift is an offset, above). */
function applyCaptureFault(
  out: Float32Array | Float64Array,
  f: ActiveSensorFault,
  range: number,
  rng: Random,
  adc: { readonly lsb: number; readonly minCode: number; readonly maxCode: number },
): void {
  const n = out.length;
  switch (f.kind) {
    case 'dropout': {
      // The link drops a block of samples: the DAQ reports them missing.
      const len = Math.max(1, Math.floor(n * (0.1 + 0.8 * rng.uniform())));
      const start = rng.int(n - len + 1);
      out.fill(Number.NaN, start, start + len);
      break;
    }
    case 'stuck': {
      const start = rng.int(Math.max(1, Math.floor(n / 2)));
      const v = out[start] ?? 0;
      out.fill(v, start);
      break;
    }
    case 'spikes': {
      const count = 1 + rng.int(5);
      for (let k = 0; k < count; k++) {
        const i = rng.int(n);
        const v = (rng.uniform() < 0.5 ? -1 : 1) * range * Math.min(1, Math.max(0.2, f.magnitude));
        // through the converter like any sample: a full-scale spike reads the end code
        const code = Math.min(adc.maxCode, Math.max(adc.minCode, Math.round(v / adc.lsb)));
        out[i] = code * adc.lsb;
      }
      break;
    }
    case 'drift':
      break;
  }
}

export interface TemperatureSensorParams {
  /** First-order time constant, s. */
  readonly lagS: number;
  readonly noiseC: number;
  /** Calibration drift, degC per 1000 h (signed). */
  readonly driftCPer1000H: number;
  readonly resolutionC: number;
}

export const DEFAULT_TEMPERATURE_SENSOR: TemperatureSensorParams = Object.freeze({
  lagS: 60,
  noiseC: 0.15,
  driftCPer1000H: 0,
  resolutionC: 0.1,
});

/** State of a lagged temperature sensor (its element's own temperature). */
export interface TemperatureSensorState {
  elementC: number;
  /** The last reading given (what a stuck sensor repeats); null before the first. */
  lastReading: number | null;
}

/**
 * Advances a temperature sensor by dtS towards the true temperature `trueC` (exact
 * first-order step: the element follows a linear ramp of the input between the previous and
 * current true value, integrated exactly) and returns the reading (NaN on dropout).
 */
export function readTemperature(
  s: TemperatureSensorState,
  p: TemperatureSensorParams,
  prevTrueC: number,
  trueC: number,
  dtS: number,
  ageH: number,
  rng: Random,
  fault: ActiveSensorFault | null,
): number {
  // Exact response of dy/dt = (u - y)/tau to u ramping linearly from u0 to u1 over dt.
  const tau = Math.max(p.lagS, 1e-9);
  const e = Math.exp(-dtS / tau);
  const slope = dtS > 0 ? (trueC - prevTrueC) / dtS : 0;
  s.elementC = trueC - slope * tau + (s.elementC - prevTrueC + slope * tau) * e;
  let v = s.elementC + (p.driftCPer1000H * ageH) / 1000 + p.noiseC * rng.normal();
  if (fault !== null) {
    switch (fault.kind) {
      case 'dropout':
        return Number.NaN;
      case 'stuck':
        // the last reading, at the sensor's resolution, as a frozen transmitter repeats it
        s.lastReading ??= quantize(v, p.resolutionC);
        return s.lastReading;
      case 'spikes':
        if (rng.uniform() < 0.2) v += (rng.uniform() < 0.5 ? -1 : 1) * Math.max(5, fault.magnitude);
        break;
      case 'drift':
        v += fault.magnitude * fault.elapsedH;
        break;
    }
  }
  s.lastReading = quantize(v, p.resolutionC);
  return s.lastReading;
}

/**
 * v rounded to the nearest multiple of step (no rounding when step <= 0). A decimal step
 * (0.1, 0.05, 0.25) gives the double nearest the decimal reading (17.9, not the
 * 17.900000000000002 that k x 0.1 makes), so tables written as text show what a display
 * with that resolution shows.
 */
export function quantize(v: number, step: number): number {
  if (!(step > 0)) return v;
  const k = Math.round(v / step);
  const perUnit = Math.round(1 / step);
  return Math.abs(perUnit * step - 1) < 1e-12 ? k / perUnit : k * step;
}
