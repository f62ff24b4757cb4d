/**
 * Window functions for DFT spectral analysis, with their coherent gain and equivalent noise
 * bandwidth.
 *
 * All windows are generalised cosine sums w[j] = sum_k (-1)^k a_k cos(2 pi k j / n) in the
 * periodic ("DFT-even") form: the symmetric window of length n + 1 with its last point dropped.
 * That is the form spectral analysis wants: its DFT is exactly a few bins wide (Hann: bins
 * -1, 0, 1 with weights -1/4, 1/2, -1/4), so the coherent gain of Hann is exactly 1/2 and its
 * ENBW exactly 1.5 bins. Symmetric windows are for FIR filter design, not used here.
 *
 * Sources: F. J. Harris, "On the use of windows for harmonic analysis with the discrete Fourier
 * transform", Proc. IEEE 66(1), 1978; G. Heinzel, A. Ruediger & R. Schilling, "Spectrum and
 * spectral density estimation by the DFT", MPI Hannover, 2002 (definitions of coherent gain
 * and ENBW). Flat-top coefficients: MATLAB's flattopwin and SciPy's signal.windows.flattop
 * (amplitude flat to about 0.01 dB across a bin).
 */
import { PdmError } from '../core/errors.js';

/** A window's name. */
export type WindowKind = 'rect' | 'hann' | 'hamming' | 'flattop';

const COSINE_TERMS: Readonly<Record<WindowKind, readonly number[]>> = {
  rect: [1],
  hann: [0.5, 0.5],
  hamming: [0.54, 0.46],
  flattop: [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368],
};

/** Every supported window kind. */
export const WINDOW_KINDS: readonly WindowKind[] = ['rect', 'hann', 'hamming', 'flattop'];

const cache = new Map<string, Float64Array>();

function check(kind: WindowKind, n: number): void {
  if (!WINDOW_KINDS.includes(kind)) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `window: expected one of ${WINDOW_KINDS.join(', ')}, got ${kind}`,
    );
  }
  if (!Number.isInteger(n) || n < 1) {
    throw new PdmError('PDM_INPUT_INVALID', `n: expected an integer >= 1, got ${n}`);
  }
}

/**
 * The periodic window of length n (cached: do not modify the returned array). A window of
 * length 1 is [1] for every kind, since a cosine sum would give 0 or nearly so.
 */
export function windowCoefficients(kind: WindowKind, n: number): Float64Array {
  check(kind, n);
  const key = `${kind}:${n}`;
  let w = cache.get(key);
  if (w) return w;
  w = new Float64Array(n);
  if (n === 1) {
    w[0] = 1;
  } else {
    const terms = COSINE_TERMS[kind];
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = 0; k < terms.length; k++) {
        v += (k % 2 === 0 ? 1 : -1) * terms[k]! * Math.cos((2 * Math.PI * k * j) / n);
      }
      w[j] = v;
    }
  }
  cache.set(key, w);
  return w;
}

/** Coherent gain sum(w) / n: the factor by which the window scales a tone's DFT peak. */
export function windowCoherentGain(kind: WindowKind, n: number): number {
  const w = windowCoefficients(kind, n);
  let s1 = 0;
  for (const v of w) s1 += v;
  return s1 / n;
}

/**
 * Equivalent noise bandwidth n sum(w^2) / sum(w)^2, in bins (multiply by the bin width in Hz
 * for Hz): the width of the rectangular filter passing the same white-noise power.
 */
export function windowEnbwBins(kind: WindowKind, n: number): number {
  const w = windowCoefficients(kind, n);
  let s1 = 0;
  let s2 = 0;
  for (const v of w) {
    s1 += v;
    s2 += v * v;
  }
  return (n * s2) / (s1 * s1);
}
