/**
 * Stator current: RMS from the operating point and a phase-current waveform for motor
 * current signature analysis (MCSA).
 * - Broken rotor bars modulate the current at twice slip frequency: sidebands at
 *   f (1 +- 2 s). Healthy motors show them 50-60 dB under the fundamental (inherent rotor
 *   asymmetry, drawn per machine); one broken bar in a small motor brings them to about
 *   -40 dB at full load (Thomson & Fenger, IEEE Industry Applications Magazine 7(4), 2001).
 *   They come from the rotor's currents, so relative to the whole phase current they scale
 *   with the load component's share of it (the operating point's `rotorCurrentShare`): at
 *   light load the magnetising current dominates and the sidebands sink, as every MCSA
 *   guideline warns. The asymmetry sets the sum of the two sidebands; the speed ripple it
 *   causes moves part of it from the lower to the upper one, more the less inertia the load
 *   has, and leaves the sum about the same (Bellini et al., IEEE Trans. Industry Applications
 *   37(5), 2001).
 * - Air-gap eccentricity (raised by misalignment and looseness) gives sidebands at f +- fr.
 * - Supply distortion: small 5th and 7th harmonics.
 */
import type { Random } from '../core/random.js';
import type { Severities } from './health.js';

export interface CurrentInput {
  readonly supplyHz: number;
  readonly shaftHz: number;
  readonly slip: number;
  readonly currentRmsA: number;
  /** Load component's share of the current relative to rated (MotorOperatingPoint). */
  readonly rotorCurrentShare: number;
  readonly severities: Severities;
}

/** The machine's own rotor asymmetry (the template's `electrical` section). */
export interface RotorAsymmetry {
  /** Healthy rotor's two sidebands summed, at rated load, dB relative to the fundamental. */
  readonly healthySidebandSumDb: number;
  /** Upper sideband over lower. */
  readonly upperSidebandRatio: number;
}

/**
 * A rotor asymmetry in the middle of the template's ranges: sum -51 dB, upper 0.65 of the
 * lower, which is then -55.3 dB.
 */
export const TYPICAL_ROTOR: RotorAsymmetry = Object.freeze({
  healthySidebandSumDb: -51,
  upperSidebandRatio: 0.65,
});

export interface CurrentSensorParams {
  readonly gain: number;
  /** Noise as a fraction of the rated current, RMS. */
  readonly noiseFraction: number;
  readonly ratedCurrentA: number;
}

/**
 * Broken-bar sideband amplitudes relative to the fundamental. Their sum is the healthy rotor's
 * own plus 0.1 at severity 1 (the lower one then about -24 dB: several adjacent bars broken)
 * at rated load, times the load component's share of the current; the lower one gets
 * 1 / (1 + r) of it and the upper one r / (1 + r), r the machine's upper-to-lower ratio.
 */
export function rotorBarSidebands(
  severity: number,
  rotor: RotorAsymmetry = TYPICAL_ROTOR,
  rotorCurrentShare = 1,
): { lower: number; upper: number } {
  const sum = (10 ** (rotor.healthySidebandSumDb / 20) + 0.1 * severity) * rotorCurrentShare;
  const r = rotor.upperSidebandRatio;
  return { lower: sum / (1 + r), upper: (sum * r) / (1 + r) };
}

/** Eccentricity sideband (f +- fr) amplitude relative to the fundamental. */
export function eccentricitySidebandRatio(s: Severities): number {
  return 0.003 * (1 + 2 * s.misalignment + 3 * s.looseness);
}

/** Phase-current waveform (A) for one capture, written into `out`. */
export function synthesizeCurrent(
  x: CurrentInput,
  rotor: RotorAsymmetry,
  sensor: CurrentSensorParams,
  fsHz: number,
  out: Float64Array | Float32Array,
  rng: Random,
): void {
  const n = out.length;
  const amp = Math.SQRT2 * x.currentRmsA * sensor.gain;
  const f = x.supplyHz;
  const rb = rotorBarSidebands(x.severities.rotor_bar, rotor, x.rotorCurrentShare);
  const ecc = eccentricitySidebandRatio(x.severities);
  const comps: [number, number][] = [
    [f, 1],
    [f * (1 - 2 * x.slip), rb.lower],
    [f * (1 + 2 * x.slip), rb.upper],
    [f - x.shaftHz, ecc],
    [f + x.shaftHz, ecc],
    [5 * f, 0.02],
    [7 * f, 0.01],
  ];
  // Each tone a phasor turned by e^{i w} per sample, its phase drawn in the order above.
  const tones: number[] = [];
  for (const [freq, rel] of comps) {
    if (!(freq > 0 && freq < fsHz / 2) || rel <= 0 || amp <= 0) continue;
    const w = (2 * Math.PI * freq) / fsHz;
    const ph = 2 * Math.PI * rng.uniform();
    tones.push(amp * rel * Math.cos(ph), amp * rel * Math.sin(ph), Math.cos(w), Math.sin(w));
  }
  if (noiseScratch.length < n) noiseScratch = new Float64Array(n);
  const noise = noiseScratch;
  rng.fillNormal(noise, 0, n); // the draws of n calls of normal(), in order
  // The tones added three at a time, in order: a float32 output rounds after each addition
  // (Math.fround, as a Float32Array store does), so its samples are those that adding tone after
  // tone into it, and then the noise, gave.
  out.fill(0);
  for (let k = 0; k < tones.length; k += 12) {
    if (out instanceof Float32Array) addThreeTones(tones, k, out, true);
    else addThreeTones(tones, k, out, false);
  }
  const noiseA = sensor.noiseFraction * sensor.ratedCurrentA;
  for (let i = 0; i < n; i++) out[i] = out[i]! + noiseA * noise[i]!;
}

/** Tones k/4 .. k/4 + 2 of `t` (re, im, cos w, sin w each; those past its end silent) added to out. */
function addThreeTones(
  t: readonly number[],
  k: number,
  out: Float64Array | Float32Array,
  f32: boolean,
): void {
  const has1 = k + 4 < t.length;
  const has2 = k + 8 < t.length;
  let re0 = t[k]!;
  let im0 = t[k + 1]!;
  const c0 = t[k + 2]!;
  const s0 = t[k + 3]!;
  let re1 = has1 ? t[k + 4]! : 0;
  let im1 = has1 ? t[k + 5]! : 0;
  const c1 = has1 ? t[k + 6]! : 1;
  const s1 = has1 ? t[k + 7]! : 0;
  let re2 = has2 ? t[k + 8]! : 0;
  let im2 = has2 ? t[k + 9]! : 0;
  const c2 = has2 ? t[k + 10]! : 1;
  const s2 = has2 ? t[k + 11]! : 0;
  for (let i = 0; i < out.length; i++) {
    // adding a silent tone's 0 leaves a sample as it was, rounded or not
    out[i] = f32
      ? Math.fround(Math.fround(Math.fround(out[i]! + re0) + re1) + re2)
      : out[i]! + re0 + re1 + re2;
    const r0 = re0 * c0 - im0 * s0;
    im0 = re0 * s0 + im0 * c0;
    re0 = r0;
    const r1 = re1 * c1 - im1 * s1;
    im1 = re1 * s1 + im1 * c1;
    re1 = r1;
    const r2 = re2 * c2 - im2 * s2;
    im2 = re2 * s2 + im2 * c2;
    re2 = r2;
  }
}

/** Noise scratch of `synthesizeCurrent` (one per thread). */
let noiseScratch = new Float64Array(0);
