/**
 * The health of a machine at one instant: a severity in [0, 1] for every failure mode.
 * Bearing-located modes (race, ball and lubrication damage) exist once per bearing.
 */
import type { FaultMode } from './modes.js';
import { FAULT_MODES } from './modes.js';

export type BearingLocation = 'de' | 'fe';

export const BEARING_LOCATIONS: readonly BearingLocation[] = ['de', 'fe'];

/** Modes that belong to one bearing. */
export const LOCATED_MODES = ['outer_race', 'inner_race', 'ball', 'lubrication'] as const;
export type LocatedMode = (typeof LOCATED_MODES)[number];

export interface BearingSeverities {
  outer_race: number;
  inner_race: number;
  ball: number;
  lubrication: number;
}

export interface Severities {
  de: BearingSeverities;
  fe: BearingSeverities;
  imbalance: number;
  misalignment: number;
  looseness: number;
  fan: number;
  insulation: number;
  rotor_bar: number;
}

export function isLocatedMode(m: FaultMode): m is LocatedMode {
  return (LOCATED_MODES as readonly string[]).includes(m);
}

export function emptyBearingSeverities(): BearingSeverities {
  return { outer_race: 0, inner_race: 0, ball: 0, lubrication: 0 };
}

export function healthySeverities(): Severities {
  return {
    de: emptyBearingSeverities(),
    fe: emptyBearingSeverities(),
    imbalance: 0,
    misalignment: 0,
    looseness: 0,
    fan: 0,
    insulation: 0,
    rotor_bar: 0,
  };
}

/** The severity of a mode, the larger of its two bearings for located modes. */
export function modeSeverity(s: Severities, mode: FaultMode): number {
  if (isLocatedMode(mode)) return Math.max(s.de[mode], s.fe[mode]);
  return s[mode];
}

/** Per-mode severities (max over bearings) in FAULT_MODES order. */
export function severityByMode(s: Severities): Record<FaultMode, number> {
  const out = {} as Record<FaultMode, number>;
  for (const m of FAULT_MODES) out[m] = modeSeverity(s, m);
  return out;
}
