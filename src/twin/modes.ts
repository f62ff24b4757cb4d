/**
 * Failure-mode names: the same strings in labels, the CLI, files and messages.
 */

export const MODES = [
  'normal',
  'outer_race',
  'inner_race',
  'ball',
  'imbalance',
  'misalignment',
  'looseness',
  'lubrication',
  'fan',
  'insulation',
  'rotor_bar',
] as const;

export type Mode = (typeof MODES)[number];

/** Every mode except `normal`: the things that degrade. */
export type FaultMode = Exclude<Mode, 'normal'>;

export const FAULT_MODES: readonly FaultMode[] = MODES.filter(
  (m): m is FaultMode => m !== 'normal',
);

/** Modes that a single vibration capture can show (the `waveform` verb's choices). */
export const VIBRATION_MODES = [
  'normal',
  'outer_race',
  'inner_race',
  'ball',
  'imbalance',
  'misalignment',
  'looseness',
] as const satisfies readonly Mode[];

export type VibrationMode = (typeof VIBRATION_MODES)[number];

/** Bearing-located faults; each machine has a drive-end and a fan-end bearing. */
export const BEARING_MODES = [
  'outer_race',
  'inner_race',
  'ball',
] as const satisfies readonly FaultMode[];

export type BearingMode = (typeof BEARING_MODES)[number];

export function isMode(x: string): x is Mode {
  return (MODES as readonly string[]).includes(x);
}

export function isBearingMode(m: Mode): m is BearingMode {
  return (BEARING_MODES as readonly string[]).includes(m);
}
