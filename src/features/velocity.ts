/**
 * Vibration velocity from acceleration, and the ISO 10816-1 / 20816-1 evaluation zones.
 *
 * Integration in the frequency domain: V(f) = A(f) / (i 2 pi f), with A in mm/s^2
 * (1 g = 9806.65 mm/s^2, the standard gravity of ISO 80000-3), restricted to the broadband
 * measurement range of ISO 10816-1:1995 / ISO 20816-1:2016 (10 Hz to 1 kHz for machines
 * running above 600 rpm) by an ideal band-pass (the bins outside are zeroed; ISO 2954 allows
 * an instrument filter with roll-off, an ideal one is its limit). The record is treated as one
 * period, as every DFT method does: no drift, no integration constant, no low-frequency blow-up.
 *
 * Zones (ISO 10816-1 Annex B, typical limits of broadband velocity RMS, mm/s):
 *   class I   (small machines, up to 15 kW)           A/B 0.71  B/C 1.8  C/D 4.5
 *   class II  (medium, 15-75 kW, or up to 300 kW on special foundations) 1.12 / 2.8 / 7.1
 *   class III (large, rigid foundations)              1.8 / 4.5 / 11.2
 *   class IV  (large, soft foundations)               2.8 / 7.1 / 18
 * Zone A: newly commissioned; B: unrestricted long-term operation; C: restricted; D: damage.
 */
import { PdmError } from '../core/errors.js';
import { realFftPlan } from './fft.js';
import type { RealSpectrum } from './capture-spectrum.js';

/** Standard gravity in mm/s^2: converts g to mm/s^2. */
export const STANDARD_GRAVITY_MM_S2 = 9806.65;

/** The ISO 10816-1 broadband velocity range, Hz. */
export const ISO_VELOCITY_BAND_HZ: readonly [number, number] = [10, 1000];

/** ISO 10816-1 machine classes. */
export type IsoMachineClass = 'I' | 'II' | 'III' | 'IV';

/** Zone boundaries A/B, B/C, C/D in mm/s RMS, ascending. */
export type IsoZoneLimits = readonly [number, number, number];

/** Typical zone boundaries of ISO 10816-1 Annex B per machine class. */
export const ISO_10816_LIMITS: Readonly<Record<IsoMachineClass, IsoZoneLimits>> = Object.freeze({
  I: [0.71, 1.8, 4.5],
  II: [1.12, 2.8, 7.1],
  III: [1.8, 4.5, 11.2],
  IV: [2.8, 7.1, 18],
});

/**
 * The ISO 10816-1 class of a machine from its rated power: I up to 15 kW, II up to 75 kW (or
 * up to 300 kW on special foundations), III above on rigid foundations. Class IV (large
 * machines on soft foundations) and special foundations cannot be told from the power alone:
 * name the class instead.
 */
export function isoClassForPower(ratedPowerKw: number): IsoMachineClass {
  if (!(ratedPowerKw > 0)) {
    throw new PdmError('PDM_INPUT_INVALID', `ratedPowerKw: expected > 0, got ${ratedPowerKw}`);
  }
  return ratedPowerKw <= 15 ? 'I' : ratedPowerKw <= 75 ? 'II' : 'III';
}

/**
 * Evaluation zone of a broadband velocity RMS: 0 (A) when <= the A/B boundary, 1 (B), 2 (C),
 * 3 (D) above the C/D boundary; NaN for NaN. Default limits: class I (the twin's 2.2 kW motors).
 */
/** Refuses zone limits that are not three ascending velocities > 0 mm/s, naming them `name`. */
export function checkIsoLimits(limits: unknown, name: string): void {
  const ok =
    Array.isArray(limits) &&
    limits.length === 3 &&
    limits.every((v, i) => typeof v === 'number' && v > 0 && (i === 0 || v > limits[i - 1]));
  if (!ok)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}: expected three ascending boundaries > 0 mm/s (the A/B, B/C and C/D zone limits, as ISO_10816_LIMITS.II), got ${Array.isArray(limits) ? `[${limits.join(', ')}]` : JSON.stringify(limits)}`,
    );
}

export function isoZone(velRmsMmS: number, limits: IsoZoneLimits = ISO_10816_LIMITS.I): number {
  checkIsoLimits(limits, 'limits');
  const [ab, bc, cd] = limits;
  if (Number.isNaN(velRmsMmS)) return Number.NaN;
  if (velRmsMmS < 0) {
    throw new PdmError('PDM_INPUT_INVALID', `velRmsMmS: expected >= 0, got ${velRmsMmS}`);
  }
  return velRmsMmS <= ab ? 0 : velRmsMmS <= bc ? 1 : velRmsMmS <= cd ? 2 : 3;
}

function checkBand(bandHz: readonly [number, number]): void {
  const [lo, hi] = bandHz;
  if (!(lo > 0 && hi > lo && Number.isFinite(hi))) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `bandHz: expected 0 < lo < hi, finite, got [${lo}, ${hi}]`,
    );
  }
}

/**
 * Integrates spectra into velocity; holds its scratch between calls (one per thread).
 * `integrate` returns the velocity RMS in mm/s, by Parseval from the bins. When `out` is given
 * it also writes the velocity waveform (mm/s) there, at out.length samples over the record's
 * duration: out.length = spec.size gives the record's own rate; a shorter (even) length gives
 * exact samples of the same band-limited waveform at a lower rate, as long as it keeps the
 * band (out.length / 2 bins above the band's top bin), which is all a peak and a kurtosis need.
 */
export class VelocityIntegrator {
  private vr = new Float64Array(0);
  private vi = new Float64Array(0);

  integrate(
    spec: RealSpectrum,
    bandHz: readonly [number, number] = ISO_VELOCITY_BAND_HZ,
    out: Float64Array | null = null,
  ): number {
    checkBand(bandHz);
    const n = spec.size;
    const half = Math.floor(n / 2);
    const dfHz = spec.fsHz / n;
    const kLo = Math.max(1, Math.ceil(bandHz[0] / dfHz - 1e-9));
    const kHi = Math.min(half, Math.floor(bandHz[1] / dfHz + 1e-9));
    const m = out === null ? 0 : out.length;
    const mHalf = Math.floor(m / 2);
    if (out !== null && m !== n && (m % 2 !== 0 || mHalf <= kHi || m > n)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `out: expected the record's length ${n}, or an even length <= ${n} ` +
          `above ${2 * kHi}, got ${m}`,
      );
    }
    if (out !== null && this.vr.length !== mHalf + 1) {
      this.vr = new Float64Array(mHalf + 1);
      this.vi = new Float64Array(mHalf + 1);
    }
    const { vr, vi } = this;
    if (out !== null) {
      vr.fill(0);
      vi.fill(0);
    }
    const { re, im } = spec;
    // The size-m inverse divides by m where the record's DFT carries n.
    const rescale = m / n;
    let sumSq = 0;
    for (let k = kLo; k <= kHi; k++) {
      // A / (i w) = -i A / w: (a + ib)/(i w) = (b - i a)/w.
      const g = STANDARD_GRAVITY_MM_S2 / (2 * Math.PI * k * dfHz);
      const r = im[k]! * g;
      const i = -re[k]! * g;
      // One-sided bins count twice in Parseval, except Nyquist (real, once).
      sumSq += (2 * k === n ? 1 : 2) * (r * r + i * i);
      if (out !== null) {
        vr[k] = r * rescale;
        vi[k] = 2 * k === m ? 0 : i * rescale;
      }
    }
    if (out !== null) realFftPlan(m).inverse(vr, vi, out);
    return Math.sqrt(sumSq) / n;
  }
}

/** Velocity waveform (mm/s) and its RMS. */
export interface VelocityResult {
  readonly velMmS: Float64Array;
  readonly rmsMmS: number;
}

/**
 * Velocity (mm/s) of an acceleration record (g) sampled at fsHz, band-limited to bandHz
 * (default ISO 10816's 10-1000 Hz); see the file header. Any length >= 2 (non-fast lengths
 * run the slower float64 FFT). The mean is irrelevant: DC lies outside every band.
 */
export function accelToVelocity(
  accelG: Float32Array | Float64Array,
  fsHz: number,
  bandHz: readonly [number, number] = ISO_VELOCITY_BAND_HZ,
): VelocityResult {
  const n = accelG.length;
  if (n < 2) throw new PdmError('PDM_INPUT_INVALID', `accelG: expected >= 2 samples, got ${n}`);
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) {
    throw new PdmError('PDM_INPUT_INVALID', `fsHz: expected a finite rate > 0, got ${fsHz}`);
  }
  const half = Math.floor(n / 2);
  const re = new Float64Array(half + 1);
  const im = new Float64Array(half + 1);
  realFftPlan(n).forward(accelG, re, im);
  const velMmS = new Float64Array(n);
  const rmsMmS = new VelocityIntegrator().integrate({ size: n, fsHz, re, im }, bandHz, velMmS);
  return { velMmS, rmsMmS };
}
