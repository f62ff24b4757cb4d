/**
 * Envelope analysis for rolling-element bearing diagnostics: the magnitude |z| of the analytic
 * signal z of a band-passed vibration signal, and the spectrum of that envelope (R. B. Randall &
 * J. Antoni, "Rolling element bearing diagnostics - a tutorial", Mech. Syst. Signal Process. 25,
 * 2011; they favour the squared envelope |z|^2 for its spectrum, which is the square of `env`).
 *
 * Frequency-domain route, as in that tutorial: one real FFT of the whole record; keep the bins
 * in the band, doubled (an analytic signal has no negative frequencies); shift them down to
 * start at bin 0 (|z| does not change when z is multiplied by e^{-i w t}); inverse-FFT them at
 * a reduced size m. The envelope is band-limited to about the band width B, so
 * m = nextFastSize(2 * band bins) samples cover the record: the output rate is m * fs / n, at
 * least 2 B (within a few percent of 2 B once the band holds a few hundred bins) instead of fs.
 * The samples are exact values of |z(t)| at t = j n / (m fs) for the band-limited z, which is
 * circularly periodic: the first and last few periods of B carry the wrap-around of the ends.
 */
import { PdmError } from '../core/errors.js';
import { complexFftPlan, isFastSize, nextFastSize, realFftPlan } from './fft.js';
import { amplitudeSpectrum, type AmplitudeSpectrum } from './spectrum.js';
import type { WindowKind } from './window.js';

/** An envelope signal and its sample rate. */
export interface AnalyticEnvelope {
  readonly env: Float64Array;
  readonly fsHz: number;
}

/** An envelope spectrum, with the rate at which the envelope was sampled. */
export interface EnvelopeSpectrum extends AmplitudeSpectrum {
  readonly envFsHz: number;
}

/** Options of `envelopeSpectrum`. */
export interface EnvelopeSpectrumOptions {
  /** Window applied to the envelope. Default 'hann'; 'flattop' reads off-bin amplitudes. */
  readonly window?: WindowKind;
}

/** Envelope rate over band width: |z|^2 is band-limited to the band width, so 2 avoids aliasing. */
const OVERSAMPLE = 2;

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/**
 * |analytic signal| of x band-passed to bandHz = [lo, hi] (0 <= lo < hi <= fsHz / 2), sampled at
 * the reduced rate `fsHz` of the result (see the file header), covering the same duration as x.
 */
export function analyticEnvelope(
  x: Float32Array | Float64Array,
  fsHz: number,
  bandHz: readonly [number, number],
): AnalyticEnvelope {
  const n = x.length;
  if (n < 2) invalid(`x: expected at least 2 samples, got ${n}`);
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) {
    invalid(`fsHz: expected a finite rate > 0, got ${fsHz}`);
  }
  const [loHz, hiHz] = bandHz;
  if (!(loHz >= 0 && hiHz > loHz && hiHz <= fsHz / 2)) {
    invalid(`bandHz: expected 0 <= lo < hi <= fsHz / 2 = ${fsHz / 2}, got [${loHz}, ${hiHz}]`);
  }
  const dfHz = fsHz / n;
  const half = Math.floor(n / 2);
  const kLo = Math.ceil(loHz / dfHz - 1e-9);
  const kHi = Math.min(half, Math.floor(hiHz / dfHz + 1e-9));
  const bandBins = kHi - kLo + 1;
  if (bandBins < 1) {
    invalid(`bandHz: [${loHz}, ${hiHz}] holds no frequency bin; the bin width is ${dfHz} Hz`);
  }

  const re = new Float64Array(half + 1);
  const im = new Float64Array(half + 1);
  realFftPlan(n).forward(x, re, im);

  const wanted = OVERSAMPLE * bandBins;
  const m = isFastSize(wanted) || wanted > 2 ** 24 ? wanted : nextFastSize(wanted);
  const zr = new Float64Array(m);
  const zi = new Float64Array(m);
  // Analytic signal: bins doubled except DC and Nyquist; m / n undoes the size-m inverse's 1/m.
  for (let k = kLo; k <= kHi; k++) {
    const gain = ((k === 0 || 2 * k === n ? 1 : 2) * m) / n;
    zr[k - kLo] = gain * re[k]!;
    zi[k - kLo] = gain * im[k]!;
  }
  complexFftPlan(m).inverse(zr, zi);
  const env = new Float64Array(m);
  for (let j = 0; j < m; j++) env[j] = Math.sqrt(zr[j]! * zr[j]! + zi[j]! * zi[j]!);
  return { env, fsHz: m * dfHz };
}

/**
 * Peak-amplitude spectrum of the envelope of x in bandHz, after removing the envelope's mean
 * (window default 'hann'). Its bin width equals x's, fsHz / x.length.
 */
export function envelopeSpectrum(
  x: Float32Array | Float64Array,
  fsHz: number,
  bandHz: readonly [number, number],
  opts: EnvelopeSpectrumOptions = {},
): EnvelopeSpectrum {
  const { env, fsHz: envFsHz } = analyticEnvelope(x, fsHz, bandHz);
  const spec = amplitudeSpectrum(env, envFsHz, { window: opts.window ?? 'hann', removeMean: true });
  return { ...spec, envFsHz };
}
