/**
 * Spectral features at orders of shaft speed, the classic rules of machinery diagnosis
 * (ISO 13373-3:2015 Annex A; J. S. Mitchell, "Introduction to Machinery Analysis and
 * Monitoring", 1993; Scheffer & Girdhar, "Practical Machinery Vibration Analysis", 2004):
 * 1x dominates imbalance, 2x (with 1x and 3x) misalignment, half orders and many harmonics
 * looseness, twice line frequency electrical faults.
 *
 * Tone amplitudes come from the Hann spectrum: the largest bin within +-2 % of the order (at
 * least one bin), then the amplitude whose power fills that bin's main lobe,
 * A = sqrt(sum_{p-2..p+2} amp^2 / 1.5) (1.5 = Hann's ENBW in bins; a tone on a bin puts
 * A, A/2, A/2 there), which removes Hann's scalloping loss (up to 1.4 dB) for tones between
 * bins. Velocity at an order is A g / (2 pi f) / sqrt(2) in mm/s RMS.
 *
 * Band fractions: power in bands whose edges are ORDERS (so a band means the same thing at
 * every speed) divided by the power between 0.3 orders and `maxHz` (default 5.4 kHz = 0.45 x
 * 12 kHz, the lowest rate of the common public bearing datasets, so the denominator is the same
 * at every rate from 12 kHz up): a ratio of powers, so independent of sensor gain. The last
 * band, 50 orders to maxHz, is where structural resonances and bearing impacts show.
 */
import { PdmError } from '../core/errors.js';
import { STANDARD_GRAVITY_MM_S2 } from './velocity.js';

/** An order band, [loOrder, hiOrder) in orders of shaft speed. */
export interface OrderBand {
  readonly name: string;
  readonly loOrder: number;
  readonly hiOrder: number;
}

/** The bands of `OrderFeatures.bandFractions`, in order. */
export const ORDER_BANDS: readonly OrderBand[] = Object.freeze([
  { name: 'sub', loOrder: 0.3, hiOrder: 0.8 },
  { name: '1x', loOrder: 0.8, hiOrder: 1.2 },
  { name: '2x_3x', loOrder: 1.2, hiOrder: 3.5 },
  { name: '4x_10x', loOrder: 3.5, hiOrder: 10.5 },
  { name: '11x_50x', loOrder: 10.5, hiOrder: 50 },
  { name: 'hf', loOrder: 50, hiOrder: Infinity },
]);

/** Options of `orderFeatures`; every field has a default. */
export interface OrderFeatureOptions {
  /** Relative search half-width around each order. Default 0.02. */
  readonly tolerance?: number;
  /** Supply (line) frequency, Hz, for the twice-line component; default unknown (NaN out). */
  readonly supplyHz?: number;
  /** Upper edge of the band fractions, Hz (capped at 0.45 fs). Default 5400. */
  readonly maxHz?: number;
}

/** Order features of one capture (amplitudes in g peak, velocities in mm/s RMS). */
export interface OrderFeatures {
  readonly amp0p5xG: number;
  readonly amp1xG: number;
  readonly amp1p5xG: number;
  readonly amp2xG: number;
  readonly amp3xG: number;
  readonly vel1xMmS: number;
  readonly vel2xMmS: number;
  readonly vel3xMmS: number;
  readonly ratio2x1x: number;
  readonly ratio3x1x: number;
  readonly ratio0p5x1x: number;
  readonly ratio1p5x1x: number;
  /**
   * sum_{h=4..10} A_h^2 / A_1^2, over the harmonics the spectrum reaches and that can be told
   * from twice the line frequency (one within 2 bins of it is left out).
   */
  readonly harmonics4to10Rel1x: number;
  /** Amplitude at twice the supply frequency, g (NaN when the supply is not given). */
  readonly amp2LineG: number;
  /** Power fractions in `ORDER_BANDS`, aligned with it. */
  readonly bandFractions: readonly number[];
}

/** A Hann peak-amplitude spectrum: bins dfHz apart; its last bin is Nyquist. */
export interface HannSpectrum {
  readonly amp: Float64Array;
  readonly dfHz: number;
}

/** The shaft orders whose tones are read. */
const READ_ORDERS: readonly number[] = [0.5, 1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/**
 * Amplitude (peak) of the tone nearest freqHz (see the file header): the largest bin within
 * +-max(relTol freqHz, 1 bin), its main-lobe power, at most `maxHalfBins` bins each side.
 * Bins as near or nearer to another tone known to be there (`neighboursHz`: twice the line
 * frequency beside a shaft order, say) are left to it, in the search and in the lobe, so two
 * tones a few bins apart are not read as each other; a tone cut off so reads low (0.91 A for
 * one on a bin with a neighbour 2 bins away). NaN when freqHz lies beyond the spectrum. A
 * neighbour nearer than 2 bins lies inside Hann's main lobe and cannot be told apart (a capture
 * of 1 s cannot tell 2x of a 2-pole motor at 3,560 rpm from 120 Hz): the tone is then NaN
 * (`unresolved: 'nan'`), or read with the neighbour in its lobe (`'joint'`).
 */
export function toneAmplitude(
  spec: HannSpectrum,
  freqHz: number,
  relTol: number,
  maxHalfBins = 2,
  neighboursHz: readonly number[] = [],
  unresolved: 'nan' | 'joint' = 'nan',
): number {
  const { amp, dfHz } = spec;
  const last = amp.length - 1;
  const tolHz = Math.max(relTol * freqHz, dfHz);
  // bins strictly nearer freqHz than every neighbour
  let own0 = 1;
  let own1 = last;
  for (const g of neighboursHz) {
    if (!Number.isFinite(g) || g <= 0) continue;
    if (Math.abs(g - freqHz) < 2 * dfHz) {
      if (unresolved === 'nan') return Number.NaN;
      continue; // read with it: one lobe holds both
    }
    const mid = (freqHz + g) / (2 * dfHz);
    if (g > freqHz) own1 = Math.min(own1, Math.ceil(mid - 1e-9) - 1);
    else own0 = Math.max(own0, Math.floor(mid + 1e-9) + 1);
  }
  const lo = Math.max(own0, Math.ceil((freqHz - tolHz) / dfHz - 1e-9));
  const hi = Math.min(own1, Math.floor((freqHz + tolHz) / dfHz + 1e-9));
  if (lo > hi || freqHz + tolHz > last * dfHz) return Number.NaN;
  let p = lo;
  for (let k = lo + 1; k <= hi; k++) if (amp[k]! > amp[p]!) p = k;
  const half = Math.max(0, Math.min(2, maxHalfBins));
  let sum = 0;
  for (let k = Math.max(own0, p - half); k <= Math.min(own1, p + half); k++) sum += amp[k]! ** 2;
  // With a half-width of 1 or more the lobe holds 1.5 A^2; with 0, the bin alone reads A^2.
  return Math.sqrt(half > 0 ? sum / 1.5 : sum);
}

/** Velocity RMS (mm/s) of a tone of acceleration amplitude ampG (g peak) at freqHz. */
export function toneVelocityMmS(ampG: number, freqHz: number): number {
  return (ampG * STANDARD_GRAVITY_MM_S2) / (2 * Math.PI * freqHz) / Math.SQRT2;
}

/**
 * Order features of a Hann spectrum of an acceleration record (g) at shaft rate shaftHz.
 * Requires at least 4 bins per order, so the half orders do not share a main lobe with 1x.
 */
export function orderFeatures(
  spec: HannSpectrum,
  shaftHz: number,
  opts: OrderFeatureOptions = {},
): OrderFeatures {
  const tol = opts.tolerance ?? 0.02;
  if (!(shaftHz > 0) || !Number.isFinite(shaftHz)) {
    invalid(`shaftHz: expected a finite rate > 0, got ${shaftHz}`);
  }
  if (!(tol >= 0 && tol < 0.25)) invalid(`tolerance: expected a fraction in [0, 0.25), got ${tol}`);
  const { amp, dfHz } = spec;
  const binsPerOrder = shaftHz / dfHz;
  if (binsPerOrder < 4) {
    invalid(
      `shaftHz: ${shaftHz} Hz spans ${binsPerOrder.toFixed(2)} bins of ${dfHz} Hz; ` +
        'order features need >= 4 bins per order (a record of >= 4 revolutions)',
    );
  }
  // Keep main lobes apart: half the distance between half orders, at most 2 bins.
  const half = Math.min(2, Math.floor(binsPerOrder / 4));
  const supplyHz = opts.supplyHz;
  if (supplyHz !== undefined && !(supplyHz > 0)) invalid(`supplyHz: expected > 0, got ${supplyHz}`);
  // Twice the line frequency lies within a few bins of 2x (2-pole motors) or 4x (4-pole) at
  // their running speeds: each tone keeps the bins nearer to it. Nearer than 2 bins, an order
  // up to 3x is read with it (2x of a 2-pole motor near synchronous speed: a joint level still
  // rises with misalignment, where NaN would hide it), and one among 4x-10x is left out of
  // their sum.
  const line2 = supplyHz === undefined ? [] : [2 * supplyHz];
  const a = (order: number): number =>
    toneAmplitude(spec, order * shaftHz, tol, half, line2, order <= 3 ? 'joint' : 'nan');
  const a0p5 = a(0.5);
  const a1 = a(1);
  const a1p5 = a(1.5);
  const a2 = a(2);
  const a3 = a(3);
  // A harmonic beyond the spectrum (a low sample rate, a fast shaft) is not measured: the sum
  // of the others would be another feature, so the ratio is NaN. One left to a line tone
  // (above) is still left out of the sum.
  const topHz = (amp.length - 1) * dfHz;
  let h4to10 = 0;
  for (let h = 4; h <= 10; h++) {
    if (h * shaftHz + Math.max(tol * h * shaftHz, dfHz) > topHz) {
      h4to10 = Number.NaN;
      break;
    }
    const ah = a(h);
    if (Number.isFinite(ah)) h4to10 += ah * ah;
  }
  let amp2Line = Number.NaN;
  if (supplyHz !== undefined) {
    amp2Line = toneAmplitude(
      spec,
      2 * supplyHz,
      0.002,
      half,
      READ_ORDERS.map((o) => o * shaftHz),
    );
  }

  const maxHz = Math.min(opts.maxHz ?? 5400, 0.9 * topHz);
  if (!(maxHz > 0)) invalid(`maxHz: expected > 0, got ${opts.maxHz}`);
  const kEnd = Math.floor(maxHz / dfHz);
  const fractions = ORDER_BANDS.map((b) => {
    const lo = Math.ceil((b.loOrder * shaftHz) / dfHz - 1e-9);
    const hi = Math.min(kEnd, Math.ceil((b.hiOrder * shaftHz) / dfHz - 1e-9) - 1);
    let p = 0;
    for (let k = lo; k <= hi; k++) p += amp[k]! * amp[k]!;
    return p;
  });
  const total = fractions.reduce((sum, p) => sum + p, 0);
  for (let b = 0; b < fractions.length; b++) fractions[b] = fractions[b]! / total;

  return {
    amp0p5xG: a0p5,
    amp1xG: a1,
    amp1p5xG: a1p5,
    amp2xG: a2,
    amp3xG: a3,
    vel1xMmS: toneVelocityMmS(a1, shaftHz),
    vel2xMmS: toneVelocityMmS(a2, 2 * shaftHz),
    vel3xMmS: toneVelocityMmS(a3, 3 * shaftHz),
    ratio2x1x: a2 / a1,
    ratio3x1x: a3 / a1,
    ratio0p5x1x: a0p5 / a1,
    ratio1p5x1x: a1p5 / a1,
    harmonics4to10Rel1x: h4to10 / (a1 * a1),
    amp2LineG: amp2Line,
    bandFractions: fractions,
  };
}
