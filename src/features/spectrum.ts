/**
 * Single-sided peak-amplitude spectrum of a real signal, spectral peak search with
 * interpolation, and band power.
 *
 * Scaling (Heinzel, Ruediger & Schilling, "Spectrum and spectral density estimation by the DFT",
 * 2002, sections 9-10): amp[k] = 2 |X[k]| / sum(w) (not doubled at DC and Nyquist), so a
 * sinusoid of amplitude A centred on a bin reads A whatever the window; between bins it reads
 * less by the window's scalloping loss (Hann up to 15 %, flat-top about 0.1 %). Band power
 * divides the summed amp^2/2 by the window's equivalent noise bandwidth, which makes it right
 * for tones and for broadband noise alike.
 * Peak interpolation: a parabola through the logarithms of the three bins around the maximum
 * (Gaussian interpolation; Gasior & Gonzalez, "Improving FFT frequency measurement resolution
 * by parabolic and Gaussian spectrum interpolation", AIP Conf. Proc. 732, 2004).
 */
import { PdmError } from '../core/errors.js';
import { realFftPlan } from './fft.js';
import { windowCoefficients, type WindowKind } from './window.js';

/** amp[k] is the peak amplitude at frequency k * dfHz, k = 0 .. floor(nfft / 2). */
export interface AmplitudeSpectrum {
  readonly dfHz: number;
  readonly amp: Float64Array;
  /** FFT length (signal length plus zero padding). */
  readonly nfft: number;
  /** The window's equivalent noise bandwidth in bins of this spectrum (nfft sum(w^2) / sum(w)^2). */
  readonly enbwBins: number;
}

/** Options of `amplitudeSpectrum`. */
export interface AmplitudeSpectrumOptions {
  /** Default 'hann'. Use 'flattop' to read tone amplitudes that fall between bins. */
  readonly window?: WindowKind;
  /** Subtract the signal's mean before windowing. Default false. */
  readonly removeMean?: boolean;
  /**
   * FFT length >= signal length; the signal is zero-padded to it. Default: the signal length.
   * `nextFastSize(n)` from fft.ts is the quickest choice when bin spacing is free.
   */
  readonly nfft?: number;
}

/** A spectral maximum: its bin, its amplitude, and its interpolated frequency. */
export interface SpectralPeak {
  readonly freqHz: number;
  readonly amp: number;
  readonly bin: number;
}

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/** Single-sided peak-amplitude spectrum of x sampled at fsHz (see the file header for scaling). */
export function amplitudeSpectrum(
  x: Float32Array | Float64Array,
  fsHz: number,
  opts: AmplitudeSpectrumOptions = {},
): AmplitudeSpectrum {
  const n = x.length;
  const nfft = opts.nfft ?? n;
  if (n < 1) invalid('x: expected at least 1 sample, got 0');
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) {
    invalid(`fsHz: expected a finite rate > 0, got ${fsHz}`);
  }
  if (!Number.isInteger(nfft) || nfft < n) {
    invalid(`nfft: expected an integer >= the signal length ${n}, got ${nfft}`);
  }
  const w = windowCoefficients(opts.window ?? 'hann', n);
  let mean = 0;
  if (opts.removeMean === true) {
    for (let i = 0; i < n; i++) mean += x[i]!;
    mean /= n;
  }
  const xw = new Float64Array(nfft);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    xw[i] = (x[i]! - mean) * w[i]!;
    s1 += w[i]!;
    s2 += w[i]! * w[i]!;
  }
  const bins = Math.floor(nfft / 2) + 1;
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  realFftPlan(nfft).forward(xw, re, im);
  const amp = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    const edge = k === 0 || 2 * k === nfft;
    const r = re[k]!;
    const i = im[k]!;
    // |X| as sqrt(re^2 + im^2), several times faster than Math.hypot; hypot where the squares
    // would overflow or underflow (values beyond 1e154 or below 1e-154)
    let mag = Math.sqrt(r * r + i * i);
    if (mag === Infinity || (mag < 1e-150 && (r !== 0 || i !== 0))) mag = Math.hypot(r, i);
    amp[k] = ((edge ? 1 : 2) * mag) / s1;
  }
  return { dfHz: fsHz / nfft, amp, nfft, enbwBins: (nfft * s2) / (s1 * s1) };
}

/**
 * The largest bin within +-max(relTol * freqHz, one bin) of freqHz, with its frequency refined
 * by Gaussian interpolation over its two neighbours (bias under 0.05 bin for Hann, exact for
 * a Gaussian window). `amp` is the bin's own value, not interpolated.
 */
export function peakNear(
  spec: Pick<AmplitudeSpectrum, 'dfHz' | 'amp'>,
  freqHz: number,
  relTol: number,
): SpectralPeak {
  const { dfHz, amp } = spec;
  if (!Number.isFinite(freqHz) || freqHz < 0) {
    invalid(`freqHz: expected a finite frequency >= 0, got ${freqHz}`);
  }
  if (!Number.isFinite(relTol) || relTol < 0) invalid(`relTol: expected >= 0, got ${relTol}`);
  const tolHz = Math.max(relTol * freqHz, dfHz);
  // The 1e-9 keeps a bin lying exactly on an edge inside despite rounding.
  const lo = Math.max(0, Math.ceil((freqHz - tolHz) / dfHz - 1e-9));
  const hi = Math.min(amp.length - 1, Math.floor((freqHz + tolHz) / dfHz + 1e-9));
  if (lo > hi) {
    invalid(
      `freqHz: ${freqHz} Hz lies beyond the spectrum's last bin at ${(amp.length - 1) * dfHz} Hz`,
    );
  }
  let bin = lo;
  for (let k = lo + 1; k <= hi; k++) if (amp[k]! > amp[bin]!) bin = k;
  let delta = 0;
  if (bin > 0 && bin < amp.length - 1) {
    const [a, b, c] = [amp[bin - 1]!, amp[bin]!, amp[bin + 1]!];
    const [la, lb, lc] = a > 0 && c > 0 ? [Math.log(a), Math.log(b), Math.log(c)] : [a, b, c];
    const curvature = la - 2 * lb + lc;
    // A flat top (curvature 0) or a shoulder rather than a peak keeps the bin centre.
    if (curvature < 0) delta = Math.max(-0.5, Math.min(0.5, (0.5 * (la - lc)) / curvature));
  }
  return { freqHz: (bin + delta) * dfHz, amp: amp[bin]!, bin };
}

/**
 * Mean-square value of the signal in the bins whose centres lie in [loHz, hiHz]: the sum of
 * amp^2/2 (amp^2 at DC and Nyquist) divided by the ENBW. A tone of amplitude A reads A^2/2
 * once the band spans its main lobe; the full band [0, fs/2] reads sum((x w)^2) / sum(w^2).
 */
export function bandPower(spec: AmplitudeSpectrum, loHz: number, hiHz: number): number {
  if (!Number.isFinite(loHz) || !Number.isFinite(hiHz) || loHz < 0 || hiHz < loHz) {
    invalid(`loHz, hiHz: expected 0 <= loHz <= hiHz, finite, got [${loHz}, ${hiHz}]`);
  }
  const { dfHz, amp, nfft, enbwBins } = spec;
  const lo = Math.ceil(loHz / dfHz - 1e-9);
  const hi = Math.min(amp.length - 1, Math.floor(hiHz / dfHz + 1e-9));
  let sum = 0;
  for (let k = lo; k <= hi; k++) {
    const a = amp[k]!;
    sum += k === 0 || 2 * k === nfft ? a * a : 0.5 * a * a;
  }
  return sum / enbwBins;
}
