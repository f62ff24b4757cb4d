/**
 * Spectral kurtosis (SK): how impulsive a signal is in each frequency band, and the choice of
 * the demodulation band for envelope analysis as the band where it is most impulsive.
 * Sources: J. Antoni, "The spectral kurtosis: a useful tool for characterising non-stationary
 * signals", MSSP 20 (2006) (the STFT estimator); J. Antoni & R. B. Randall, "The spectral
 * kurtosis: application to the vibratory surveillance and diagnostics of rotating machines",
 * MSSP 20 (2006); J. Antoni, "Fast computation of the kurtogram for the detection of transient
 * faults", MSSP 21 (2007) (the 1/3-binary tree of bands).
 *
 * Convention: for a band-passed complex signal z, SK = E|z|^4 / (E|z|^2)^2 - 2, which is 0 for
 * Gaussian noise, -1 for a pure tone and large for sparse impacts; `kurtosis` = 1.5 (SK + 2) is
 * the ordinary (non-excess) kurtosis of the real narrow-band signal Re z: 3 for Gaussian noise.
 *
 * Band selection, computed from the capture's one forward FFT: a band's complex signal at
 * m instants spread over the record is the size-m inverse FFT of its bins (shifted to start at
 * bin 0, and folded modulo m when the band holds more than m bins: folding the spectrum is
 * sampling in time). Candidate bands form a 1/3-binary tree in absolute Hz rather than in
 * fractions of fs as Antoni's fast kurtogram does, so the same bands are tried at every sample
 * rate: widths 2^j and 1.5 x 2^j Hz, each width at steps of half a width (bands overlap by half,
 * so a resonance on an edge is not split), plus the whole admissible range. Bands must lie in
 * [minHz, maxHz] (above the shaft harmonics, below the anti-aliasing filter) and be at least
 * minWidthHz wide (wide enough for the envelope lines one wants to see).
 *
 * The choice: the widest candidate whose SK is at least `widthPreference` (0.8) times the
 * highest. SK estimates from a few hundred instants scatter by about 0.2, and a narrow band
 * that beats a wide one by that much is not more impulsive, only noisier; the wider band holds
 * more of the impacts' energy and gives the steadier envelope spectrum. On the twin this rule
 * cut the spread of the envelope features between sample rates from ~5 dB to ~3 dB.
 */
import { PdmError } from '../core/errors.js';
import { directFft, nextFastSize, realFftPlan } from './fft.js';
import { CaptureSpectrum, type RealSpectrum } from './capture-spectrum.js';
import { windowCoefficients } from './window.js';

/** A demodulation band and how impulsive the signal is in it. */
export interface SkBand {
  readonly loHz: number;
  readonly hiHz: number;
  /** SK of this band. */
  readonly sk: number;
  /** The highest SK among the candidates (the kurtogram's maximum), >= sk. */
  readonly maxSk: number;
  /** Non-excess kurtosis of the real band-passed signal, 1.5 (sk + 2). */
  readonly kurtosis: number;
}

/** Where `BandSelector.select` looks. */
export interface BandSearchOptions {
  /** Lowest admissible frequency, Hz. */
  readonly minHz: number;
  /** Highest admissible frequency, Hz (at most fs / 2). */
  readonly maxHz: number;
  /** Narrowest band, Hz. Default `MIN_BAND_WIDTH_HZ`. */
  readonly minWidthHz?: number;
  /** Most instants per band at which kurtosis is estimated. Default 512. */
  readonly maxSamples?: number;
  /** Bands with SK >= preference x the best SK compete on width. Default 0.8; 1: pure maximum. */
  readonly widthPreference?: number;
}

/** Narrowest candidate band (Hz) when the caller asks for nothing wider. */
export const MIN_BAND_WIDTH_HZ = 128;

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/**
 * The candidate bands [lo, hi] (Hz) of the file header inside [minHz, maxHz], narrowest first,
 * ending with the whole range.
 */
export function candidateBands(
  minHz: number,
  maxHz: number,
  minWidthHz = MIN_BAND_WIDTH_HZ,
): [number, number][] {
  if (!(minHz >= 0 && maxHz > minHz && Number.isFinite(maxHz))) {
    invalid(`minHz, maxHz: expected 0 <= minHz < maxHz, finite, got [${minHz}, ${maxHz}]`);
  }
  const out: [number, number][] = [];
  const span = maxHz - minHz;
  const floor = Math.max(minWidthHz, MIN_BAND_WIDTH_HZ);
  for (let p = 1; p <= 2 ** 30; p *= 2) {
    for (const width of [p, 1.5 * p]) {
      if (width < floor || width >= span) continue;
      const step = width / 2;
      for (let lo = Math.ceil(minHz / step) * step; lo + width <= maxHz; lo += step) {
        out.push([lo, lo + width]);
      }
    }
    if (p > span) break;
  }
  out.push([minHz, maxHz]);
  return out;
}

/** Chooses demodulation bands by kurtosis; holds FFT scratch between calls (one per thread). */
export class BandSelector {
  private sks = new Float64Array(0);

  /**
   * SK of the spectrum's bins whose centres lie in [loHz, hiHz], estimated at up to
   * maxSamples instants (see the file header). NaN for an empty or all-zero band.
   */
  bandSk(spec: RealSpectrum, loHz: number, hiHz: number, maxSamples = 512): number {
    const dfHz = spec.fsHz / spec.size;
    const kLo = Math.max(0, Math.ceil(loHz / dfHz - 1e-9));
    const kHi = Math.min(spec.size / 2, Math.floor(hiHz / dfHz + 1e-9));
    const bins = kHi - kLo + 1;
    if (bins < 1) return Number.NaN;
    const m = bins >= maxSamples ? maxSamples : nextFastSize(bins);
    // Folded straight into the transform's input, read straight from its output.
    const fft = directFft(m, false);
    const d = fft.data();
    const i0 = fft.inOff;
    const sr = spec.re;
    const si = spec.im;
    // Bin kLo + j + b m lands on j (folding), summed block after block in register; the blocks
    // past the band's end stop short (kHi).
    for (let j = 0; j < m; j++) {
      let k = kLo + j;
      if (k > kHi) {
        d[i0 + 2 * j] = 0;
        d[i0 + 2 * j + 1] = 0;
        continue;
      }
      let a = sr[k]!;
      let b = si[k]!;
      for (k += m; k <= kHi; k += m) {
        a += sr[k]!;
        b += si[k]!;
      }
      d[i0 + 2 * j] = a;
      d[i0 + 2 * j + 1] = b;
    }
    fft.run(true);
    const o = fft.outOff;
    const scale = 1 / m;
    // The band's bins cut from an unwindowed record make its ends meet in a jump, which the
    // band-pass rings out at both edges, sinc-like, for a few 1 / width: a burst the kurtosis
    // reads as impacts (a tone between bins, as every shaft line is, puts it in every band
    // near it). The instants there are left out: 8 / width at each end, at least 3 % and at
    // most 20 % of the record.
    const widthHz = bins * dfHz;
    const recordS = spec.size / spec.fsHz;
    const edge = Math.ceil(m * Math.min(0.2, Math.max(0.03, 8 / (widthHz * recordS))));
    let s2 = 0;
    let s4 = 0;
    for (let j = edge; j < m - edge; j++) {
      const re = d[o + 2 * j]! * scale;
      const im = d[o + 2 * j + 1]! * scale;
      const p = re * re + im * im;
      s2 += p;
      s4 += p * p;
    }
    return s2 > 0 ? ((m - 2 * edge) * s4) / (s2 * s2) - 2 : Number.NaN;
  }

  /** The candidate band of highest SK (the first one on ties; see the file header). */
  select(spec: RealSpectrum, opts: BandSearchOptions): SkBand {
    const nyquist = spec.fsHz / 2;
    if (!(opts.maxHz <= nyquist)) {
      invalid(`maxHz: expected at most fs / 2 = ${nyquist} Hz, got ${opts.maxHz}`);
    }
    const maxSamples = opts.maxSamples ?? 512;
    if (
      !Number.isInteger(maxSamples) ||
      maxSamples < 32 ||
      nextFastSize(maxSamples) !== maxSamples
    ) {
      invalid(`maxSamples: expected a fast FFT size >= 32 (e.g. 256, 512), got ${maxSamples}`);
    }
    const bands = candidateBands(opts.minHz, opts.maxHz, opts.minWidthHz);
    if (this.sks.length < bands.length) this.sks = new Float64Array(2 * bands.length);
    const sks = this.sks;
    let maxSk = -Infinity;
    bands.forEach((band, i) => {
      const sk = this.bandSk(spec, band[0], band[1], maxSamples);
      sks[i] = sk;
      if (sk > maxSk) maxSk = sk;
    });
    // The widest band whose SK is within `preference` of the best (see the file header).
    const preference = opts.widthPreference ?? 0.8;
    if (!(preference > 0 && preference <= 1)) {
      invalid(`widthPreference: expected a fraction in (0, 1], got ${preference}`);
    }
    const threshold = maxSk > 0 ? preference * maxSk : maxSk;
    let best: [number, number] = [opts.minHz, opts.maxHz];
    let bestSk = -Infinity;
    bands.forEach((band, i) => {
      const sk = sks[i]!;
      if (!(sk >= threshold)) return;
      const wider = band[1] - band[0] > best[1] - best[0];
      const same = band[1] - band[0] === best[1] - best[0];
      if (bestSk === -Infinity || wider || (same && sk > bestSk)) {
        best = band;
        bestSk = sk;
      }
    });
    const sk = Number.isFinite(bestSk) ? bestSk : Number.NaN;
    const top = Number.isFinite(maxSk) ? maxSk : Number.NaN;
    return { loHz: best[0], hiHz: best[1], sk, maxSk: top, kurtosis: 1.5 * (sk + 2) };
  }
}

/** The demodulation band of an acceleration record (see the file header for the search). */
export function selectDemodulationBand(
  x: Float32Array | Float64Array,
  fsHz: number,
  opts: BandSearchOptions,
): SkBand {
  return new BandSelector().select(new CaptureSpectrum().compute(x, fsHz), opts);
}

/** SK per frequency from a short-time Fourier transform. */
export interface StftSpectralKurtosis {
  /** Bin spacing, fs / windowLength. */
  readonly dfHz: number;
  /** SK at bins 0 .. windowLength / 2; NaN at DC and Nyquist (real-valued bins). */
  readonly sk: Float64Array;
  readonly frames: number;
}

/**
 * Antoni's (2006) STFT estimator SK(f) = <|X(t,f)|^4> / <|X(t,f)|^2>^2 - 2 over frames of
 * `windowLength` samples (Hann) every `hop` samples (default a quarter window). The window must
 * be shorter than the spacing of the impacts one looks for and longer than one ring-down.
 */
export function stftSpectralKurtosis(
  x: Float32Array | Float64Array,
  fsHz: number,
  windowLength: number,
  hop: number = Math.max(1, Math.floor(windowLength / 4)),
): StftSpectralKurtosis {
  if (!Number.isInteger(windowLength) || windowLength < 4 || windowLength % 2 !== 0) {
    invalid(`windowLength: expected an even integer >= 4, got ${windowLength}`);
  }
  if (!Number.isInteger(hop) || hop < 1) invalid(`hop: expected an integer >= 1, got ${hop}`);
  if (x.length < windowLength) {
    invalid(`x: expected at least windowLength = ${windowLength} samples, got ${x.length}`);
  }
  if (!(fsHz > 0)) invalid(`fsHz: expected > 0, got ${fsHz}`);
  const w = windowCoefficients('hann', windowLength);
  const plan = realFftPlan(windowLength);
  const bins = windowLength / 2 + 1;
  const frame = new Float64Array(windowLength);
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  const s2 = new Float64Array(bins);
  const s4 = new Float64Array(bins);
  let frames = 0;
  for (let start = 0; start + windowLength <= x.length; start += hop) {
    for (let j = 0; j < windowLength; j++) frame[j] = x[start + j]! * w[j]!;
    plan.forward(frame, re, im);
    for (let k = 0; k < bins; k++) {
      const p = re[k]! * re[k]! + im[k]! * im[k]!;
      s2[k] = s2[k]! + p;
      s4[k] = s4[k]! + p * p;
    }
    frames++;
  }
  const sk = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    const edge = k === 0 || k === bins - 1;
    sk[k] = edge || !(s2[k]! > 0) ? Number.NaN : (frames * s4[k]!) / (s2[k]! * s2[k]!) - 2;
  }
  return { dfHz: fsHz / windowLength, sk, frames };
}
