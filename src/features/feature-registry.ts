/**
 * The registry of per-capture vibration features: name (snake_case, unit in the name where it
 * has one), unit, group and one-line meaning, in the order of `vibrationFeatures(...).values`.
 * Models, files and dashboards refer to features by these names; trained models depend on the
 * order, so a change here is a new feature-set version.
 *
 * Design (DESIGN.md part 3): levels (g, mm/s) are kept where ISO practice uses them; every
 * ratio, fraction and dB-above-floor feature is independent of sensor gain; order and envelope
 * features are read in orders of shaft speed at a fixed resolution in orders, so they carry
 * across speeds, sample rates and record lengths (envelope-features.ts says how). "SES" is the
 * squared-envelope spectrum; its lines are read in the band that spectral kurtosis chooses.
 */

/** The groups features belong to. */
export type VibrationFeatureGroup = 'time' | 'velocity' | 'order' | 'envelope' | 'quality';

/** One entry of the registry. */
export interface VibrationFeatureSpec {
  readonly name: string;
  readonly unit: string;
  readonly group: VibrationFeatureGroup;
  readonly description: string;
}

type Row = readonly [name: string, unit: string, description: string];

const QUALITY = [
  ['q_usable', '0/1', '1 if every quality check passed, else features are NaN'],
  ['q_gap_fraction', 'fraction', 'Missing (non-finite) samples / all samples'],
  ['q_longest_gap_fraction', 'fraction', 'Longest run of missing samples / all samples'],
  ['q_clip_fraction', 'fraction', 'Clipped samples (range, flat tops) / all samples'],
  ['q_stuck_fraction', 'fraction', 'Samples in frozen (stuck) runs / all samples'],
  ['q_speed_estimated', '0/1', '1 if the speed came from the spectrum (none was given)'],
  ['q_speed_dev_pct', '%', 'Spectral minus given speed (tacho or stated rpm), % (NaN: none given)'],
] as const;

const TIME = [
  ['acc_rms_g', 'g', 'RMS of the mean-removed acceleration'],
  ['acc_peak_g', 'g', 'Largest |acceleration - mean|'],
  ['acc_p2p_g', 'g', 'Peak-to-peak acceleration'],
  ['acc_crest', 'ratio', 'Crest factor: peak / RMS'],
  ['acc_kurtosis', 'ratio', 'Kurtosis, non-excess (3 Gaussian, 1.5 sine)'],
  ['acc_skewness', 'ratio', 'Skewness'],
  ['acc_shape_factor', 'ratio', 'Shape factor: RMS / mean |x - mean|'],
  ['acc_impulse_factor', 'ratio', 'Impulse factor: peak / mean |x - mean|'],
] as const;

const VELOCITY = [
  ['vel_rms_mm_s', 'mm/s', 'Velocity RMS, ISO 10816 band 10-1000 Hz'],
  ['vel_peak_mm_s', 'mm/s', 'Largest |velocity| in the ISO band'],
  ['vel_crest', 'ratio', 'Velocity peak / RMS'],
  ['vel_kurtosis', 'ratio', 'Kurtosis of the band-limited velocity'],
  ['iso_zone', 'zone', 'ISO 10816-1 zone of vel_rms_mm_s: 0 A .. 3 D'],
] as const;

const ORDER = [
  ['speed_rpm', 'rpm', 'Shaft speed used (measured, else estimated)'],
  ['amp_0p5x_g', 'g', 'Acceleration amplitude (peak) at 0.5x shaft speed'],
  ['amp_1x_g', 'g', 'Acceleration amplitude (peak) at 1x shaft speed'],
  ['amp_1p5x_g', 'g', 'Acceleration amplitude (peak) at 1.5x shaft speed'],
  ['amp_2x_g', 'g', 'Acceleration amplitude (peak) at 2x shaft speed'],
  ['amp_3x_g', 'g', 'Acceleration amplitude (peak) at 3x shaft speed'],
  ['vel_1x_mm_s', 'mm/s', 'Velocity RMS of the 1x component'],
  ['vel_2x_mm_s', 'mm/s', 'Velocity RMS of the 2x component'],
  ['vel_3x_mm_s', 'mm/s', 'Velocity RMS of the 3x component'],
  ['ratio_2x_1x', 'ratio', 'Amplitude 2x / 1x (misalignment)'],
  ['ratio_3x_1x', 'ratio', 'Amplitude 3x / 1x'],
  ['ratio_0p5x_1x', 'ratio', 'Amplitude 0.5x / 1x (looseness, rub)'],
  ['ratio_1p5x_1x', 'ratio', 'Amplitude 1.5x / 1x (looseness)'],
  ['harm_4_10_rel_1x', 'ratio', 'Power of harmonics 4x-10x / power at 1x'],
  ['amp_2fl_g', 'g', 'Amplitude at twice the supply frequency (where the capture gives it)'],
  ['pwr_frac_sub', 'fraction', 'Power share in 0.3-0.8 orders (of 0.3 orders-5.4 kHz)'],
  ['pwr_frac_1x', 'fraction', 'Power share in 0.8-1.2 orders (of 0.3 orders-5.4 kHz)'],
  ['pwr_frac_2x_3x', 'fraction', 'Power share in 1.2-3.5 orders (of 0.3 orders-5.4 kHz)'],
  ['pwr_frac_4x_10x', 'fraction', 'Power share in 3.5-10.5 orders (of 0.3 orders-5.4 kHz)'],
  ['pwr_frac_11x_50x', 'fraction', 'Power share in 10.5-50 orders (of 0.3 orders-5.4 kHz)'],
  ['pwr_frac_hf', 'fraction', 'Power share in 50 orders to 5.4 kHz (of 0.3 orders-5.4 kHz)'],
] as const;

const ENVELOPE = [
  ['sk_max', 'ratio', 'Highest spectral kurtosis of the kurtogram (0: Gaussian)'],
  ['env_band_center_order', 'order', 'Centre of the demodulation band, orders'],
  ['env_band_width_order', 'order', 'Width of the demodulation band, orders'],
  ['env_bpfo_h1_db', 'dB', 'SES line at 1 x BPFO (outer race), dB above floor'],
  ['env_bpfo_h2_db', 'dB', 'SES line at 2 x BPFO (outer race), dB above floor'],
  ['env_bpfo_h3_db', 'dB', 'SES line at 3 x BPFO (outer race), dB above floor'],
  ['env_bpfo_mean3_db', 'dB', 'Mean of BPFO (outer race) harmonics 1-3, dB'],
  ['env_bpfi_h1_db', 'dB', 'SES line at 1 x BPFI (inner race), dB above floor'],
  ['env_bpfi_h2_db', 'dB', 'SES line at 2 x BPFI (inner race), dB above floor'],
  ['env_bpfi_h3_db', 'dB', 'SES line at 3 x BPFI (inner race), dB above floor'],
  ['env_bpfi_mean3_db', 'dB', 'Mean of BPFI (inner race) harmonics 1-3, dB'],
  ['env_bsf_h1_db', 'dB', 'SES line at 1 x BSF (ball spin), dB above floor'],
  ['env_bsf_h2_db', 'dB', 'SES line at 2 x BSF (ball spin), dB above floor'],
  ['env_bsf_h3_db', 'dB', 'SES line at 3 x BSF (ball spin), dB above floor'],
  ['env_bsf_mean3_db', 'dB', 'Mean of BSF (ball spin) harmonics 1-3, dB'],
  ['env_bsf2_h1_db', 'dB', 'SES line at 1 x 2 BSF (ball defect), dB above floor'],
  ['env_bsf2_h2_db', 'dB', 'SES line at 2 x 2 BSF (ball defect), dB above floor'],
  ['env_bsf2_h3_db', 'dB', 'SES line at 3 x 2 BSF (ball defect), dB above floor'],
  ['env_bsf2_mean3_db', 'dB', 'Mean of 2 BSF (ball defect) harmonics 1-3, dB'],
  ['env_ftf_h1_db', 'dB', 'SES line at 1 x FTF (cage), dB above floor'],
  ['env_ftf_h2_db', 'dB', 'SES line at 2 x FTF (cage), dB above floor'],
  ['env_ftf_h3_db', 'dB', 'SES line at 3 x FTF (cage), dB above floor'],
  ['env_ftf_mean3_db', 'dB', 'Mean of FTF (cage) harmonics 1-3, dB'],
  ['env_bpfi_sb1x_db', 'dB', 'SES at BPFI -+ 1x (inner race modulation), dB'],
  ['env_bpfo_sb1x_db', 'dB', 'SES at BPFO -+ 1x, dB'],
  ['env_bsf2_sbftf_db', 'dB', 'SES at 2 BSF -+ FTF (cage modulation), dB'],
  ['env_1x_db', 'dB', 'SES line at 1x, dB above floor'],
  ['env_2x_db', 'dB', 'SES line at 2x, dB above floor'],
  ['envw_bpfo_h1_db', 'dB', 'env_bpfo_h1_db read in the fixed wide band'],
  ['envw_bpfo_mean3_db', 'dB', 'env_bpfo_mean3_db read in the fixed wide band'],
  ['envw_bpfi_h1_db', 'dB', 'env_bpfi_h1_db read in the fixed wide band'],
  ['envw_bpfi_mean3_db', 'dB', 'env_bpfi_mean3_db read in the fixed wide band'],
  ['envw_bsf2_h1_db', 'dB', 'env_bsf2_h1_db read in the fixed wide band'],
  ['envw_bsf2_mean3_db', 'dB', 'env_bsf2_mean3_db read in the fixed wide band'],
  ['envw_floor_g', 'g', 'Broadband floor of the wide band: RMS from the squared envelope quartile'],
] as const;
const rows = (group: VibrationFeatureGroup, list: readonly Row[]): VibrationFeatureSpec[] =>
  list.map(([name, unit, description]) => ({ name, unit, group, description }));

/** Every feature of `vibrationFeatures`, in the order of its `values`. */
export const VIBRATION_FEATURES: readonly VibrationFeatureSpec[] = Object.freeze([
  ...rows('quality', QUALITY),
  ...rows('time', TIME),
  ...rows('velocity', VELOCITY),
  ...rows('order', ORDER),
  ...rows('envelope', ENVELOPE),
]);

/** The name of a registered feature. */
export type VibrationFeatureName = (
  typeof QUALITY | typeof TIME | typeof VELOCITY | typeof ORDER | typeof ENVELOPE
)[number][0];

/** Position of each feature in `values`. */
export const VIBRATION_FEATURE_INDEX: Readonly<Record<VibrationFeatureName, number>> =
  Object.freeze(
    Object.fromEntries(VIBRATION_FEATURES.map((f, i) => [f.name, i])) as Record<
      VibrationFeatureName,
      number
    >,
  );
