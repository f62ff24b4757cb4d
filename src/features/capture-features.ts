/**
 * Every vibration feature of one capture, in the order of the registry (feature-registry.ts):
 * quality checks, time-domain statistics, ISO velocity, order features and envelope features.
 * The one entry point that training (dataset generation) and the edge both call, so a model
 * never sees features from a different implementation from the one it was trained on.
 *
 * One forward FFT serves everything spectral (capture-spectrum.ts): the Hann spectrum for
 * tones and speed, the unwindowed bins for velocity integration, the kurtogram and
 * demodulation. A `FeatureExtractor` holds every scratch buffer, so repeated calls at one
 * capture size allocate only their small result objects.
 *
 * NaN policy: a capture that fails its quality checks gets NaN for every feature outside the
 * quality group; an unknown speed that cannot be estimated, or a record shorter than
 * `minRevolutions` revolutions, gets NaN order and envelope features. Nothing is filled in.
 */
import { PdmError } from '../core/errors.js';
import type { BearingGeometry } from '../twin/bearing.js';
import { validateGeometry } from '../twin/bearing.js';
import { checkSignal } from './signal-checks.js';
import { CaptureSpectrum, MIN_ANALYSIS_LENGTH, analysisLength } from './capture-spectrum.js';
import {
  EnvelopeAnalyzer,
  defectOrders,
  ENVELOPE_DEFECTS,
  type EnvelopeAnalysisOptions,
  type EnvelopeLines,
} from './envelope-features.js';
import {
  VIBRATION_FEATURES,
  VIBRATION_FEATURE_INDEX,
  type VibrationFeatureName,
} from './feature-registry.js';
import { ORDER_BANDS, orderFeatures, type OrderFeatureOptions } from './order-features.js';
import {
  captureQuality,
  DEFAULT_MIN_SAMPLES,
  longestFiniteRun,
  type CaptureQuality,
  type QualityOptions,
} from './quality.js';
import { SpeedEstimator, speedDeviationPct, type SpeedSearchOptions } from './speed-estimate.js';
import { timeDomainStats, timeDomainStatsGiven } from './time-domain.js';
import {
  ISO_10816_LIMITS,
  ISO_VELOCITY_BAND_HZ,
  VelocityIntegrator,
  checkIsoLimits,
  isoZone,
  type IsoZoneLimits,
} from './velocity.js';
import { nextFastSize } from './fft.js';

/** One capture and what is known about it. */
export interface VibrationInput {
  /** Acceleration, g. */
  readonly signal: Float32Array | Float64Array;
  readonly fsHz: number;
  /** Tachometer speed; NaN when unknown (then estimated from the spectrum). */
  readonly speedRpm: number;
  readonly bearing: BearingGeometry;
  /**
   * The motor's supply (line or drive output) frequency, Hz, where known: `amp_2fl_g` reads the
   * vibration at twice it (the magnetic pull of the stator field). Default: the options' own
   * (`orders.supplyHz`), else NaN for that feature.
   */
  readonly supplyHz?: number;
}

/** Options of `vibrationFeatures`; every field has a default. */
export interface VibrationFeatureOptions {
  readonly quality?: QualityOptions;
  /** Search range of the speed estimator (default 300-4000 rpm). */
  readonly speedSearch?: SpeedSearchOptions;
  /** ISO 10816-1 zone limits (default class I, small machines up to 15 kW). */
  readonly isoLimits?: IsoZoneLimits;
  /** Order features: tolerance, supply frequency (for amp_2fl_g), band-fraction limit. */
  readonly orders?: OrderFeatureOptions;
  readonly envelope?: EnvelopeAnalysisOptions;
  /** Fewest shaft revolutions for order and envelope features. Default 8. */
  readonly minRevolutions?: number;
}

/** The features of one capture. */
export interface VibrationFeatures {
  /** Aligned with `VIBRATION_FEATURES`. */
  readonly values: Float64Array;
  readonly quality: CaptureQuality;
  /** The speed the features used; NaN when unknown and not estimable. */
  readonly speedRpm: number;
  readonly speedSource: 'measured' | 'estimated';
  /** The spectral estimate, also computed when the speed was measured (NaN if none). */
  readonly estimatedSpeedRpm: number;
  /** The SK-chosen demodulation band, Hz ([NaN, NaN] when none). */
  readonly envelopeBandHz: readonly [number, number];
  /**
   * Shaft revolutions in the record at `speedRpm` (NaN before the speed is known): the order
   * and envelope features are NaN under `minRevolutions` (8 by default), as for a record too
   * short, or a speed given in Hz or rad/s where rpm is expected.
   */
  readonly revolutions: number;
}

/** Number of features in `values`. */
export const VIBRATION_FEATURE_COUNT = VIBRATION_FEATURES.length;

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/** Computes `VibrationFeatures` with scratch reused between calls (one per thread). */
export class FeatureExtractor {
  private readonly spectrum = new CaptureSpectrum();
  private readonly velocity = new VelocityIntegrator();
  private readonly speed = new SpeedEstimator();
  private readonly envelope = new EnvelopeAnalyzer();
  private velWave = new Float64Array(0);
  /** The registry keeps harmonics 1-3 of each line: the others are not read. */
  private readonly envelopeOpts: EnvelopeAnalysisOptions;

  constructor(private readonly opts: VibrationFeatureOptions = {}) {
    const minRevs = opts.minRevolutions ?? 8;
    if (!(minRevs >= 1)) invalid(`minRevolutions: expected >= 1, got ${minRevs}`);
    if (opts.isoLimits !== undefined) checkIsoLimits(opts.isoLimits, 'isoLimits');
    this.envelopeOpts = { readHarmonics: 3, ...opts.envelope };
  }

  /** Features of one capture, written into `out` when given (length VIBRATION_FEATURE_COUNT). */
  compute(input: VibrationInput, out?: Float64Array): VibrationFeatures {
    if (typeof input !== 'object' || (input as unknown) === null)
      invalid('input: expected { signal, fsHz, speedRpm, bearing }');
    checkSignal(input.signal, 'signal');
    const { fsHz, speedRpm: tachoRpm, bearing } = input;
    if (typeof fsHz !== 'number' || !(fsHz > 0) || !Number.isFinite(fsHz))
      invalid(`fsHz: expected a finite rate > 0, got ${given(fsHz)}`);
    if (
      typeof tachoRpm !== 'number' ||
      !(Number.isNaN(tachoRpm) || (tachoRpm > 0 && Number.isFinite(tachoRpm)))
    ) {
      invalid(`speedRpm: expected a finite speed > 0, or NaN when unknown, got ${given(tachoRpm)}`);
    }
    validateGeometry(bearing);
    const values = out ?? new Float64Array(VIBRATION_FEATURE_COUNT);
    if (values.length !== VIBRATION_FEATURE_COUNT) {
      invalid(`out: expected length ${VIBRATION_FEATURE_COUNT}, got ${values.length}`);
    }
    values.fill(Number.NaN);
    const set = (name: VibrationFeatureName, v: number): void => {
      values[VIBRATION_FEATURE_INDEX[name]] = v;
    };
    const opts = this.opts;
    const minRevs = opts.minRevolutions ?? 8;
    const measured = !Number.isNaN(tachoRpm);
    // Too few revolutions is not a quality failure: the time-domain and level features stand,
    // the order and envelope features wait for minRevolutions (below), measured speed or not.
    const minSamples = Math.max(
      opts.quality?.minSamples ?? DEFAULT_MIN_SAMPLES,
      MIN_ANALYSIS_LENGTH,
    );
    const quality = captureQuality(input.signal, { ...opts.quality, minSamples });
    const total = input.signal.length;
    set('q_usable', quality.usable ? 1 : 0);
    set('q_gap_fraction', total > 0 ? quality.nanCount / total : 0);
    set('q_longest_gap_fraction', total > 0 ? quality.longestGap / total : 0);
    set('q_clip_fraction', total > 0 ? quality.clippedCount / total : 0);
    set('q_stuck_fraction', total > 0 ? quality.stuckCount / total : 0);
    set('q_speed_estimated', measured ? 0 : 1);
    const result = (
      speedRpm: number,
      estimated: number,
      band: [number, number],
      revolutions = Number.NaN,
    ) => ({
      values,
      quality,
      speedRpm,
      speedSource: measured ? ('measured' as const) : ('estimated' as const),
      estimatedSpeedRpm: estimated,
      envelopeBandHz: band,
      revolutions,
    });
    if (!quality.usable) return result(tachoRpm, Number.NaN, [Number.NaN, Number.NaN]);
    // Gaps the options tolerate: the features are those of the longest stretch without one,
    // which must be as long as the analysis needs (quality.ts, longestFiniteRun).
    let x = input.signal;
    if (quality.nanCount > 0) {
      const [s, e] = longestFiniteRun(x);
      if (e - s < minSamples) {
        set('q_usable', 0);
        return result(tachoRpm, Number.NaN, [Number.NaN, Number.NaN]);
      }
      x = x.subarray(s, e);
    }
    const n = x.length;

    // Without gaps the quality checks' first pass (sum, extremes) is the statistics' own.
    const t =
      quality.nanCount === 0
        ? timeDomainStatsGiven(x, 0, n, quality.finiteSum, quality.min, quality.max)
        : timeDomainStats(x);
    set('acc_rms_g', t.rms);
    set('acc_peak_g', t.peak);
    set('acc_p2p_g', t.peakToPeak);
    set('acc_crest', t.crestFactor);
    set('acc_kurtosis', t.kurtosis);
    set('acc_skewness', t.skewness);
    set('acc_shape_factor', t.shapeFactor);
    set('acc_impulse_factor', t.impulseFactor);

    const spec = this.spectrum.compute(x, fsHz, analysisLength(n));
    // The velocity waveform at 5 x the band's top (peak within 20 % at 1 kHz, 0.2 % at 100 Hz,
    // where velocity lives), the same at every sample rate, and cheaper than the record's rate.
    const velSize = Math.min(
      spec.size,
      nextFastSize(Math.ceil((5 * ISO_VELOCITY_BAND_HZ[1] * spec.size) / fsHz)),
    );
    if (this.velWave.length !== velSize) this.velWave = new Float64Array(velSize);
    const velRms = this.velocity.integrate(spec, ISO_VELOCITY_BAND_HZ, this.velWave);
    const v = timeDomainStats(this.velWave);
    set('vel_rms_mm_s', velRms);
    set('vel_peak_mm_s', v.peak);
    set('vel_crest', v.peak / velRms);
    set('vel_kurtosis', v.kurtosis);
    set('iso_zone', isoZone(velRms, opts.isoLimits ?? ISO_10816_LIMITS.I));

    // Speed: the spectral estimate always (it checks a tachometer), used when none is given.
    const estimated = this.estimateSpeed(spec.hannAmp, spec.dfHz);
    const speedRpm = measured ? tachoRpm : estimated;
    set('q_speed_dev_pct', measured ? speedDeviationPct(estimated, tachoRpm) : Number.NaN);
    set('speed_rpm', speedRpm);
    const shaftHz = speedRpm / 60;
    const revolutions = (shaftHz * n) / fsHz;
    if (!(revolutions >= minRevs))
      return result(speedRpm, estimated, [Number.NaN, Number.NaN], revolutions);

    const o = orderFeatures(
      { amp: spec.hannAmp, dfHz: spec.dfHz },
      shaftHz,
      input.supplyHz === undefined ? opts.orders : { ...opts.orders, supplyHz: input.supplyHz },
    );
    set('amp_0p5x_g', o.amp0p5xG);
    set('amp_1x_g', o.amp1xG);
    set('amp_1p5x_g', o.amp1p5xG);
    set('amp_2x_g', o.amp2xG);
    set('amp_3x_g', o.amp3xG);
    set('vel_1x_mm_s', o.vel1xMmS);
    set('vel_2x_mm_s', o.vel2xMmS);
    set('vel_3x_mm_s', o.vel3xMmS);
    set('ratio_2x_1x', o.ratio2x1x);
    set('ratio_3x_1x', o.ratio3x1x);
    set('ratio_0p5x_1x', o.ratio0p5x1x);
    set('ratio_1p5x_1x', o.ratio1p5x1x);
    set('harm_4_10_rel_1x', o.harmonics4to10Rel1x);
    set('amp_2fl_g', o.amp2LineG);
    const first = VIBRATION_FEATURE_INDEX.pwr_frac_sub;
    for (let b = 0; b < ORDER_BANDS.length; b++) values[first + b] = o.bandFractions[b]!;

    const env = this.envelope.analyze(spec, shaftHz, defectOrders(bearing), this.envelopeOpts);
    if (env.band === null)
      return result(speedRpm, estimated, [Number.NaN, Number.NaN], revolutions);
    const { loHz, hiHz, maxSk } = env.band;
    set('sk_max', maxSk);
    // no band's kurtosis could be read (a spectrum of NaN): no band was chosen either
    const chosen = Number.isFinite(maxSk);
    set('env_band_center_order', chosen ? (loHz + hiHz) / 2 / shaftHz : Number.NaN);
    set('env_band_width_order', chosen ? (hiHz - loHz) / shaftHz : Number.NaN);
    writeLines(values, env.lines);
    const w = env.wideLines.defects;
    set('envw_bpfo_h1_db', w.bpfo.harmonicsDb[0]!);
    set('envw_bpfo_mean3_db', w.bpfo.mean3Db);
    set('envw_bpfi_h1_db', w.bpfi.harmonicsDb[0]!);
    set('envw_bpfi_mean3_db', w.bpfi.mean3Db);
    set('envw_bsf2_h1_db', w.bsf2.harmonicsDb[0]!);
    set('envw_bsf2_mean3_db', w.bsf2.mean3Db);
    set('envw_floor_g', env.floorG);
    return result(speedRpm, estimated, [loHz, hiHz], revolutions);
  }

  /** Spectral speed estimate within the search range the record can resolve; NaN if none. */
  private estimateSpeed(amp: Float64Array, dfHz: number): number {
    const search = this.opts.speedSearch ?? {};
    const minRpm = Math.max(search.minRpm ?? 300, 60 * 2 * dfHz);
    const maxRpm = Math.min(search.maxRpm ?? 4000, 60 * (amp.length - 2) * dfHz);
    if (!(maxRpm > minRpm)) return Number.NaN;
    return this.speed.estimate(amp, dfHz, { ...search, minRpm, maxRpm }).speedRpm;
  }
}

/** Writes the SK-band envelope lines into their registry slots. */
function writeLines(values: Float64Array, lines: EnvelopeLines): void {
  for (const d of ENVELOPE_DEFECTS) {
    const line = lines.defects[d];
    const h1 = VIBRATION_FEATURE_INDEX[`env_${d}_h1_db`];
    values[h1] = line.harmonicsDb[0]!;
    values[h1 + 1] = line.harmonicsDb[1]!;
    values[h1 + 2] = line.harmonicsDb[2]!;
    values[VIBRATION_FEATURE_INDEX[`env_${d}_mean3_db`]] = line.mean3Db;
  }
  values[VIBRATION_FEATURE_INDEX.env_bpfi_sb1x_db] = lines.bpfiSb1xDb;
  values[VIBRATION_FEATURE_INDEX.env_bpfo_sb1x_db] = lines.bpfoSb1xDb;
  values[VIBRATION_FEATURE_INDEX.env_bsf2_sbftf_db] = lines.bsf2SbFtfDb;
  values[VIBRATION_FEATURE_INDEX.env_1x_db] = lines.shaft1xDb;
  values[VIBRATION_FEATURE_INDEX.env_2x_db] = lines.shaft2xDb;
}

let shared: FeatureExtractor | null = null;

/**
 * Every registered feature of one capture (see the file header). With no options it reuses
 * one module-level `FeatureExtractor`; hold your own to pass options or to keep threads apart.
 */
export function vibrationFeatures(
  input: VibrationInput,
  options?: VibrationFeatureOptions,
): VibrationFeatures {
  if (options !== undefined) return new FeatureExtractor(options).compute(input);
  shared ??= new FeatureExtractor();
  return shared.compute(input);
}

/** A value as an error message should show it: a string quoted, with its type. */
function given(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `${JSON.stringify(v)} (a string)`;
  return v === null ? 'null' : `a value of type ${typeof v}`;
}
