/**
 * The structural path from a bearing to an accelerometer: a bank of lightly damped modes,
 * each a second-order resonator. An impact rings every mode as a decaying sinusoid
 *   h(t) = g exp(-s t) cos(w_d t + psi),  s = zeta w_n,  w_d = w_n sqrt(1 - zeta^2),
 * with psi = atan(s / w_d), the phase that makes the ring-down's integral zero: the
 * acceleration of a structure hit by a force impulse has no net area (its velocity returns
 * to rest), so impacts add no spurious low-frequency content near the shaft orders.
 * Broadband excitation (friction, flow) passes through the same modes.
 *
 * Discretisation is impulse-invariant: the recursion y[n] = a1 y[n-1] + a2 y[n-2] + u[n]
 * with a1 = 2 e^{-sT} cos(w_d T), a2 = -e^{-2sT} has damped sinusoids as its homogeneous
 * solutions, so an impact at any (sub-sample) time t0 is placed exactly by injecting two
 * samples: u[n0] = h(n0 T - t0) and u[n0+1] = h((n0+1) T - t0) - a1 u[n0].
 * Source: D. Ho & R. B. Randall, "Optimisation of bearing diagnostic techniques using
 * simulated and actual bearing fault signals", MSSP 14 (2000); N. Sawalhi & R. B. Randall,
 * "Simulating gear and bearing interactions in the presence of faults", MSSP 22 (2008).
 *
 * A data acquisition front end has an anti-aliasing filter; modes close to or above the
 * Nyquist frequency are attenuated by a 16th-order Butterworth magnitude with its corner at
 * 0.42 fs, and modes at or above Nyquist are dropped, so no mode aliases.
 */
import { PdmError } from '../core/errors.js';

export interface Resonance {
  readonly freqHz: number;
  readonly dampingRatio: number;
  /** Peak acceleration of the ring-down, g, for a unit impact. */
  readonly gain: number;
}

interface ResonatorCoeffs {
  readonly a1: number;
  readonly a2: number;
  readonly sigma: number;
  readonly omegaD: number;
  /** Phase of the zero-mean ring-down, atan(sigma / omegaD). */
  readonly psi: number;
  /** Gain after the anti-aliasing filter. */
  readonly gain: number;
  /** Scale applied to white-noise excitation so its impulse response is a unit sine. */
  readonly noiseScale: number;
}

/** Magnitude of the acquisition's anti-aliasing filter at f (Butterworth, order 16, 0.42 fs). */
export function antiAliasGain(freqHz: number, fsHz: number): number {
  if (freqHz >= 0.5 * fsHz) return 0;
  const r = freqHz / (0.42 * fsHz);
  return 1 / Math.sqrt(1 + Math.pow(r, 32));
}

export class ResonatorBank {
  readonly fsHz: number;
  private readonly coeffs: ResonatorCoeffs[];
  /** RMS of the bank's output for unit-variance white excitation. */
  readonly noiseGainRms: number;
  /** Samples after which every mode has decayed below 1e-4 of its peak. */
  readonly settleSamples: number;

  constructor(resonances: readonly Resonance[], fsHz: number) {
    if (!(fsHz > 0))
      throw new PdmError('PDM_INPUT_INVALID', `fsHz: expected a positive sample rate, got ${fsHz}`);
    this.fsHz = fsHz;
    const T = 1 / fsHz;
    this.coeffs = [];
    let slowest = 0;
    resonances.forEach((r, i) => {
      if (!(r.freqHz > 0) || !(r.dampingRatio > 0 && r.dampingRatio < 1)) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `resonances[${i}]: expected freqHz > 0 and dampingRatio in (0, 1), got ${r.freqHz} Hz, ${r.dampingRatio}`,
        );
      }
      const wn = 2 * Math.PI * r.freqHz;
      const sigma = r.dampingRatio * wn;
      const omegaD = wn * Math.sqrt(1 - r.dampingRatio * r.dampingRatio);
      const gain = r.gain * antiAliasGain(r.freqHz, fsHz);
      if (gain < 1e-9) return;
      const decay = Math.exp(-sigma * T);
      const sinWdT = Math.sin(omegaD * T);
      this.coeffs.push({
        a1: 2 * decay * Math.cos(omegaD * T),
        a2: -decay * decay,
        sigma,
        omegaD,
        psi: Math.atan2(sigma, omegaD),
        gain,
        // With this input scale, an input impulse gives e^{-sTn} sin(w_d T (n+1)): a unit sine.
        noiseScale: Math.abs(sinWdT) > 1e-12 ? sinWdT : 1,
      });
      slowest = Math.max(slowest, 1 / sigma);
    });
    this.settleSamples = Math.ceil(slowest * Math.log(1e4) * fsHz) + 2;
    this.noiseGainRms = this.computeNoiseGain();
  }

  get modeCount(): number {
    return this.coeffs.length;
  }

  /** Allocates one excitation buffer per mode, each of `length` samples. */
  createExcitation(length: number): Float64Array[] {
    return this.coeffs.map(() => new Float64Array(length));
  }

  /**
   * Adds an impact of amplitude `amp` at time `tS` (seconds from sample 0; may fall between
   * samples) to the excitation buffers. Impacts outside the buffer are ignored.
   */
  addImpact(excitation: Float64Array[], tS: number, amp: number): void {
    const fs = this.fsHz;
    const n0 = Math.ceil(tS * fs);
    const len = excitation[0]?.length ?? 0;
    if (n0 < 0 || n0 + 1 >= len) return;
    const tau0 = n0 / fs - tS;
    const tau1 = tau0 + 1 / fs;
    for (let r = 0; r < this.coeffs.length; r++) {
      const c = this.coeffs[r]!;
      const u = excitation[r]!;
      const a = amp * c.gain;
      const h0 = a * Math.exp(-c.sigma * tau0) * Math.cos(c.omegaD * tau0 + c.psi);
      const h1 = a * Math.exp(-c.sigma * tau1) * Math.cos(c.omegaD * tau1 + c.psi);
      u[n0] = u[n0]! + h0;
      u[n0 + 1] = u[n0 + 1]! + h1 - c.a1 * h0;
    }
  }

  /**
   * Runs every mode over its excitation plus a common white-noise excitation `noise`
   * (scaled by `noiseLevel`; pass null for none) and adds the summed response to `out`,
   * starting at sample `from` of the buffers (earlier samples let the modes settle).
   */
  render(
    excitation: Float64Array[],
    noise: Float64Array | null,
    noiseLevel: number,
    out: Float64Array,
    from: number,
  ): void {
    const len = out.length;
    for (let r = 0; r < this.coeffs.length; r++) {
      const c = this.coeffs[r]!;
      const u = excitation[r]!;
      const a1 = c.a1;
      const a2 = c.a2;
      const g = noise === null ? 0 : noiseLevel * c.gain * c.noiseScale;
      let y1 = 0;
      let y2 = 0;
      const end = from + len;
      if (noise === null || g === 0) {
        for (let n = 0; n < end; n++) {
          const y = a1 * y1 + a2 * y2 + u[n]!;
          y2 = y1;
          y1 = y;
          if (n >= from) out[n - from] = out[n - from]! + y;
        }
      } else {
        for (let n = 0; n < from; n++) {
          const y = a1 * y1 + a2 * y2 + u[n]! + g * noise[n]!;
          y2 = y1;
          y1 = y;
        }
        for (let n = from; n < end; n++) {
          const y = a1 * y1 + a2 * y2 + u[n]! + g * noise[n]!;
          y2 = y1;
          y1 = y;
          out[n - from] = out[n - from]! + y;
        }
      }
    }
  }

  /** Sum over modes of the squared impulse response, for unit white-noise input. */
  private computeNoiseGain(): number {
    const len = Math.max(16, this.settleSamples);
    const sum = new Float64Array(len);
    for (const c of this.coeffs) {
      let y1 = 0;
      let y2 = 0;
      for (let n = 0; n < len; n++) {
        const y = c.a1 * y1 + c.a2 * y2 + (n === 0 ? c.gain * c.noiseScale : 0);
        y2 = y1;
        y1 = y;
        sum[n] = sum[n]! + y;
      }
    }
    let e = 0;
    for (let n = 0; n < len; n++) e += sum[n]! * sum[n]!;
    return Math.sqrt(e);
  }
}
