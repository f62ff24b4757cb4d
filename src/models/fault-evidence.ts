/**
 * Which inputs carry evidence of each failure mode: the physics a vibration analyst reads a
 * mode from, used to restrict each severity regressor of the diagnosis model to its own
 * evidence (train-fault.ts). A regressor free to use every input also learns whatever else
 * happens to move with its mode in the training fleet (a rotor-bar regressor that reads the
 * envelope floor, say), and on another fleet those incidental inputs move for other reasons:
 * on the shifted fleet the unrestricted rotor-bar regressor named 149 outer-race rows
 * (docs/models.md, "Transfer to a shifted fleet").
 *
 * - localised bearing defects (Randall & Antoni 2011): impulsiveness in the time domain, the
 *   demodulation band's spectral kurtosis, envelope-spectrum lines at the defect orders, the
 *   bearing temperature; not the high-frequency share of the power nor the acceleration level
 *   over the machine's healthy level, which the structure's resonances and the noise floor set
 *   as much as the defect does (on the shifted fleet the outer-race regressor that read the
 *   power share scored 0.71 F1, 0.76 without it);
 * - lubrication loss: the same, those two, and the wide band's broadband floor over its healthy
 *   level (a quantile that impacts move far less than the RMS), since grease loss shows as a rise
 *   of the floor rather than as impacts;
 * - imbalance, misalignment and looseness (ISO 20816-1; Scheffer & Girdhar 2004): the shaft
 *   orders (1x, 2x, 3x, half orders, harmonics 4-10), their shares of the power, velocity levels
 *   and the envelope's 1x and 2x lines, and the fan-end/drive-end comparison;
 * - a damaged fan: the same shaft evidence and the temperatures it leaves too high;
 * - broken rotor bars and insulation ageing: the motor current's pole-pass sidebands and the
 *   winding temperature.
 *
 * Inputs are matched by name, so the map applies to every dataset with the twin's feature
 * names; a mode with no matching input among a model's inputs reads them all.
 */
import type { FaultMode } from '../twin/modes.js';
import { isMode } from '../twin/modes.js';

/** Names starting with one of `prefixes`, or with an accelerometer's own copy of one (`de_`,
 *  `fe_`), which is evidence of what the fused feature is. */
const fusedOrOwn = (prefixes: string): RegExp => new RegExp(`^((de|fe)_)?(${prefixes})`);
const BEARING = fusedOrOwn(
  'acc_|vel_crest|vel_kurtosis|sk_max|env|temp_bearing|pwr_frac_hf|pwr_frac_11x',
);
/** Of those, the broadband floor and levels: grease loss's evidence, not a localised defect's. */
const BROADBAND = fusedOrOwn('pwr_frac_hf|pwr_frac_11x|acc_rms_residual|envw_floor');
const localised = (f: string): boolean => BEARING.test(f) && !BROADBAND.test(f);
const SHAFT = fusedOrOwn('ratio_|harm_|pwr_frac_(sub|1x|2x|4x)|vel_|env_1x|env_2x');
const ELECTRICAL = /^(cur_|temp_winding)/;

const EVIDENCE: Readonly<Record<FaultMode, (name: string) => boolean>> = {
  outer_race: localised,
  inner_race: localised,
  ball: localised,
  lubrication: (f) => BEARING.test(f),
  imbalance: (f) => SHAFT.test(f),
  misalignment: (f) => SHAFT.test(f),
  looseness: (f) => SHAFT.test(f),
  fan: (f) => SHAFT.test(f) || f.startsWith('temp_'),
  rotor_bar: (f) => ELECTRICAL.test(f),
  insulation: (f) => ELECTRICAL.test(f),
};

/**
 * Positions in `inputs` of the features that carry evidence of `mode`; null when the mode is
 * not a twin mode or none of its evidence is among the inputs (then every input is used).
 */
export function evidenceColumns(mode: string, inputs: readonly string[]): number[] | null {
  if (!isMode(mode) || mode === 'normal') return null;
  const test = EVIDENCE[mode];
  const cols = inputs.flatMap((f, j) => (test(f) ? [j] : []));
  return cols.length === 0 ? null : cols;
}
