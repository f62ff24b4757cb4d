/**
 * The per-machine feature pipeline: what `generate` computes for every capture and what an
 * edge node computes next to the machine, from the same inputs (slow telemetry and capture
 * bursts) in the same order. It holds a machine's history (thermal baselines, trends of key
 * features since the last maintenance) and turns each capture into one feature row:
 * - vibration features of every accelerometer, fused over channels (the larger value; a
 *   single-channel recording fuses to itself, so imported data gets the same columns);
 * - a few per-channel levels;
 * - temperature rises over ambient, thermal residuals against the machine's own healthy
 *   baseline, current, and (with a current capture) the broken-bar sideband level;
 * - trends of key features since the last maintenance: relative change from the baseline
 *   and slope over the last two days, which do not depend on sensor gain or mounting.
 * Pure: no I/O, no clock.
 */
import { PdmError } from '../core/errors.js';
import type { BearingGeometry } from '../twin/bearing.js';
import { validateGeometry } from '../twin/bearing.js';
import { BEARING_LOCATIONS } from '../twin/health.js';
import { loadCurrentShare } from '../twin/motor.js';
import { FeatureExtractor } from './capture-features.js';
import type { VibrationFeatureOptions } from './capture-features.js';
import { currentFeatures } from './current-features.js';
import { LevelBaseline } from './level-baseline.js';
import { VIBRATION_FEATURES, VIBRATION_FEATURE_INDEX } from './feature-registry.js';
import type { VibrationFeatureName } from './feature-registry.js';
import {
  DEFAULT_THERMAL_TIME_CONSTANT_H,
  FirstOrderLag,
  ThermalBaseline,
} from './thermal-baseline.js';

export interface FeatureDoc {
  readonly name: string;
  readonly unit: string;
  readonly group: string;
  readonly description: string;
}

export type ChannelLocation = 'de' | 'fe';

/** Slow telemetry as the pipeline needs it (twin rows and wire messages both map to it). */
export interface TelemetryInput {
  readonly tH: number;
  readonly running: boolean;
  readonly loadFraction: number;
  readonly currentA: number;
  readonly tempWindingC: number;
  readonly tempFrameC: number;
  readonly tempBearingDeC: number;
  readonly tempAmbientC: number;
  /**
   * Shaft speed at the reading, rpm, where a tachometer measures it (absent or NaN: unknown).
   * A machine on a drive gets thermal baselines with speed terms from it (thermal-baseline.ts).
   */
  readonly speedRpm?: number;
}

export interface CaptureInput {
  readonly tH: number;
  /** Tachometer speed, NaN when unknown. */
  readonly speedRpm: number;
  readonly channels: readonly {
    readonly location: ChannelLocation;
    /**
     * Which axis of the location's accelerometer, for several at one location (a horizontal
     * and a vertical one on one bearing, or a triaxial sensor): any name, distinct within the
     * location. Those channels fuse into the location's features as the two ends fuse into
     * the row's (the larger value).
     */
    readonly axis?: string;
    readonly fsHz: number;
    readonly samples: Float32Array | Float64Array;
  }[];
  readonly current?: {
    readonly fsHz: number;
    readonly samples: Float32Array | Float64Array;
    readonly supplyHz: number;
  } | null;
  /** The motor's supply frequency during the capture, Hz, where known (for `amp_2fl_g`). */
  readonly supplyHz?: number;
}

const CHANNEL_FEATURES = [
  'acc_rms_g',
  'vel_rms_mm_s',
  'acc_kurtosis',
  'q_usable',
  'vel_1x_mm_s',
  'envw_floor_g',
] as const satisfies readonly VibrationFeatureName[];

const THERMAL: readonly FeatureDoc[] = [
  {
    name: 'load',
    unit: '0-1.5',
    group: 'operating',
    description: 'load torque fraction at the capture (from the drive)',
  },
  {
    name: 'current_a',
    unit: 'A',
    group: 'electrical',
    description: 'phase current RMS (telemetry)',
  },
  {
    name: 'cur_rbar_sb_db',
    unit: 'dB',
    group: 'electrical',
    description:
      'broken-bar sideband f(1 +- 2s), larger of the two, relative to the fundamental (current capture)',
  },
  {
    name: 'temp_winding_rise_k',
    unit: 'K',
    group: 'thermal',
    description: 'winding temperature over ambient',
  },
  {
    name: 'temp_frame_rise_k',
    unit: 'K',
    group: 'thermal',
    description: 'frame temperature over ambient',
  },
  {
    name: 'temp_bearing_rise_k',
    unit: 'K',
    group: 'thermal',
    description: 'drive-end bearing temperature over ambient',
  },
  {
    name: 'temp_bearing_minus_frame_k',
    unit: 'K',
    group: 'thermal',
    description: 'bearing minus frame temperature (local friction heat)',
  },
  {
    name: 'temp_winding_residual_k',
    unit: 'K',
    group: 'thermal',
    description: 'winding rise minus what the healthy machine showed at the same smoothed load',
  },
  {
    name: 'temp_bearing_residual_k',
    unit: 'K',
    group: 'thermal',
    description: 'bearing rise minus what the healthy machine showed at the same smoothed load',
  },
  {
    name: 'temp_frame_residual_k',
    unit: 'K',
    group: 'thermal',
    description:
      'frame rise minus what the healthy machine showed at the same smoothed load (cooling)',
  },
  {
    name: 'temp_bearing_rate_k_per_h',
    unit: 'K/h',
    group: 'thermal',
    description: 'rate of change of the bearing rise over the last hour',
  },
];

const DERIVED: readonly FeatureDoc[] = [
  {
    name: 'env_max_h1_db',
    unit: 'dB',
    group: 'envelope',
    description: 'largest first-harmonic line of BPFO, BPFI and 2xBSF',
  },
  {
    name: 'env_max_mean3_db',
    unit: 'dB',
    group: 'envelope',
    description: 'largest 3-harmonic mean of BPFO, BPFI and 2xBSF',
  },
  // Per-bearing comparisons: in the data for people, not default model inputs (they depend on
  // each machine's two transmission paths, and measured they hurt transfer to other fleets).
  {
    name: 'ratio_fe_de_1x',
    unit: 'ratio',
    group: 'channel',
    description: 'fan-end over drive-end 1x velocity: a damaged fan unbalances the fan end only',
  },
  {
    name: 'env_de_minus_fe_db',
    unit: 'dB',
    group: 'channel',
    description: 'drive-end minus fan-end largest envelope line: which bearing speaks',
  },
];

/** Features whose history is tracked; `abs` ones report a change, the rest a relative change. */
const TRENDED: readonly { name: string; abs: boolean }[] = [
  { name: 'acc_rms_g', abs: false },
  { name: 'vel_rms_mm_s', abs: false },
  { name: 'vel_1x_mm_s', abs: false },
  { name: 'vel_2x_mm_s', abs: false },
  { name: 'acc_kurtosis', abs: false },
  { name: 'harm_4_10_rel_1x', abs: false },
  // The ratio itself depends on each machine's two transmission paths; its change from the
  // machine's own baseline does not: it moves when one end alone gains 1x (a damaged fan).
  { name: 'ratio_fe_de_1x', abs: false },
  { name: 'env_max_h1_db', abs: true },
  { name: 'temp_bearing_residual_k', abs: true },
  { name: 'temp_winding_residual_k', abs: true },
  { name: 'temp_frame_residual_k', abs: true },
];

const TREND_DOCS: FeatureDoc[] = TRENDED.flatMap(({ name, abs }) => [
  {
    name: `${name}_${abs ? 'change' : 'rel_change'}`,
    unit: abs ? 'same as feature' : 'ratio',
    group: 'trend',
    description: `${abs ? 'change' : 'relative change'} of ${name} from its baseline (the first captures after the last maintenance)`,
  },
  {
    name: `${name}_slope_day`,
    unit: 'per day',
    group: 'trend',
    description: `least-squares slope of ${name} over the last 48 h`,
  },
]);

/** Levels whose residual against the machine's healthy level at the same speed and load is kept. */
const LEVELS = [
  'acc_rms_g',
  'vel_rms_mm_s',
  'vel_1x_mm_s',
  'envw_floor_g',
  // Per accelerometer too: grease loss at one end and a defect's impacts at the other lift the
  // fused (larger) floor alike; each end's own floor tells where the floor rose.
  'de_envw_floor_g',
  'fe_envw_floor_g',
  // The current's pole-pass sidebands (dB, read as an amplitude ratio): every rotor has its own
  // healthy level, 50-60 dB under the fundamental, and light load lowers them, so broken bars
  // show best as a rise over the same motor's level at the same load (IEEE Std 1415 trends it).
  'cur_rbar_sb_db',
] as const;

/** The level residuals' feature names, in registry order. */
export const LEVEL_RESIDUAL_FEATURES: readonly string[] = LEVELS.map(
  (name) => `${name.replace(/_(g|mm_s|db)$/, '')}_residual_db`,
);

const LEVEL_DOCS: FeatureDoc[] = LEVELS.map((name, i) => ({
  name: LEVEL_RESIDUAL_FEATURES[i]!,
  unit: 'dB',
  group: 'trend',
  description: `${name} over what the machine showed in its first captures after commissioning or maintenance at the same speed and load (gain-free)`,
}));

/** Every column the pipeline produces, in order. */
export const MACHINE_FEATURES: readonly FeatureDoc[] = [
  ...VIBRATION_FEATURES.map((f) => ({
    name: f.name,
    unit: f.unit,
    group: f.group,
    description: `${f.description} (fused over accelerometers)`,
  })),
  ...(['de', 'fe'] as const).flatMap((loc) =>
    CHANNEL_FEATURES.map((n) => {
      const f = VIBRATION_FEATURES[VIBRATION_FEATURE_INDEX[n]]!;
      return {
        name: `${loc}_${n}`,
        unit: f.unit,
        group: 'channel',
        description: `${f.description} (${loc === 'de' ? 'drive' : 'fan'}-end accelerometer)`,
      };
    }).concat({
      name: `${loc}_env_max_h1_db`,
      unit: 'dB',
      group: 'channel',
      description: `largest first-harmonic envelope line of BPFO, BPFI and 2xBSF (${loc === 'de' ? 'drive' : 'fan'}-end accelerometer)`,
    }),
  ),
  ...DERIVED,
  ...THERMAL,
  ...TREND_DOCS,
  ...LEVEL_DOCS,
];

/**
 * Default model inputs: features that mean the same on another machine, sensor or speed
 * (shape factors, ratios, power fractions, envelope lines relative to their floor, thermal
 * residuals, trends relative to the machine's own baseline). Absolute levels in g or mm/s
 * and the simulator-specific demodulation band are left out.
 */
export const DEFAULT_MODEL_FEATURES: readonly string[] = MACHINE_FEATURES.filter((f) => {
  if (f.group === 'quality' || f.group === 'channel' || f.group === 'operating') return false;
  if (
    [
      'speed_rpm',
      'env_band_center_order',
      'env_band_width_order',
      'iso_zone',
      'current_a',
      'amp_2fl_g',
    ].includes(f.name)
  )
    return false;
  if (f.unit === 'g' || f.unit === 'mm/s') return false;
  // Level residuals: not default inputs of every task. The diagnosis and anomaly models add
  // them themselves (train config `fault.levelResiduals`, `anomaly.levelResiduals`); for the
  // horizon and RUL models they halve false alarms on the default scenario but cut horizon
  // recall on the shifted fleet, whose noise floor is 2-5x higher (0.65 -> 0.52):
  // docs/models.md.
  if (f.name.endsWith('_residual_db')) return false;
  if (f.name.endsWith('_rise_k')) return false;
  return true;
}).map((f) => f.name);

const INDEX = new Map(MACHINE_FEATURES.map((f, i) => [f.name, i]));
const VIB_N = VIBRATION_FEATURES.length;
const TREND_WINDOW_H = 48;
const BASELINE_CAPTURES = 12;

/** Magnetising current of a typical small induction motor, a fraction of rated current. */
export const TYPICAL_MAGNETISING_FRACTION = 0.4;

/**
 * How many dB a rotor's pole-pass sidebands sit under their rated-load level at a load
 * (fraction of rated torque): they follow the load component's share of the phase current,
 * L / sqrt(m^2 + (1 - m^2) L^2), with m a typical magnetising current (0.4). Far from linear
 * below half load (-6.9 dB at 0.2, -1.1 dB at 0.6), which the level baseline's linear load
 * term would not follow; it corrects the rest. 0 for an unknown load; NaN at no load.
 */
export function sidebandLoadDb(load: number): number {
  if (!Number.isFinite(load)) return 0;
  if (!(load > 0.05)) return Number.NaN;
  return 20 * Math.log10(loadCurrentShare(TYPICAL_MAGNETISING_FRACTION, load));
}

function maxNan(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return a > b ? a : b;
}

interface Trend {
  baseSum: number;
  baseN: number;
  t: number[];
  v: number[];
}

export interface MachineFeatureOptions {
  readonly bearings: Readonly<Record<ChannelLocation, BearingGeometry>>;
  readonly vibration?: VibrationFeatureOptions;
  readonly polePairs?: number;
}

export class MachineFeaturePipeline {
  private readonly extractor: FeatureExtractor;
  private readonly scratch = new Float64Array(VIB_N);
  /** Each channel's own vibration features at the last capture (see channelFeatures). */
  private readonly channelRows: Float64Array[] = [];
  private channelCount = 0;
  private readonly winding = new ThermalBaseline();
  private readonly bearing = new ThermalBaseline();
  private readonly frame = new ThermalBaseline();
  /** The ambient as the machine feels it, for the residuals (see thermal-baseline.ts). */
  private readonly ambient = new FirstOrderLag(DEFAULT_THERMAL_TIME_CONSTANT_H);
  private residualFrame = Number.NaN;
  private last: TelemetryInput | null = null;
  private residualWinding = Number.NaN;
  private residualBearing = Number.NaN;
  private bearingRise: { t: number; v: number }[] = [];
  private trends = new Map<string, Trend>();
  private readonly levels = LEVELS.map(() => new LevelBaseline());

  constructor(private readonly o: MachineFeatureOptions) {
    if (typeof o !== 'object' || (o as unknown) === null || typeof o.bearings !== 'object')
      throw new PdmError(
        'PDM_INPUT_INVALID',
        'MachineFeaturePipeline: expected options { bearings: { de, fe } } (the geometry of the bearing at each accelerometer, e.g. BEARING_6205)',
      );
    for (const loc of ['de', 'fe'] as const) validateGeometry(o.bearings[loc], `bearings.${loc}`);
    this.extractor = new FeatureExtractor(o.vibration ?? {});
  }

  /**
   * After maintenance the repaired machine starts its baselines and trends again. `restored`
   * names the failure modes the work can restore (a scenario's repair scopes): the current
   * sidebands' baseline, which the rotor's own asymmetry sets and only work on the rotor
   * changes, is kept unless it names `rotor_bar`. Without it (another machine, or work whose
   * scope is unknown) everything starts again.
   */
  reset(restored?: readonly string[]): void {
    this.trends.clear();
    const keepRotor = restored !== undefined && !restored.includes('rotor_bar');
    LEVELS.forEach((name, i) => {
      if (!(keepRotor && name === 'cur_rbar_sb_db')) this.levels[i]!.reset();
    });
    this.bearingRise = [];
  }

  onTelemetry(x: TelemetryInput): void {
    this.last = x;
    const felt = this.ambient.update(x.tH, x.tempAmbientC);
    const bRise = x.tempBearingDeC - felt;
    const speed = x.speedRpm ?? Number.NaN;
    const rise = (b: ThermalBaseline, riseK: number): number =>
      b.update(x.tH, x.loadFraction, x.running, riseK, speed);
    this.residualWinding = rise(this.winding, x.tempWindingC - felt);
    this.residualBearing = rise(this.bearing, bRise);
    this.residualFrame = rise(this.frame, x.tempFrameC - felt);
    if (Number.isFinite(bRise)) this.bearingRise.push({ t: x.tH, v: bRise });
    while (this.bearingRise.length > 0 && this.bearingRise[0]!.t < x.tH - 1)
      this.bearingRise.shift();
  }

  /**
   * The vibration features of channel `j` of the last capture alone (VIBRATION_FEATURES order,
   * the row's first columns), which the fused row hides where another channel reads higher or
   * this one failed its quality checks. Overwritten by the next capture.
   */
  channelFeatures(j: number): Float64Array {
    if (!(Number.isInteger(j) && j >= 0 && j < this.channelCount))
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `channelFeatures(${j}): the last capture held ${this.channelCount} accelerometer channel${this.channelCount === 1 ? '' : 's'}`,
      );
    return this.channelRows[j]!;
  }

  /**
   * The feature row of a capture, aligned with MACHINE_FEATURES. A capture without an
   * accelerometer channel (current only) gives `q_usable` 0 and no vibration features.
   */
  onCapture(c: CaptureInput, out = new Float64Array(MACHINE_FEATURES.length)): Float64Array {
    checkCapture(c, out);
    out.fill(Number.NaN);
    const fused = out.subarray(0, VIB_N);
    this.channelCount = c.channels.length;
    let bestSk = -Infinity;
    for (const [j, ch] of c.channels.entries()) {
      const f = this.extractor.compute(
        {
          signal: ch.samples,
          fsHz: ch.fsHz,
          speedRpm: c.speedRpm,
          bearing: this.o.bearings[ch.location],
          ...(c.supplyHz !== undefined && c.supplyHz > 0 ? { supplyHz: c.supplyHz } : {}),
        },
        this.scratch,
      );
      const v = f.values;
      (this.channelRows[j] ??= new Float64Array(VIB_N)).set(v);
      for (let i = 0; i < VIB_N; i++) fused[i] = maxNan(fused[i]!, v[i]!);
      const sk = v[VIBRATION_FEATURE_INDEX.sk_max];
      if (sk !== undefined && sk > bestSk) {
        bestSk = sk;
        fused[VIBRATION_FEATURE_INDEX.env_band_center_order] =
          v[VIBRATION_FEATURE_INDEX.env_band_center_order]!;
        fused[VIBRATION_FEATURE_INDEX.env_band_width_order] =
          v[VIBRATION_FEATURE_INDEX.env_band_width_order]!;
      }
      // A location's own features: its channel's, or the larger over its axes (the row starts
      // NaN, which maxNan passes over).
      for (const n of CHANNEL_FEATURES) {
        const at = INDEX.get(`${ch.location}_${n}`)!;
        out[at] = maxNan(out[at]!, v[VIBRATION_FEATURE_INDEX[n]]!);
      }
      const envAt = INDEX.get(`${ch.location}_env_max_h1_db`)!;
      out[envAt] = maxNan(
        out[envAt]!,
        maxNan(
          maxNan(
            v[VIBRATION_FEATURE_INDEX.env_bpfo_h1_db]!,
            v[VIBRATION_FEATURE_INDEX.env_bpfi_h1_db]!,
          ),
          v[VIBRATION_FEATURE_INDEX.env_bsf2_h1_db]!,
        ),
      );
    }
    const set = (name: string, v: number): void => {
      const j = INDEX.get(name);
      if (j === undefined) throw new Error(`machine feature ${name} is not registered`);
      out[j] = v;
    };
    const get = (name: string): number => out[INDEX.get(name)!]!;
    // no accelerometer channel: nothing of the vibration is usable (as docs/features.md says)
    if (c.channels.length === 0) set('q_usable', 0);
    const defects = ['bpfo', 'bpfi', 'bsf2'] as const;
    set(
      'env_max_h1_db',
      defects.reduce((a, d) => maxNan(a, get(`env_${d}_h1_db`)), Number.NaN),
    );
    set(
      'env_max_mean3_db',
      defects.reduce((a, d) => maxNan(a, get(`env_${d}_mean3_db`)), Number.NaN),
    );

    set('ratio_fe_de_1x', get('fe_vel_1x_mm_s') / get('de_vel_1x_mm_s'));
    set('env_de_minus_fe_db', get('de_env_max_h1_db') - get('fe_env_max_h1_db'));
    const t = this.last;
    if (t !== null) {
      set('load', t.loadFraction);
      set('current_a', t.currentA);
      set('temp_winding_rise_k', t.tempWindingC - t.tempAmbientC);
      set('temp_frame_rise_k', t.tempFrameC - t.tempAmbientC);
      set('temp_bearing_rise_k', t.tempBearingDeC - t.tempAmbientC);
      set('temp_bearing_minus_frame_k', t.tempBearingDeC - t.tempFrameC);
      set('temp_winding_residual_k', this.residualWinding);
      set('temp_bearing_residual_k', this.residualBearing);
      set('temp_frame_residual_k', this.residualFrame);
      const r = this.bearingRise;
      if (r.length >= 2 && r[r.length - 1]!.t > r[0]!.t) {
        set(
          'temp_bearing_rate_k_per_h',
          (r[r.length - 1]!.v - r[0]!.v) / (r[r.length - 1]!.t - r[0]!.t),
        );
      }
    }
    // The vibration's speed (measured, or read off its spectrum); a capture of the current alone
    // has the tachometer's.
    const speed = Number.isFinite(get('speed_rpm')) ? get('speed_rpm') : c.speedRpm;
    if (c.current != null) {
      const cf = currentFeatures(c.current.samples, c.current.fsHz, c.current.supplyHz, {
        ...(Number.isFinite(speed) ? { speedRpm: speed } : {}),
        ...(this.o.polePairs === undefined ? {} : { polePairs: this.o.polePairs }),
      });
      set('cur_rbar_sb_db', maxNan(cf.lowerSidebandDb, cf.upperSidebandDb));
    }
    for (const { name, abs } of TRENDED) this.trend(c.tH, name, abs, get(name), set);
    const load = t?.loadFraction ?? Number.NaN;
    LEVELS.forEach((name, i) => {
      // the sidebands (dB) as an amplitude ratio, lifted by their fall with load
      const level =
        name === 'cur_rbar_sb_db' ? 10 ** ((get(name) - sidebandLoadDb(load)) / 20) : get(name);
      set(LEVEL_DOCS[i]!.name, this.levels[i]!.update(level, speed, load));
    });
    return out;
  }

  private trend(
    tH: number,
    name: string,
    abs: boolean,
    v: number,
    set: (n: string, v: number) => void,
  ): void {
    let tr = this.trends.get(name);
    if (tr === undefined) {
      tr = { baseSum: 0, baseN: 0, t: [], v: [] };
      this.trends.set(name, tr);
    }
    if (Number.isFinite(v)) {
      if (tr.baseN < BASELINE_CAPTURES) {
        tr.baseSum += v;
        tr.baseN++;
      }
      tr.t.push(tH);
      tr.v.push(v);
    }
    while (tr.t.length > 0 && tr.t[0]! < tH - TREND_WINDOW_H) {
      tr.t.shift();
      tr.v.shift();
    }
    if (tr.baseN >= Math.min(3, BASELINE_CAPTURES) && Number.isFinite(v)) {
      const base = tr.baseSum / tr.baseN;
      set(
        `${name}_${abs ? 'change' : 'rel_change'}`,
        abs ? v - base : base !== 0 ? (v - base) / Math.abs(base) : Number.NaN,
      );
    }
    const n = tr.t.length;
    if (n >= 3 && tr.t[n - 1]! > tr.t[0]!) {
      let st = 0;
      let sv = 0;
      let stt = 0;
      let stv = 0;
      for (let i = 0; i < n; i++) {
        const ti = tr.t[i]! / 24;
        st += ti;
        sv += tr.v[i]!;
        stt += ti * ti;
        stv += ti * tr.v[i]!;
      }
      const det = n * stt - st * st;
      if (det > 0) set(`${name}_slope_day`, (n * stv - st * sv) / det);
    }
  }
}

/** Refuses a capture the row cannot be made of, naming what is wrong (never a TypeError). */
function checkCapture(c: CaptureInput, out: Float64Array): void {
  const bad = (what: string): never => {
    throw new PdmError('PDM_INPUT_INVALID', `capture at ${c.tH} h: ${what}`);
  };
  if (out.length !== MACHINE_FEATURES.length)
    bad(
      `the output row holds ${out.length} values, expected ${MACHINE_FEATURES.length} (MACHINE_FEATURES)`,
    );
  if (!Number.isFinite(c.tH)) bad('expected a finite time');
  const seen = new Set<string>();
  for (const ch of c.channels) {
    if (!(BEARING_LOCATIONS as readonly string[]).includes(ch.location))
      bad(`channel location "${ch.location}": expected de or fe`);
    if (ch.axis !== undefined && (typeof ch.axis !== 'string' || ch.axis === ''))
      bad(`channel axis: expected a non-empty name, got ${JSON.stringify(ch.axis)}`);
    const mixed = c.channels.find(
      (o) => o.location === ch.location && (o.axis === undefined) !== (ch.axis === undefined),
    );
    if (mixed !== undefined)
      bad(
        `a ${ch.location} channel without an axis beside one of axis ${mixed.axis ?? ch.axis ?? ''}: name every axis of a location, or give it one channel`,
      );
    const key = `${ch.location}\u0000${ch.axis ?? ''}`;
    if (seen.has(key))
      bad(
        ch.axis === undefined
          ? `a second ${ch.location} channel (several at one location need distinct axes)`
          : `a second ${ch.location} channel of axis ${ch.axis}`,
      );
    seen.add(key);
  }
}
