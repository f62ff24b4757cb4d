/**
 * The one forward FFT that every spectral feature of a capture shares: the DFT X[k] of the
 * mean-removed record without a window (what frequency-domain integration, band-pass
 * demodulation and the kurtogram need), and from it the Hann-windowed peak-amplitude spectrum
 * (what tone amplitudes need) without a second FFT: the periodic Hann window
 * w[j] = 1/2 - 1/2 cos(2 pi j / n) multiplies the record, so its DFT is the 3-tap convolution
 * X_w[k] = X[k]/2 - X[k-1]/4 - X[k+1]/4 (F. J. Harris, Proc. IEEE 66(1), 1978, section V.B),
 * with X[-k] = conj X[k]. Scaled as `amplitudeSpectrum` in spectrum.ts: amp = 2|X_w| / sum(w),
 * sum(w) = n/2, not doubled at DC and Nyquist, so a tone on a bin reads its amplitude.
 *
 * The record is cut to `analysisLength(n)`, the largest size that pffft transforms (2^a 3^b 5^c,
 * a >= 5) at or below n, instead of being zero-padded: padding would put an edge inside the
 * window and break the 3-tap identity, while the cut drops at most 4 % of a record of 10^4
 * samples or more (11 % at worst above 10^3) and keeps the fast back-end on every size.
 */
import { PdmError } from '../core/errors.js';
import { isFastSize, realFftPlan } from './fft.js';

/** Bins 0 .. size/2 of the DFT of a real record of `size` samples taken at fsHz. */
export interface RealSpectrum {
  readonly size: number;
  readonly fsHz: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Smallest record that `analysisLength` accepts. */
export const MIN_ANALYSIS_LENGTH = 32;

/** The largest n' <= n with `isFastSize(n')` (see the file header); n >= 32. */
export function analysisLength(n: number): number {
  if (!Number.isInteger(n) || n < MIN_ANALYSIS_LENGTH) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `n: expected an integer >= ${MIN_ANALYSIS_LENGTH} samples, got ${n}`,
    );
  }
  let m = n;
  while (!isFastSize(m)) m--;
  return m;
}

/**
 * A capture's spectrum, with scratch held between calls: `compute` allocates only when a
 * record is longer than any before it.
 */
export class CaptureSpectrum implements RealSpectrum {
  size = 0;
  fsHz = Number.NaN;
  /** Mean of the analysed samples, removed before the FFT. */
  mean = Number.NaN;
  re = new Float64Array(0);
  im = new Float64Array(0);
  /** Hann-windowed peak-amplitude spectrum, bins 0 .. size/2, bin width fsHz / size. */
  hannAmp = new Float64Array(0);

  /** Bin width, Hz. */
  get dfHz(): number {
    return this.fsHz / this.size;
  }

  /** Equivalent noise bandwidth of the Hann window in bins (1.5), as `AmplitudeSpectrum` has. */
  readonly enbwBins = 1.5;

  /**
   * Transforms the first `size` samples of x (default `analysisLength(x.length)`); `size` must
   * be even. Non-finite samples make every bin NaN.
   */
  compute(x: Float32Array | Float64Array, fsHz: number, size = analysisLength(x.length)): this {
    if (!(fsHz > 0) || !Number.isFinite(fsHz)) {
      throw new PdmError('PDM_INPUT_INVALID', `fsHz: expected a finite rate > 0, got ${fsHz}`);
    }
    if (!Number.isInteger(size) || size < 2 || size % 2 !== 0 || size > x.length) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `size: expected an even integer in [2, ${x.length}], got ${size}`,
      );
    }
    const bins = size / 2 + 1;
    if (this.size !== size) {
      if (this.re.buffer.byteLength < bins * 8) {
        this.re = new Float64Array(bins);
        this.im = new Float64Array(bins);
        this.hannAmp = new Float64Array(bins);
      } else {
        this.re = new Float64Array(this.re.buffer, 0, bins);
        this.im = new Float64Array(this.im.buffer, 0, bins);
        this.hannAmp = new Float64Array(this.hannAmp.buffer, 0, bins);
      }
      this.size = size;
    }
    this.fsHz = fsHz;
    let sum = 0;
    for (let i = 0; i < size; i++) sum += x[i]!;
    this.mean = sum / size;
    const { re, im, hannAmp } = this;
    realFftPlan(size).forward(size === x.length ? x : x.subarray(0, size), re, im);
    // Removing the mean changes bin 0 only (to exactly 0): no copy of the record is needed.
    re[0] = 0;
    hannFromRect(re, im, size, hannAmp);
    return this;
  }
}

/**
 * Writes the Hann-windowed peak-amplitude spectrum of a record of `size` samples into `amp`,
 * from its unwindowed DFT bins (re, im), by the 3-tap identity of the file header.
 */
export function hannFromRect(
  re: Float64Array,
  im: Float64Array,
  size: number,
  amp: Float64Array,
): void {
  const half = size / 2;
  const scale = 2 / half; // 2 |X_w| / sum(w), sum(w) = size / 2.
  // DC and Nyquist: the neighbours are conjugates, so X_w is real there; not doubled.
  amp[0] = Math.abs(0.5 * re[0]! - 0.5 * re[1]!) / half;
  amp[half] = Math.abs(0.5 * re[half]! - 0.5 * re[half - 1]!) / half;
  for (let k = 1; k < half; k++) {
    const wr = 0.5 * re[k]! - 0.25 * (re[k - 1]! + re[k + 1]!);
    const wi = 0.5 * im[k]! - 0.25 * (im[k - 1]! + im[k + 1]!);
    amp[k] = scale * Math.sqrt(wr * wr + wi * wi);
  }
}
