/**
 * Shaft speed from the vibration spectrum when no tachometer is fitted: weighted harmonic
 * summation over the low-frequency spectrum (the "harmonic sum" pitch detector of A. M. Noll,
 * "Pitch determination of human speech by the harmonic product spectrum, the harmonic sum
 * spectrum, and a maximum likelihood estimate", 1969; applied to machines by e.g. J. Urbanek,
 * T. Barszcz & J. Antoni, "A two-step procedure for estimation of instantaneous rotational
 * speed with large fluctuations", MSSP 38, 2013).
 *
 * Each bin's prominence s = max(0, 20 log10(amp / floor)) in dB above a local floor (the 25th
 * percentile of its 32-bin block) makes every shaft harmonic count by how clearly it stands out,
 * not by its size, so a dominant 2x (misalignment) or a strong twice-line tone does not win
 * alone. A candidate f0 scores sum_h s(h f0) / sqrt(h), h = 1..H: the 1/sqrt(h) weight makes
 * f0/2 (which collects only the even harmonics, at larger h) score below f0, and f0 collects
 * every harmonic that 2 f0 does. The best candidate on a grid of df/H is refined by
 * averaging (interpolated peak frequency)/h over the prominent harmonics, weighted by h s_h
 * (higher harmonics resolve the speed more finely).
 */
import { PdmError } from '../core/errors.js';
import { CaptureSpectrum } from './capture-spectrum.js';
import { finiteQuantile, quantileInPlace } from './robust-stats.js';

/** Search range and resolution of the estimator; every field has a default. */
export interface SpeedSearchOptions {
  /** Default 300 rpm. */
  readonly minRpm?: number;
  /** Default 4000 rpm. */
  readonly maxRpm?: number;
  /** Harmonics summed, default 8. */
  readonly harmonics?: number;
}

/** An estimated speed and how clear the evidence was. */
export interface SpeedEstimate {
  /** NaN when no harmonic stands at least `MIN_PROMINENCE_DB` above the floor. */
  readonly speedRpm: number;
  /** The winning candidate's weighted sum of prominences, dB. */
  readonly scoreDb: number;
  /** Harmonics at least `MIN_PROMINENCE_DB` above the floor. */
  readonly harmonicsFound: number;
}

/** A harmonic must stand this far above the local floor to count as found. */
export const MIN_PROMINENCE_DB = 10;
const MAX_PROMINENCE_DB = 200;
const INV_SQRT = Float64Array.from({ length: 51 }, (_, h) => (h > 0 ? 1 / Math.sqrt(h) : 0));
const BLOCK_BINS = 32;
const FLOOR_QUANTILE = 0.5;

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/** Signed percentage by which an estimate differs from a measured speed. */
export function speedDeviationPct(estimatedRpm: number, measuredRpm: number): number {
  return (100 * (estimatedRpm - measuredRpm)) / measuredRpm;
}

/** Estimates shaft speed from spectra; holds its scratch between calls (one per thread). */
export class SpeedEstimator {
  private prom = new Float64Array(0);
  private block = new Float64Array(BLOCK_BINS);

  /**
   * Speed from a Hann peak-amplitude spectrum `amp` with bins dfHz apart (see the file header).
   */
  estimate(amp: Float64Array, dfHz: number, opts: SpeedSearchOptions = {}): SpeedEstimate {
    const minRpm = opts.minRpm ?? 300;
    const maxRpm = opts.maxRpm ?? 4000;
    const H = opts.harmonics ?? 8;
    if (!(minRpm > 0 && maxRpm > minRpm && Number.isFinite(maxRpm))) {
      invalid(`minRpm, maxRpm: expected 0 < minRpm < maxRpm, got [${minRpm}, ${maxRpm}]`);
    }
    if (!Number.isInteger(H) || H < 1 || H > 50) invalid(`harmonics: expected 1..50, got ${H}`);
    if (!(dfHz > 0)) invalid(`dfHz: expected > 0, got ${dfHz}`);
    const fMin = minRpm / 60;
    const fMax = maxRpm / 60;
    const last = amp.length - 2; // keep a neighbour for interpolation
    if (fMin / dfHz < 2 || fMax / dfHz > last) {
      invalid(
        `minRpm, maxRpm: the spectrum (bins ${dfHz} Hz apart up to ${last * dfHz} Hz) cannot ` +
          `resolve ${minRpm}..${maxRpm} rpm; use a longer record or a narrower range`,
      );
    }
    const kTop = Math.min(last, Math.ceil((H * fMax) / dfHz) + 1);
    const prom = this.prominence(amp, kTop);

    // Coarse search: a grid step of df/H puts every harmonic of the true speed within half a
    // bin of h f0 at the nearest grid point, so each harmonic reads the one nearest bin (Hann's
    // side bins, 6 dB lower, make the score peak where all harmonics sit on their tops).
    let best = Number.NaN;
    let bestScore = -1;
    const step = dfHz / H;
    for (let f0 = fMin; f0 <= fMax; f0 += step) {
      let score = 0;
      for (let h = 1; h <= H; h++) {
        const k = Math.round((h * f0) / dfHz);
        if (k > kTop) break;
        score += prom[k]! * INV_SQRT[h]!;
      }
      if (score > bestScore) {
        bestScore = score;
        best = f0;
      }
    }

    // Refinement over the harmonics of the winner that are prominent local maxima.
    let num = 0;
    let den = 0;
    let found = 0;
    for (let h = 1; h <= H; h++) {
      const pos = (h * best) / dfHz;
      let k = Math.round(pos);
      if (k + 1 > last) break;
      // The nearest local maximum within a bin of the predicted position.
      if (!(amp[k]! >= amp[k - 1]! && amp[k]! >= amp[k + 1]!)) {
        const side = amp[k - 1]! > amp[k + 1]! ? k - 1 : k + 1;
        if (Math.abs(side - pos) > 1 || side < 1 || side + 1 > last) continue;
        if (!(amp[side]! >= amp[side - 1]! && amp[side]! >= amp[side + 1]!)) continue;
        k = side;
      }
      if (prom[k]! < MIN_PROMINENCE_DB) continue;
      found++;
      const a = amp[k - 1]!;
      const b = amp[k]!;
      const c = amp[k + 1]!;
      let delta = 0;
      if (a > 0 && c > 0) {
        const [la, lb, lc] = [Math.log(a), Math.log(b), Math.log(c)];
        const curv = la - 2 * lb + lc;
        if (curv < 0) delta = Math.max(-0.5, Math.min(0.5, (0.5 * (la - lc)) / curv));
      }
      const w = h * prom[k]!;
      num += (w * (k + delta) * dfHz) / h;
      den += w;
    }
    return {
      speedRpm: found > 0 ? (60 * num) / den : Number.NaN,
      scoreDb: bestScore,
      harmonicsFound: found,
    };
  }

  /** Prominence (dB above the block floor, clipped at 0) of bins 0 .. kTop. */
  private prominence(amp: Float64Array, kTop: number): Float64Array {
    if (this.prom.length < kTop + 1) this.prom = new Float64Array(kTop + 1);
    const prom = this.prom;
    const block = this.block;
    for (let b0 = 0; b0 <= kTop; b0 += BLOCK_BINS) {
      const b1 = Math.min(kTop, b0 + BLOCK_BINS - 1);
      const count = b1 - b0 + 1;
      for (let k = b0; k <= b1; k++) block[k - b0] = amp[k]!;
      const floor = quantileInPlace(block, count, FLOOR_QUANTILE);
      for (let k = b0; k <= b1; k++) {
        const r = amp[k]! / floor;
        // Capped so a noise-free synthetic record (floor 0) still scores finitely.
        prom[k] = r > 1 ? Math.min(MAX_PROMINENCE_DB, 20 * Math.log10(r)) : 0;
      }
    }
    return prom;
  }
}

/** Speed (rpm) of the shaft in an acceleration record, from its spectrum (see the file header). */
export function estimateSpeed(
  x: Float32Array | Float64Array,
  fsHz: number,
  opts: SpeedSearchOptions = {},
): SpeedEstimate {
  const spec = new CaptureSpectrum().compute(x, fsHz);
  return new SpeedEstimator().estimate(spec.hannAmp, spec.dfHz, opts);
}

/** Shaft revolutions a window must span for `statedSpeedCheck` to judge a stated speed. */
export const MIN_CHECK_REVOLUTIONS = 6;

/** Widest factor either way that `statedSpeedCheck` searches around a stated speed. */
export const STATED_SPEED_SEARCH_FACTOR = 8;

/** What the spectra of a recording say of the speed stated for it (`statedSpeedCheck`). */
export interface StatedSpeedCheck {
  /** Median over the windows of (speed the spectrum finds) / (stated speed); NaN: none found. */
  readonly ratio: number;
  /** Share of the windows with a line at the stated 1x or 2x (within 2 %), 0 to 1. */
  readonly statedLinesShare: number;
}

/**
 * How many times faster than `statedRpm` the spectra of `windows` (records sampled at `fsHz`)
 * put the shaft: the median over up to `maxWindows` evenly spaced windows of the estimate
 * searched over the feature extractor's 300-4000 rpm widened to statedRpm / 8 .. statedRpm x 8
 * (within what each record resolves). 300-4000 rpm alone cannot see a recording whose rate was
 * stated 4 times too high (at 1797 rpm its shaft reads at 7188); the widened range can, and
 * still finds a speed stated in Hz (60 times too low). A wide search also finds the comb of a
 * bearing defect (an outer race's lines at 3.6 x the shaft) where it outshines the shaft's
 * harmonics, so the check also says how often the stated speed's own 1x or 2x stands out: a
 * speed stated right has them, one stated from a wrong rate does not.
 */
export function statedSpeedCheck(
  windows: readonly (Float32Array | Float64Array)[],
  fsHz: number,
  statedRpm: number,
  maxWindows = 8,
): StatedSpeedCheck {
  const ratios: number[] = [];
  let withLines = 0;
  // A window of a few revolutions cannot resolve the shaft's 1x from its neighbours (0.1 s at
  // 1800 rpm is 3): its strongest comb is a defect's or noise's, and no stated line stands out,
  // so nothing is checked (ratio NaN). Not so for a speed under 120 "rpm", most likely Hz:
  // the shaft the spectrum finds is 60 times faster, and many revolutions long.
  const revolutions = ((windows[0]?.length ?? 0) / fsHz) * (statedRpm / 60);
  if (revolutions < MIN_CHECK_REVOLUTIONS && statedRpm >= 120)
    return { ratio: Number.NaN, statedLinesShare: 1 };
  const take = statedRpm > 0 ? Math.min(maxWindows, windows.length) : 0;
  const spectrum = new CaptureSpectrum();
  const estimator = new SpeedEstimator();
  for (let j = 0; j < take; j++) {
    const x = windows[Math.floor((j * windows.length) / take)]!;
    const spec = spectrum.compute(x, fsHz);
    const lowest = 60 * 2 * spec.dfHz;
    const highest = 60 * (spec.hannAmp.length - 2) * spec.dfHz;
    const search = (lo: number, hi: number, harmonics = 8): SpeedEstimate | null => {
      const minRpm = Math.max(lo, lowest);
      const maxRpm = Math.min(hi, highest);
      return maxRpm > minRpm
        ? estimator.estimate(spec.hannAmp, spec.dfHz, { minRpm, maxRpm, harmonics })
        : null;
    };
    const f = STATED_SPEED_SEARCH_FACTOR;
    const est = search(Math.min(statedRpm / f, 300), Math.max(statedRpm * f, 4000));
    if (est !== null) ratios.push(est.speedRpm / statedRpm);
    const own = search(statedRpm * 0.98, statedRpm * 1.02, 2);
    if (own !== null && own.harmonicsFound > 0) withLines++;
  }
  // the median of the windows that found a speed (NaN estimates are left out)
  const ratio = finiteQuantile(ratios, 0.5);
  return { ratio, statedLinesShare: take > 0 ? withLines / take : 0 };
}
