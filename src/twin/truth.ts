/**
 * Ground truth attached to every telemetry point and capture. Definitions, used everywhere:
 * - `mode`: the active mode with the highest severity relative to its failure threshold
 *   (`normal` when none is active);
 * - health index: 1 - max(severity / threshold) over all modes, in [0, 1];
 * - `rul_h`: time to the failure the simulation reaches, hours; empty (censored) when no
 *   failure happens before the run ends (filled in by the simulation, which knows the future);
 * - maintenance due: rul_h <= H (default 168 h).
 * Insulation is present (active) once its consumed life reaches `activeFrom`.
 */
import type { BearingLocation } from './health.js';
import type { Machine, MachineState } from './machine.js';
import type { FaultMode, Mode } from './modes.js';
import { FAULT_MODES } from './modes.js';

export interface GroundTruth {
  readonly mode: Mode;
  /** Severity of the dominant mode (0 when normal). */
  readonly severity: number;
  /** Bearing of the dominant mode, for bearing-located modes. */
  readonly location: BearingLocation | null;
  readonly healthIndex: number;
  /** Active modes, comma-separated in FAULT_MODES order ('' when none). */
  readonly activeModes: string;
  /** Severity of every fault mode (max over bearings). */
  readonly severities: Record<FaultMode, number>;
}

export function groundTruth(m: Machine, s: MachineState): GroundTruth {
  const sev = {} as Record<FaultMode, number>;
  const active = new Set<FaultMode>();
  for (const mode of FAULT_MODES) sev[mode] = 0;
  let dominant: {
    mode: FaultMode;
    severity: number;
    location: BearingLocation | null;
    ratio: number;
  } | null = null;
  let maxRatio = 0;
  for (const d of s.defects) {
    sev[d.mode] = Math.max(sev[d.mode], d.severity);
    const ratio = d.severity / d.spec.threshold;
    maxRatio = Math.max(maxRatio, ratio);
    if (!d.active) continue;
    active.add(d.mode);
    if (dominant === null || ratio > dominant.ratio) {
      dominant = { mode: d.mode, severity: d.severity, location: d.location, ratio };
    }
  }
  const ins = s.insulationConsumed;
  sev.insulation = ins;
  const insRatio = ins / m.insulation.threshold;
  maxRatio = Math.max(maxRatio, insRatio);
  if (ins >= m.insulation.activeFrom) {
    active.add('insulation');
    if (dominant === null || insRatio > dominant.ratio) {
      dominant = { mode: 'insulation', severity: ins, location: null, ratio: insRatio };
    }
  }
  return {
    mode: dominant?.mode ?? 'normal',
    severity: dominant?.severity ?? 0,
    location: dominant?.location ?? null,
    healthIndex: Math.max(0, Math.min(1, 1 - maxRatio)),
    activeModes: FAULT_MODES.filter((x) => active.has(x)).join(','),
    severities: sev,
  };
}
