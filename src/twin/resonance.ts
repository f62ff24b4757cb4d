/**
 * The structural path from a bearing to an accelerometer: a bank of lightly damped modes,
 * each a second-order resonator. An impact rings every mode as a decaying sinusoid
 *   h(t) = g exp(-s t) cos(w_d t + psi),  s = zeta w_n,  w_d = w_n sqrt(1 - zeta^2),
 * with psi near atan(s / w_d), the phase that makes the ring-down's integral zero: the
 * acceleration of a structure hit by a force impulse has no net area (its velocity returns
 * to rest), so impacts add no spurious low-frequency content near the shaft orders. Sampled,
 * a ring-down that starts between samples needs a slightly different phase for its samples to
 * sum to zero (addImpact solves for it per impact); with atan(s / w_d) itself the samples kept
 * a net sum that made an impact train's velocity in 10-50 Hz grow with every impact.
 * Broadband excitation (friction, flow) passes through the same modes with the same zero-area
 * kernel: the white excitation is differenced first (a zero at DC), so each mode's impulse
 * response is a ring-down e^{-s t} cos(w_d t + phase) whose samples sum to zero, and the noise's
 * acceleration falls towards 0 Hz below the mode, in proportion to f. Through the
 * all-pole recursion alone (a unit sine ring-down, whose sum is not zero) every mode kept a flat
 * acceleration floor of about 2 zeta times its peak down to 0 Hz, which a velocity integration
 * lifts by 1/f: at 10-20 Hz a line of the noise's velocity reached 0.1-0.4 mm/s on machines with
 * 6-9 % damping, as much as the 1x line of a balanced rotor. (An undamped structure's exact
 * force-to-acceleration response falls as f^2 below the mode; one zero is what the impact
 * kernel has, and it already puts the floor under the sensor's own noise, 15-60 ug/sqrt(Hz), at
 * the shaft orders of the default fleet: a median 2-6 ug/sqrt(Hz) at 10-30 Hz. From about
 * 100 Hz up the structural floor, rising as f, is the larger.)
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
  /**
   * Scale applied to the differenced white-noise excitation so that its impulse response, a
   * zero-sum ring-down, has unit amplitude.
   */
  readonly noiseScale: number;
}

/** Magnitude of the acquisition's anti-aliasing filter at f (Butterworth, order 16, 0.42 fs). */
export function antiAliasGain(freqHz: number, fsHz: number): number {
  if (freqHz >= 0.5 * fsHz) return 0;
  const r = freqHz / (0.42 * fsHz);
  return 1 / Math.sqrt(1 + Math.pow(r, 32));
}

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/** A mode that contributes nothing: pads the last group of three in `renderThree`. */
const SILENT: ResonatorCoeffs = {
  a1: 0,
  a2: 0,
  sigma: 1,
  omegaD: 0,
  psi: 0,
  gain: 0,
  noiseScale: 0,
};

/**
 * Runs up to three modes (missing ones silent) over their excitations `u` (null: zero) and
 * the scaled common noise, differenced as it is read (noise[n] - noise[n - 1], noise[-1] = 0:
 * the file header), adding y0, then y1, then y2 to each output sample: the same sums, in the
 * same order, as three passes of one mode each.
 */
function renderThree(
  modes: readonly [
    ResonatorCoeffs | undefined,
    ResonatorCoeffs | undefined,
    ResonatorCoeffs | undefined,
  ],
  u: readonly [Float64Array, Float64Array, Float64Array] | null,
  noise: Float64Array,
  level: number,
  out: Float64Array,
  from: number,
): void {
  const [c0 = SILENT, c1 = SILENT, c2 = SILENT] = modes;
  const a10 = c0.a1;
  const a20 = c0.a2;
  const a11 = c1.a1;
  const a21 = c1.a2;
  const a12 = c2.a1;
  const a22 = c2.a2;
  const g0 = level * c0.gain * c0.noiseScale;
  const g1 = level * c1.gain * c1.noiseScale;
  const g2 = level * c2.gain * c2.noiseScale;
  const end = from + out.length;
  let y10 = 0;
  let y20 = 0;
  let y11 = 0;
  let y21 = 0;
  let y12 = 0;
  let y22 = 0;
  let prev = 0;
  if (u === null) {
    for (let n = 0; n < end; n++) {
      const e = noise[n]! - prev;
      prev = noise[n]!;
      const y0 = a10 * y10 + a20 * y20 + g0 * e;
      const y1 = a11 * y11 + a21 * y21 + g1 * e;
      const y2 = a12 * y12 + a22 * y22 + g2 * e;
      y20 = y10;
      y10 = y0;
      y21 = y11;
      y11 = y1;
      y22 = y12;
      y12 = y2;
      if (n >= from) out[n - from] = out[n - from]! + y0 + y1 + y2;
    }
    return;
  }
  const [u0, u1, u2] = u;
  for (let n = 0; n < end; n++) {
    const e = noise[n]! - prev;
    prev = noise[n]!;
    const y0 = a10 * y10 + a20 * y20 + u0[n]! + g0 * e;
    const y1 = a11 * y11 + a21 * y21 + u1[n]! + g1 * e;
    const y2 = a12 * y12 + a22 * y22 + u2[n]! + g2 * e;
    y20 = y10;
    y10 = y0;
    y21 = y11;
    y11 = y1;
    y22 = y12;
    y12 = y2;
    if (n >= from) out[n - from] = out[n - from]! + y0 + y1 + y2;
  }
}

export class ResonatorBank {
  readonly fsHz: number;
  private readonly coeffs: ResonatorCoeffs[];
  /** RMS of the bank's output for unit-variance white excitation. */
  readonly noiseGainRms: number;
  /** Samples after which every mode has decayed below 1e-4 of its peak. */
  readonly settleSamples: number;
  private zeroBuffer = new Float64Array(0);

  constructor(resonances: readonly Resonance[], fsHz: number) {
    if (!(fsHz > 0)) invalid(`fsHz: expected a positive sample rate, got ${fsHz}`);
    this.fsHz = fsHz;
    const T = 1 / fsHz;
    this.coeffs = [];
    let slowest = 0;
    resonances.forEach((r, i) => {
      if (!(r.freqHz > 0) || !(r.dampingRatio > 0 && r.dampingRatio < 1)) {
        invalid(
          `resonances[${i}]: expected freqHz > 0 and dampingRatio in (0, 1), got ${r.freqHz} Hz, ${r.dampingRatio}`,
        );
      }
      const wn = 2 * Math.PI * r.freqHz;
      const sigma = r.dampingRatio * wn;
      const omegaD = wn * Math.sqrt(1 - r.dampingRatio * r.dampingRatio);
      const gain = r.gain * antiAliasGain(r.freqHz, fsHz);
      if (gain < 1e-9) return;
      const decay = Math.exp(-sigma * T);
      this.coeffs.push({
        a1: 2 * decay * Math.cos(omegaD * T),
        a2: -decay * decay,
        sigma,
        omegaD,
        psi: Math.atan2(sigma, omegaD),
        gain,
        // An input impulse gives e^{-sTn} sin(w_d T (n+1)) / sin(w_d T); differenced, a ring-down
        // of amplitude 2 sin(w_d T / 2) / sin(w_d T) = 1 / cos(w_d T / 2) (as e^{-sT} -> 1).
        noiseScale: Math.cos((omegaD * T) / 2),
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
      const e0 = a * Math.exp(-c.sigma * tau0);
      const e1 = a * Math.exp(-c.sigma * tau1);
      const w0 = c.omegaD * tau0;
      const w1 = c.omegaD * tau1;
      // The samples' sum, not the continuous integral, is what must vanish: the recursion sums
      // its input u[n0] + u[n0+1] = h0 (1 - a1) + h1 times its DC gain, and a ring-down that
      // starts with a jump between samples leaves a sum of the order of its amplitude with the
      // continuous psi (half of it for a 500-800 Hz mode), which a velocity integration lifts
      // by 1/f^2 below 50 Hz. The phase nearest psi that zeroes h0 (1 - a1) + h1 =
      // Re(e^{i phase} Z) is pi/2 - arg Z.
      const zr = (1 - c.a1) * e0 * Math.cos(w0) + e1 * Math.cos(w1);
      const zi = (1 - c.a1) * e0 * Math.sin(w0) + e1 * Math.sin(w1);
      let phase = Math.PI / 2 - Math.atan2(zi, zr);
      phase -= Math.PI * Math.round((phase - c.psi) / Math.PI);
      const h0 = e0 * Math.cos(w0 + phase);
      const h1 = e1 * Math.cos(w1 + phase);
      u[n0] = u[n0]! + h0;
      u[n0 + 1] = u[n0 + 1]! + h1 - c.a1 * h0;
    }
  }

  /**
   * Runs every mode over its excitation (null: none, all zero) plus a common white-noise
   * excitation `noise` (differenced, see the file header, and scaled by `noiseLevel`; pass null
   * for none; the caller's buffer is left as it is) and adds the summed
   * response to `out`, starting at sample `from` of the buffers (earlier samples let the modes
   * settle). Modes run three at a time in one pass: their recursions are independent, so the
   * CPU overlaps them, and each output sample still adds the modes in order.
   */
  render(
    excitation: readonly Float64Array[] | null,
    noise: Float64Array | null,
    noiseLevel: number,
    out: Float64Array,
    from: number,
  ): void {
    const end = from + out.length;
    for (const u of excitation ?? []) {
      if (u.length < end) invalid(`excitation: expected ${end} samples, got ${u.length}`);
    }
    if (noise !== null && noise.length < end) {
      invalid(`noise: expected ${end} samples, got ${noise.length}`);
    }
    const zeros = this.zeros(end);
    const level = noise === null ? 0 : noiseLevel;
    for (let r = 0; r < this.coeffs.length; r += 3) {
      renderThree(
        [this.coeffs[r], this.coeffs[r + 1], this.coeffs[r + 2]],
        excitation === null
          ? null
          : [excitation[r] ?? zeros, excitation[r + 1] ?? zeros, excitation[r + 2] ?? zeros],
        noise ?? zeros,
        level,
        out,
        from,
      );
    }
  }

  /** A zero buffer of at least n samples, kept between calls. */
  private zeros(n: number): Float64Array {
    if (this.zeroBuffer.length < n) this.zeroBuffer = new Float64Array(n);
    return this.zeroBuffer;
  }

  /** Sum over modes of the squared impulse response, for unit white-noise input (differenced). */
  private computeNoiseGain(): number {
    const len = Math.max(16, this.settleSamples);
    const sum = new Float64Array(len);
    for (const c of this.coeffs) {
      let y1 = 0;
      let y2 = 0;
      for (let n = 0; n < len; n++) {
        const u = n === 0 ? 1 : n === 1 ? -1 : 0;
        const y = c.a1 * y1 + c.a2 * y2 + u * c.gain * c.noiseScale;
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
