/**
 * Bearing defect features from the squared-envelope spectrum (SES), in the form that carries a
 * model from simulated to real bearings: line heights at the defect orders relative to the
 * SES's own noise floor, in dB. Sources: R. B. Randall & J. Antoni, "Rolling element bearing
 * diagnostics - a tutorial", MSSP 25 (2011); W. A. Smith & R. B. Randall, "Rolling element
 * bearing diagnostics using the Case Western Reserve University data: a benchmark study",
 * MSSP 64-65 (2015) (SK-selected band, SES, lines at the defect orders with their sidebands).
 *
 * Pipeline: the demodulation band by spectral kurtosis (spectral-kurtosis.ts) among bands
 * above 5 x the highest defect order (so shaft harmonics stay out), below min(0.45 fs,
 * maxBandHz), and wide enough that the first three harmonics of every defect and their floor
 * windows fit (0.9 W >= 3.3 x the highest order); then the SES in orders (squared-envelope.ts).
 * For each line at f = h x order x shaft rate:
 * - peak: the largest bin within +-2 % of f (at least one bin);
 * - floor: the median of the bins within +-max(10 % of f, 1 order) of f, leaving out the peak
 *   window with two bins either side (Hann's main lobe) and the first two bins (DC), turned
 *   into the RMS noise per bin: the median of a power estimate with nu degrees of freedom is
 *   (1 - 2/(9 nu))^3 times its mean (Wilson-Hilferty), so dividing by it removes the
 *   dependence on how many Welch segments the record held (1.5 dB from one to many);
 * - NaN when the floor window passes the band's reach (0.9 W).
 * Ratios of two amplitudes of one spectrum do not depend on sensor gain; orders at a fixed
 * resolution in orders do not depend on speed or record length; bands in Hz, with envelope
 * rates set by the band, do not depend on the sample rate.
 *
 * maxBandHz defaults to 5.4 kHz = 0.45 x 12 kHz, the lowest rate of the common public bearing
 * datasets (CWRU), so the search range, and with it every envelope feature, is the same at
 * every rate from 12 kHz up. Above it, a record at 48 kHz from the twin holds only the sensor's
 * white noise and the unfiltered onsets of the simulated impacts, which SK finds extremely
 * impulsive (SK ~ 50-100) and which no real structure reproduces; a library user who knows a
 * real machine's resonances lie higher can raise it, at the price of rate dependence (the
 * commands keep it, so that datasets and models agree).
 *
 * Fallback set (decided here): the same lines read in one fixed wide band, the whole search
 * range. It does not depend on the SK choice, so a model still has bearing evidence when SK
 * picks a band excited by something else (a rub, electrical spikes). Only the three main
 * lines' h1 and mean of h1..h3, and the band's broadband floor (below), are kept from it in
 * the feature registry.
 *
 * Broadband floor of the wide band (`floorG`): the Gaussian-equivalent RMS of the band-passed
 * acceleration, read from the lower quartile of |z|^2 over the record. For Gaussian noise of
 * variance s^2 in the band, |z|^2 = x^2 + H(x)^2 is exponential with mean 2 s^2, so its
 * quartile q25 = -2 s^2 ln(0.75) gives s. Impacts fill the record only while they ring, so a
 * low quantile follows the floor under them where the RMS follows the impacts: grease loss
 * and wear raise the floor (the "haystack" of a dry bearing), a localised defect adds impacts
 * on top of it. It is a level in g (gain-dependent); models read its change from the
 * machine's own healthy level (`envw_floor_residual_db`, machine-features.ts). Exactly
 * min(m, 2,048) of the m samples, evenly spaced over the record, are used: the floor read from
 * 2,048 has a relative standard error of about 2.5 % (0.2 dB). The band's lower edge is 5 x the
 * highest defect order, so it moves with speed: for white noise the floor at 3,600 rpm reads
 * 9 % (0.85 dB) below that at 1,800 rpm (the RMS of a band 18 % narrower); the residual's
 * speed term absorbs what a machine's
 * baseline spans.
 */
import { PdmError } from '../core/errors.js';
import { bearingOrders, validateGeometry, type BearingGeometry } from '../twin/bearing.js';
import { checkSignal } from './signal-checks.js';
import { CaptureSpectrum, type RealSpectrum } from './capture-spectrum.js';
import { medianInPlace, quantileInPlace } from './robust-stats.js';
import { BandSelector, type BandSearchOptions, type SkBand } from './spectral-kurtosis.js';
import { SquaredEnvelopeSpectrum, type OrderEnvelopeSpectrum } from './squared-envelope.js';

/** Defect lines read from the SES: outer race, inner race, ball spin, twice ball spin, cage. */
export const ENVELOPE_DEFECTS = ['bpfo', 'bpfi', 'bsf', 'bsf2', 'ftf'] as const;
export type EnvelopeDefect = (typeof ENVELOPE_DEFECTS)[number];

/** Defect orders (multiples of shaft speed). */
export type DefectOrders = Readonly<Record<EnvelopeDefect, number>>;

/** Tunables of the line reading; every field has a default. */
export interface EnvelopeLineOptions {
  /**
   * Harmonics per defect: the SES reaches the floor window of the highest one, which sets its
   * envelope sampling rate and so the exact spectrum. Default 10.
   */
  readonly harmonics?: number;
  /**
   * Harmonics actually read into `harmonicsDb`, 3 .. harmonics (default: all). Fewer are
   * cheaper and leave the lines read exactly as they are: the SES still reaches `harmonics`.
   */
  readonly readHarmonics?: number;
  /** Relative half-width of the peak search. Default 0.02. */
  readonly tolerance?: number;
  /** Relative half-width of the floor window. Default 0.1. */
  readonly floorWidth?: number;
  /** Smallest half-width of the floor window, orders. Default 1. */
  readonly floorMinOrders?: number;
}

/** One defect's lines, dB above the SES floor. */
export interface DefectLines {
  readonly order: number;
  /** Harmonics h = 1 .. readHarmonics; NaN beyond the band's reach. */
  readonly harmonicsDb: Float64Array;
  /** Mean of harmonics 1..3 (NaN unless all three are read). */
  readonly mean3Db: number;
}

/** Everything read from one SES. */
export interface EnvelopeLines {
  readonly defects: Readonly<Record<EnvelopeDefect, DefectLines>>;
  /** Mean of BPFI - 1x and BPFI + 1x: inner-race modulation by the shaft. */
  readonly bpfiSb1xDb: number;
  /** Mean of BPFO -+ 1x (absent for a stationary outer-race defect). */
  readonly bpfoSb1xDb: number;
  /** Mean of 2 BSF -+ FTF: ball defect modulated by the cage. */
  readonly bsf2SbFtfDb: number;
  readonly shaft1xDb: number;
  readonly shaft2xDb: number;
}

/** The result of `EnvelopeAnalyzer.analyze` and `envelopeFeatures`. */
export interface EnvelopeAnalysis {
  /** The SK-chosen band; null when no admissible band exists (fs too low for the speed). */
  readonly band: SkBand | null;
  readonly lines: EnvelopeLines;
  /** The fixed wide band (null when no band is admissible) and its lines. */
  readonly wideBandHz: readonly [number, number] | null;
  readonly wideLines: EnvelopeLines;
  /** Broadband floor of the wide band, g (Gaussian-equivalent RMS; see the file header). */
  readonly floorG: number;
}

/** Most samples of |z|^2 the floor quantile is read from. */
const FLOOR_SAMPLES = 2048;
/** The quantile of |z|^2 the floor is read from. */
const FLOOR_QUANTILE = 0.25;

/** Defect orders of a bearing, with 2 x BSF. */
export function defectOrders(bearing: BearingGeometry): DefectOrders {
  const o = bearingOrders(bearing);
  return { bpfo: o.bpfo, bpfi: o.bpfi, bsf: o.bsf, bsf2: 2 * o.bsf, ftf: o.ftf };
}

/** Default upper limit of the demodulation band, Hz (see the file header). */
export const MAX_BAND_HZ = 5400;

/**
 * Where the demodulation band may lie for a shaft at shaftHz (see the file header); null when
 * fs is too low for the speed.
 */
export function envelopeBandSearch(
  fsHz: number,
  shaftHz: number,
  orders: DefectOrders,
  maxBandHz = MAX_BAND_HZ,
): Required<Pick<BandSearchOptions, 'minHz' | 'maxHz' | 'minWidthHz'>> | null {
  if (!(maxBandHz > 0)) {
    throw new PdmError('PDM_INPUT_INVALID', `maxBandHz: expected > 0, got ${maxBandHz}`);
  }
  const top = Math.max(orders.bpfo, orders.bpfi, orders.bsf2);
  const minHz = 5 * top * shaftHz;
  const maxHz = Math.min(0.45 * fsHz, maxBandHz);
  const minWidthHz = (3.3 * top * shaftHz) / 0.9;
  return minHz + minWidthHz <= maxHz ? { minHz, maxHz, minWidthHz } : null;
}

function nanLines(orders: DefectOrders, harmonics: number): EnvelopeLines {
  const d = (order: number): DefectLines => ({
    order,
    harmonicsDb: new Float64Array(harmonics).fill(Number.NaN),
    mean3Db: Number.NaN,
  });
  return {
    defects: {
      bpfo: d(orders.bpfo),
      bpfi: d(orders.bpfi),
      bsf: d(orders.bsf),
      bsf2: d(orders.bsf2),
      ftf: d(orders.ftf),
    },
    bpfiSb1xDb: Number.NaN,
    bpfoSb1xDb: Number.NaN,
    bsf2SbFtfDb: Number.NaN,
    shaft1xDb: Number.NaN,
    shaft2xDb: Number.NaN,
  };
}

/** The harmonics the SES reaches and those `read` puts in `harmonicsDb` (checked). */
function harmonicCounts(opts: EnvelopeLineOptions): { reach: number; read: number } {
  const reach = opts.harmonics ?? 10;
  if (!Number.isInteger(reach) || reach < 3)
    throw new PdmError('PDM_INPUT_INVALID', `harmonics: expected an integer >= 3, got ${reach}`);
  const read = opts.readHarmonics ?? reach;
  if (!Number.isInteger(read) || read < 3 || read > reach) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `readHarmonics: expected an integer in [3, harmonics = ${reach}], got ${read}`,
    );
  }
  return { reach, read };
}

/** Reads defect lines from SES; holds the median scratch between calls (one per thread). */
export class EnvelopeLineReader {
  private scratch = new Float64Array(256);

  /** Height (dB) of the line at freqHz above the local floor; see the file header. */
  lineDb(
    ses: OrderEnvelopeSpectrum,
    freqHz: number,
    shaftHz: number,
    tol = 0.02,
    floorWidth = 0.1,
    floorMinOrders = 1,
  ): number {
    const { amp, dfHz, maxValidHz } = ses;
    const floorHalfHz = Math.max(floorWidth * freqHz, floorMinOrders * shaftHz);
    if (!(freqHz > 0) || freqHz + floorHalfHz > maxValidHz) return Number.NaN;
    const c = freqHz / dfHz;
    const peakHalf = Math.max((tol * freqHz) / dfHz, 1);
    const pLo = Math.max(2, Math.ceil(c - peakHalf - 1e-9));
    const pHi = Math.floor(c + peakHalf + 1e-9);
    let peak = 0;
    for (let k = pLo; k <= pHi; k++) if (amp[k]! > peak) peak = amp[k]!;
    const fLo = Math.max(2, Math.ceil((freqHz - floorHalfHz) / dfHz));
    const fHi = Math.min(amp.length - 1, Math.floor((freqHz + floorHalfHz) / dfHz));
    if (this.scratch.length < fHi - fLo + 1) this.scratch = new Float64Array(2 * (fHi - fLo + 1));
    const buf = this.scratch;
    let count = 0;
    for (let k = fLo; k <= fHi; k++) if (k < pLo - 2 || k > pHi + 2) buf[count++] = amp[k]!;
    if (count < 5) return Number.NaN;
    // Median amplitude -> RMS amplitude of the noise (see the file header).
    const medianOverMean = (1 - 2 / (9 * ses.dof)) ** 3;
    const floor = medianInPlace(buf, count) / Math.sqrt(medianOverMean);
    return floor > 0 && peak > 0 ? 20 * Math.log10(peak / floor) : Number.NaN;
  }

  /** Every line of `EnvelopeLines` from one SES. */
  read(
    ses: OrderEnvelopeSpectrum,
    shaftHz: number,
    orders: DefectOrders,
    opts: EnvelopeLineOptions = {},
  ): EnvelopeLines {
    const H = harmonicCounts(opts).read;
    const tol = opts.tolerance ?? 0.02;
    const fw = opts.floorWidth ?? 0.1;
    const fmo = opts.floorMinOrders ?? 1;
    const at = (order: number): number => this.lineDb(ses, order * shaftHz, shaftHz, tol, fw, fmo);
    const defect = (order: number): DefectLines => {
      const harmonicsDb = new Float64Array(H);
      for (let h = 1; h <= H; h++) harmonicsDb[h - 1] = at(h * order);
      const mean3Db = (harmonicsDb[0]! + harmonicsDb[1]! + harmonicsDb[2]!) / 3;
      return { order, harmonicsDb, mean3Db };
    };
    return {
      defects: {
        bpfo: defect(orders.bpfo),
        bpfi: defect(orders.bpfi),
        bsf: defect(orders.bsf),
        bsf2: defect(orders.bsf2),
        ftf: defect(orders.ftf),
      },
      bpfiSb1xDb: (at(orders.bpfi - 1) + at(orders.bpfi + 1)) / 2,
      bpfoSb1xDb: (at(orders.bpfo - 1) + at(orders.bpfo + 1)) / 2,
      bsf2SbFtfDb: (at(orders.bsf2 - orders.ftf) + at(orders.bsf2 + orders.ftf)) / 2,
      shaft1xDb: at(1),
      shaft2xDb: at(2),
    };
  }
}

/** Options of `EnvelopeAnalyzer.analyze`. */
export interface EnvelopeAnalysisOptions extends EnvelopeLineOptions {
  /** Welch segment length, revolutions. Default 16. */
  readonly segmentRevolutions?: number;
  /** Upper limit of the demodulation band, Hz. Default `MAX_BAND_HZ`. */
  readonly maxBandHz?: number;
}

/** Band choice, SES and line reading with scratch kept between calls (one per thread). */
export class EnvelopeAnalyzer {
  private readonly selector = new BandSelector();
  private readonly ses = new SquaredEnvelopeSpectrum();
  private readonly reader = new EnvelopeLineReader();
  private readonly floorScratch = new Float64Array(FLOOR_SAMPLES);

  /** Envelope analysis of the record whose DFT is `spec` (see the file header). */
  analyze(
    spec: RealSpectrum,
    shaftHz: number,
    orders: DefectOrders,
    opts: EnvelopeAnalysisOptions = {},
  ): EnvelopeAnalysis {
    // Checked before any work.
    const { reach: H, read: readH } = harmonicCounts(opts);
    const revs = opts.segmentRevolutions;
    const search = envelopeBandSearch(spec.fsHz, shaftHz, orders, opts.maxBandHz);
    if (search === null) {
      return {
        band: null,
        lines: nanLines(orders, readH),
        wideBandHz: null,
        wideLines: nanLines(orders, readH),
        floorG: Number.NaN,
      };
    }
    const band = this.selector.select(spec, search);
    // The highest envelope frequency read: the top harmonic's floor window, and a sideband.
    const top = Math.max(orders.bpfo, orders.bpfi, orders.bsf2);
    const fw = opts.floorWidth ?? 0.1;
    const fmo = opts.floorMinOrders ?? 1;
    const needHz = (Math.max(H * top * (1 + fw), H * top + fmo) + 1) * shaftHz;
    const sesOf = (b: readonly [number, number]): OrderEnvelopeSpectrum =>
      this.ses.compute(spec, b, shaftHz, revs, needHz);
    const bandSes = sesOf([band.loHz, band.hiHz]);
    const lines = this.reader.read(bandSes, shaftHz, orders, opts);
    const wide: [number, number] = [search.minHz, search.maxHz];
    // When SK chose the whole range, the two are one. The floor is read before any other
    // SES is computed (sqEnvelope is scratch).
    const same = band.loHz === wide[0] && band.hiHz === wide[1];
    const wideSes = same ? bandSes : sesOf(wide);
    const floorG = this.floorOf(wideSes.sqEnvelope);
    const wideLines = same ? lines : this.reader.read(wideSes, shaftHz, orders, opts);
    return { band, lines, wideBandHz: wide, wideLines, floorG };
  }

  /** Gaussian-equivalent RMS from the lower quartile of |z|^2 (see the file header). */
  private floorOf(sq: Float64Array): number {
    const m = sq.length;
    const count = Math.min(m, FLOOR_SAMPLES);
    const buf = this.floorScratch;
    for (let i = 0; i < count; i++) buf[i] = sq[Math.floor((i * m) / count)]!;
    const q = quantileInPlace(buf, count, FLOOR_QUANTILE);
    return Math.sqrt(q / (-2 * Math.log(1 - FLOOR_QUANTILE)));
  }
}

/**
 * Envelope analysis of an acceleration record x (fsHz) of a shaft at speedRpm carrying
 * `bearing` (see the file header).
 */
export function envelopeFeatures(
  x: Float32Array | Float64Array,
  fsHz: number,
  speedRpm: number,
  bearing: BearingGeometry,
  opts: EnvelopeAnalysisOptions = {},
): EnvelopeAnalysis {
  checkSignal(x, 'x');
  validateGeometry(bearing);
  let missing = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) missing++;
  if (missing > 0)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `x: ${missing} of ${x.length} samples are not finite numbers, which would make every line NaN; vibrationFeatures checks a capture's quality and says what is missing`,
    );
  if (!(speedRpm > 0) || !Number.isFinite(speedRpm)) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `speedRpm: expected a finite speed > 0, got ${speedRpm}`,
    );
  }
  const spec = new CaptureSpectrum().compute(x, fsHz);
  return new EnvelopeAnalyzer().analyze(spec, speedRpm / 60, defectOrders(bearing), opts);
}
