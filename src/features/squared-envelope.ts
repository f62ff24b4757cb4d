/**
 * Squared-envelope spectrum (SES) of a band, averaged over segments of a fixed number of shaft
 * revolutions, for reading bearing defect lines in orders.
 *
 * The SES is the spectrum of |z|^2, z the analytic signal of the band-passed vibration; Randall
 * & Antoni ("Rolling element bearing diagnostics - a tutorial", MSSP 25, 2011, section 3.3)
 * prefer it to the spectrum of |z| because squaring adds no spurious harmonics. z comes from
 * the capture's one FFT as in envelope.ts: the band's bins, doubled and shifted to bin 0,
 * inverse-transformed at a reduced size m. |z|^2 is band-limited to the band width W, so
 * sampled at R = m fs / n its content above R / 2 folds to R - W and up: everything below
 * R - W is exact. m is the smallest fast size with R >= W + (the highest envelope frequency the
 * caller reads, at most 0.9 W), cheaper than R >= 2 W when the caller reads low orders only.
 *
 * Welch averaging (P. D. Welch, IEEE Trans. Audio Electroacoust. 15, 1967) over Hann segments
 * of `segmentRevolutions` shaft revolutions (default 16), overlapping by at least half and
 * spread to cover the record, each zero-padded to a fast FFT size: the resolution is then
 * 1/16 order at every speed, sample rate and record length, so a line's height above the noise
 * floor does not grow with the record length as it would in one long periodogram. A record of
 * fewer revolutions is one segment (coarser resolution). Amplitudes are peak amplitudes of the
 * mean-removed |z|^2 (g^2): sqrt of the mean segment power, scaled as in spectrum.ts.
 */
import { PdmError } from '../core/errors.js';
import { directFft, nextFastSize } from './fft.js';
import type { RealSpectrum } from './capture-spectrum.js';

/** A squared-envelope spectrum and what it covers. */
export interface OrderEnvelopeSpectrum {
  /** Peak amplitude, g^2, at bins k dfHz, k = 0 .. nfft / 2. */
  readonly amp: Float64Array;
  readonly dfHz: number;
  /** Highest frequency read without aliasing, at most 0.9 x band width, Hz. */
  readonly maxValidHz: number;
  readonly segments: number;
  /**
   * Equivalent degrees of freedom of each bin's power estimate (2 per independent segment;
   * Welch 1967, eq. 10, with the correlation of overlapping Hann segments).
   */
  readonly dof: number;
  /** Rate at which |z|^2 was sampled, Hz. */
  readonly envFsHz: number;
  /**
   * The samples of |z|^2 (g^2) at `envFsHz`, spanning the record: exact values of the squared
   * envelope at those instants (z is band-limited to the band width and sampled above it).
   * Scratch, like `amp`: valid until the next `compute` of this instance.
   */
  readonly sqEnvelope: Float64Array;
}

interface SegmentBuffers {
  readonly power: Float64Array;
  readonly amp: Float64Array;
}

/** Sizes whose scratch is kept per cache (a machine's speed wanders over a few). */
const MAX_CACHED_SIZES = 64;

/**
 * Samples of Hann windows kept (16 MiB): the segment length follows the speed, so one machine's
 * captures meet hundreds of lengths (522 in a 90-day run of a wandering-speed machine, 2/3 of
 * them missing a 64-window cache), and a window costs as much to make as to apply.
 */
const MAX_CACHED_WINDOW_SAMPLES = 1 << 21;

/**
 * Segment layouts whose degrees of freedom are remembered: one number each, and a machine's
 * captures meet several hundred layouts (the segment length follows the speed).
 */
const MAX_CACHED_DOFS = 4096;

/** Default Welch segment length, shaft revolutions. */
export const SEGMENT_REVOLUTIONS = 16;

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/** Computes SES of bands of captures; holds scratch between calls (one per thread). */
export class SquaredEnvelopeSpectrum {
  // Scratch per size: the SK band and the wide band of one capture alternate between two sizes
  // (a few more as the speed varies), so each keeps its buffers instead of reallocating.
  private readonly envelope = new Map<number, Float64Array>();
  private readonly segments = new Map<number, SegmentBuffers>();
  private readonly windows = new Map<number, Float64Array>();
  private windowSamples = 0;
  /** Welch's degrees of freedom per (len, count, hop), which recur with the windows. */
  private readonly dofs = new Map<string, number>();

  /**
   * SES of the band bandHz of the record whose DFT is `spec`, for a shaft at shaftHz, exact up
   * to maxEnvelopeHz (and at most 0.9 x the band width). The returned `amp` lives in scratch,
   * valid until the next call.
   */
  compute(
    spec: RealSpectrum,
    bandHz: readonly [number, number],
    shaftHz: number,
    segmentRevolutions = SEGMENT_REVOLUTIONS,
    maxEnvelopeHz = Infinity,
  ): OrderEnvelopeSpectrum {
    const n = spec.size;
    const dfIn = spec.fsHz / n;
    const [loHz, hiHz] = bandHz;
    if (!(loHz >= 0 && hiHz > loHz && hiHz <= spec.fsHz / 2)) {
      invalid(`bandHz: expected 0 <= lo < hi <= fs / 2 = ${spec.fsHz / 2}, got [${loHz}, ${hiHz}]`);
    }
    if (!(shaftHz > 0) || !Number.isFinite(shaftHz)) {
      invalid(`shaftHz: expected a finite rate > 0, got ${shaftHz}`);
    }
    if (!(segmentRevolutions >= 1)) {
      invalid(`segmentRevolutions: expected >= 1, got ${segmentRevolutions}`);
    }
    const kLo = Math.ceil(loHz / dfIn - 1e-9);
    const kHi = Math.min(n / 2, Math.floor(hiHz / dfIn + 1e-9));
    const bins = kHi - kLo + 1;
    if (bins < 2) invalid(`bandHz: [${loHz}, ${hiHz}] holds fewer than 2 bins of ${dfIn} Hz`);
    if (!(maxEnvelopeHz > 0)) invalid(`maxEnvelopeHz: expected > 0, got ${maxEnvelopeHz}`);

    // |z|^2 at the reduced rate (see the file header).
    const validBins = Math.ceil(Math.min(0.9 * bins, maxEnvelopeHz / dfIn));
    const m = nextFastSize(bins + validBins + 1);
    const ses = this.sesBuffer(m);
    const gain = (2 * m) / n;
    {
      // The band's bins go straight into the transform's input, |z|^2 comes from its output.
      const fft = directFft(m, false);
      const d = fft.data();
      const i0 = fft.inOff;
      const bandEnd = i0 + 2 * bins;
      for (let k = kLo; k <= kHi; k++) {
        d[i0 + 2 * (k - kLo)] = gain * spec.re[k]!;
        d[i0 + 2 * (k - kLo) + 1] = gain * spec.im[k]!;
      }
      d.fill(0, bandEnd, i0 + 2 * m);
      fft.run(true);
      const o = fft.outOff;
      const scale = 1 / m;
      for (let j = 0; j < m; j++) {
        const zr = d[o + 2 * j]! * scale;
        const zi = d[o + 2 * j + 1]! * scale;
        ses[j] = zr * zr + zi * zi;
      }
    }
    const envFsHz = m * dfIn;

    // Welch segments of whole revolutions, windowed straight into the transform's input.
    const len = Math.min(m, Math.max(8, Math.round((segmentRevolutions * envFsHz) / shaftHz)));
    const count = len === m ? 1 : Math.ceil((m - len) / (len / 2)) + 1;
    const hop = count > 1 ? (m - len) / (count - 1) : 0;
    const nfft = nextFastSize(len);
    const half = nfft / 2;
    const win = this.hann(len);
    const { power, amp } = this.segmentBuffers(nfft);
    power.fill(0);
    const fft = directFft(nfft, true);
    const d = fft.data();
    const i0 = fft.inOff;
    const o = fft.outOff;
    for (let s = 0; s < count; s++) {
      const start = Math.round(s * hop);
      let mean = 0;
      for (let j = 0; j < len; j++) mean += ses[start + j]!;
      mean /= len;
      for (let j = 0; j < len; j++) d[i0 + j] = (ses[start + j]! - mean) * win[j]!;
      d.fill(0, i0 + len, i0 + nfft);
      fft.run(false);
      // Packed output: X[0], X[nfft / 2], then re, im of the bins between.
      power[0] = power[0]! + d[o]! * d[o]!;
      power[half] = power[half]! + d[o + 1]! * d[o + 1]!;
      for (let k = 1; k < half; k++) {
        const re = d[o + 2 * k]!;
        const im = d[o + 2 * k + 1]!;
        power[k] = power[k]! + re * re + im * im;
      }
    }
    // The sum of the periodic Hann window of length len is len / 2.
    const scale = 2 / (len / 2);
    for (let k = 0; k <= half; k++) {
      const a = Math.sqrt(power[k]! / count) * scale;
      amp[k] = k === 0 || k === half ? a / 2 : a;
    }
    return {
      amp,
      dof: this.dof(win, len, count, hop),
      dfHz: envFsHz / nfft,
      maxValidHz: Math.min(0.9 * bins, m - bins) * dfIn,
      segments: count,
      envFsHz,
      sqEnvelope: ses,
    };
  }

  /** `welchDof` of these segments, remembered. */
  private dof(win: Float64Array, len: number, count: number, hop: number): number {
    const key = `${len}:${count}:${hop}`;
    let v = this.dofs.get(key);
    if (v === undefined) {
      if (this.dofs.size >= MAX_CACHED_DOFS) this.dofs.clear();
      v = welchDof(win, len, count, hop);
      this.dofs.set(key, v);
    }
    return v;
  }

  /** The |z|^2 buffer for an inverse FFT of size m. */
  private sesBuffer(m: number): Float64Array {
    let b = this.envelope.get(m);
    if (b === undefined) {
      if (this.envelope.size >= MAX_CACHED_SIZES) this.envelope.clear();
      b = new Float64Array(m);
      this.envelope.set(m, b);
    }
    return b;
  }

  /** Welch segment buffers for a real FFT of size nfft. */
  private segmentBuffers(nfft: number): SegmentBuffers {
    let b = this.segments.get(nfft);
    if (b === undefined) {
      if (this.segments.size >= MAX_CACHED_SIZES) this.segments.clear();
      const bins = nfft / 2 + 1;
      b = { power: new Float64Array(bins), amp: new Float64Array(bins) };
      this.segments.set(nfft, b);
    }
    return b;
  }

  /** Periodic Hann window of length len, by a rotation recurrence (no cos per sample). */
  private hann(len: number): Float64Array {
    let win = this.windows.get(len);
    if (win !== undefined) return win;
    if (this.windowSamples + len > MAX_CACHED_WINDOW_SAMPLES) {
      this.windows.clear();
      this.windowSamples = 0;
    }
    this.windowSamples += len;
    win = new Float64Array(len);
    const c = Math.cos((2 * Math.PI) / len);
    const s = Math.sin((2 * Math.PI) / len);
    let cr = 1;
    let ci = 0;
    for (let j = 0; j < len; j++) {
      win[j] = 0.5 - 0.5 * cr;
      const t = cr * c - ci * s;
      ci = cr * s + ci * c;
      cr = t;
    }
    this.windows.set(len, win);
    return win;
  }
}

/**
 * Welch's (1967) equivalent degrees of freedom of an average of `count` segments of window w
 * (length len) starting `hop` samples apart: 2K / (1 + 2 sum_j (1 - j/K) rho_j^2), rho_j the
 * window's normalised overlap at lag j hop.
 */
function welchDof(w: Float64Array, len: number, count: number, hop: number): number {
  let w2 = 0;
  for (let i = 0; i < len; i++) w2 += w[i]! * w[i]!;
  let sum = 0;
  for (let j = 1; j < count; j++) {
    const lag = Math.round(j * hop);
    if (lag >= len) break;
    let c = 0;
    for (let i = 0; i + lag < len; i++) c += w[i]! * w[i + lag]!;
    sum += (1 - j / count) * (c / w2) ** 2;
  }
  return (2 * count) / (1 + 2 * sum);
}
