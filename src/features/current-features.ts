/**
 * Motor current signature features (MCSA): the phase current's RMS and the broken-rotor-bar
 * sidebands at f (1 -+ 2 s) around the supply fundamental f, in dB relative to the fundamental.
 * Sources: W. T. Thomson & M. Fenger, "Current signature analysis to detect induction motor
 * faults", IEEE Industry Applications Magazine 7(4), 2001 (sidebands at f(1 -+ 2 s); levels
 * below about -50 dB healthy, -40 to -35 dB a cracked or broken bar); IEEE Std 1415-2006.
 *
 * The spectrum uses the flat-top window (window.ts): amplitudes true to ~0.01 dB wherever a
 * line falls, and sidelobes below -90 dB, so a -40 dB sideband a few bins from the fundamental
 * is not buried in its leakage. Its main lobe is about +-5 bins wide, so the sidebands must lie
 * at least `MIN_SIDEBAND_BINS` bins from the fundamental (2 s f T >= 6: at 2 % slip and 50 Hz a
 * record of 3 s or more); closer, the sideband levels are NaN.
 * Slip: given; else from a speed (s = 1 - p n / (60 f), the number of pole pairs p taken as
 * the one that puts the synchronous speed just above n when not given); else the strongest
 * line between f (1 - 2 x 10 %) and f (1 - 2 x 0.2 %) is taken as the lower sideband if it
 * stands 12 dB or more over the median of that band (else slip and levels are NaN). A given
 * or speed-derived slip places each sideband within 20 % of its offset (the speed's error);
 * a slip above `MAX_SLIP` is not an induction motor's, and the sideband levels are then NaN.
 */
import { PdmError } from '../core/errors.js';
import { analysisLength } from './capture-spectrum.js';
import { amplitudeSpectrum, peakNear } from './spectrum.js';

/** How slip is found when not given; every field is optional. */
export interface CurrentFeatureOptions {
  /** Slip as a fraction (0.03 = 3 %). */
  readonly slip?: number;
  /** Shaft speed, rpm, to compute slip from. */
  readonly speedRpm?: number;
  /** Pole pairs (2 for a 4-pole motor); inferred from speedRpm when absent. */
  readonly polePairs?: number;
}

/** Current signature features of one capture. */
export interface CurrentFeatures {
  /** RMS of the mean-removed current, in the input's unit (A). */
  readonly rms: number;
  /** Measured fundamental frequency, Hz. */
  readonly supplyHz: number;
  /** Amplitude of the fundamental (peak). */
  readonly fundamental: number;
  /** Slip used (given, computed or estimated); NaN when no sideband stood out to estimate it. */
  readonly slip: number;
  readonly slipSource: 'given' | 'speed' | 'spectrum';
  /** Lower sideband f (1 - 2 s), dB relative to the fundamental. */
  readonly lowerSidebandDb: number;
  /** Upper sideband f (1 + 2 s), dB relative to the fundamental. */
  readonly upperSidebandDb: number;
}

/** Fewest flat-top bins between the fundamental and a sideband. */
export const MIN_SIDEBAND_BINS = 6;

/** The largest slip read as an induction motor's (NEMA design D motors reach about 13 %). */
export const MAX_SLIP = 0.15;

/**
 * How far a line found without a slip or speed must stand over the median of the band it was
 * searched in (amplitude ratio; 4 is 12 dB) to be taken as the lower sideband.
 */
export const MIN_SIDEBAND_PROMINENCE = 4;

/** Median amplitude of the bins from loBin to hiBin (fractional edges rounded inwards). */
function bandMedian(amp: Float64Array | Float32Array, loBin: number, hiBin: number): number {
  const band = Array.from(amp.subarray(Math.ceil(loBin), Math.floor(hiBin) + 1)).sort(
    (a, b) => a - b,
  );
  return band.length === 0 ? Number.NaN : band[Math.floor(band.length / 2)]!;
}

/** Half-width of the sideband search, as a fraction of their offset from the fundamental. */
const SIDEBAND_SEARCH = 0.2;

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/** Current signature features of a phase current sampled at fsHz, supply nominally supplyHz. */
export function currentFeatures(
  current: Float32Array | Float64Array,
  fsHz: number,
  supplyHz: number,
  opts: CurrentFeatureOptions = {},
): CurrentFeatures {
  if (!(supplyHz > 0 && supplyHz < fsHz / 4)) {
    invalid(`supplyHz: expected a frequency in (0, fs / 4 = ${fsHz / 4}) Hz, got ${supplyHz}`);
  }
  const total = current.length;
  let mean = 0;
  for (let i = 0; i < total; i++) mean += current[i]!;
  mean /= total;
  let ss = 0;
  for (let i = 0; i < total; i++) ss += (current[i]! - mean) ** 2;
  const x = current.subarray(0, analysisLength(total));
  const spec = amplitudeSpectrum(x, fsHz, { window: 'flattop', removeMean: true });
  const f1 = peakNear(spec, supplyHz, 0.05);
  const fundamental = f1.amp;

  let slip: number;
  let slipSource: CurrentFeatures['slipSource'];
  if (opts.slip !== undefined) {
    if (!(opts.slip > 0 && opts.slip < 0.5)) invalid(`slip: expected (0, 0.5), got ${opts.slip}`);
    slip = opts.slip;
    slipSource = 'given';
  } else if (opts.speedRpm !== undefined) {
    const rpm = opts.speedRpm;
    if (!(rpm > 0)) invalid(`speedRpm: expected > 0, got ${rpm}`);
    const p = opts.polePairs ?? Math.max(1, Math.floor((60 * f1.freqHz) / rpm));
    if (!Number.isInteger(p) || p < 1) invalid(`polePairs: expected an integer >= 1, got ${p}`);
    slip = 1 - (p * rpm) / (60 * f1.freqHz);
    slipSource = 'speed';
  } else {
    const lo = f1.freqHz * (1 - 2 * 0.1);
    const hi = f1.freqHz * (1 - 2 * 0.002) - MIN_SIDEBAND_BINS * spec.dfHz;
    const center = (lo + hi) / 2;
    const sb = peakNear(spec, center, Math.max(0, (hi - lo) / 2 / center));
    // Only a line that stands out of the band is a sideband: the largest of a few hundred
    // noise bins is no slip (sidebands too close to the fundamental to be searched, a motor
    // with none above the noise), and the slip and the levels are then unknown.
    slip =
      sb.amp >= MIN_SIDEBAND_PROMINENCE * bandMedian(spec.amp, lo / spec.dfHz, hi / spec.dfHz)
        ? (1 - sb.freqHz / f1.freqHz) / 2
        : Number.NaN;
    slipSource = 'spectrum';
  }

  const offsetHz = 2 * slip * f1.freqHz;
  const resolved = Math.abs(offsetHz) >= MIN_SIDEBAND_BINS * spec.dfHz;
  // A slip read from a speed is only as good as the speed: 5 rpm off at 2 % slip moves the
  // sidebands by 17 %, so they are searched within 20 % of the offset (never nearer the
  // fundamental than MIN_SIDEBAND_BINS). A slip beyond MAX_SLIP (a wrong speed, or a wrong
  // number of poles) leaves them unknown rather than read off the noise.
  const plausible = slip > 0 && slip <= MAX_SLIP;
  const searchHz =
    slipSource === 'spectrum'
      ? 0
      : Math.min(SIDEBAND_SEARCH * offsetHz, offsetHz - MIN_SIDEBAND_BINS * spec.dfHz);
  const sideband = (freqHz: number): number => {
    if (!resolved || !plausible || freqHz <= 0 || freqHz >= fsHz / 2) return Number.NaN;
    const relTol = Math.max(0.002, searchHz / freqHz);
    return 20 * Math.log10(peakNear(spec, freqHz, relTol).amp / fundamental);
  };
  return {
    rms: Math.sqrt(ss / total),
    supplyHz: f1.freqHz,
    fundamental,
    slip,
    slipSource,
    lowerSidebandDb: sideband(f1.freqHz - offsetHz),
    upperSidebandDb: sideband(f1.freqHz + offsetHz),
  };
}
