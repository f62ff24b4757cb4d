/**
 * Localised bearing defects as trains of impacts (Randall & Antoni, MSSP 25 (2011);
 * Sawalhi & Randall, MSSP 25 (2011) "Vibration response of spalled rolling element
 * bearings"): a rolling element entering a spall de-stresses (a small, opposite-signed event)
 * and re-strikes at the exit, so each passage gives an entry and an exit event separated by
 * the time to roll across the spall's width. Successive passages are spaced by the defect
 * period with 1-2 % random jitter (rolling elements slip). Amplitudes follow the load on the
 * rolling element at the defect's angle (Stribeck's load zone, q = (1 - (1 - cos t)/(2 eps))^1.5
 * for ball bearings, Harris ch. 7): an outer-race defect sits still in the load zone, an
 * inner-race defect turns with the shaft (modulation at fr) and a ball defect travels with
 * the cage (modulation at FTF), striking outer and inner race alternately (lines at BSF and 2 BSF).
 */
import { BoundedCache } from '../core/bounded-cache.js';
import type { Random } from '../core/random.js';
import type { BearingGeometry } from './bearing.js';
import { bearingOrders } from './bearing.js';
import type { BearingMode } from './modes.js';

export interface DefectKinematics {
  readonly geometry: BearingGeometry;
  /** Cage slip as a fraction (0.005 = 0.5 %): the cage turns slower than pure rolling. */
  readonly slip: number;
  /** Standard deviation of the impact spacing, as a fraction of the period (0.01 = 1 %). */
  readonly jitter: number;
  /** Load distribution factor: 0.5 puts the edge of the load zone at +-90 degrees. */
  readonly loadZoneEpsilon: number;
  /** Angle of an outer-race defect from the centre of the load zone, rad. */
  readonly outerDefectAngleRad: number;
}

/** Defect frequencies (Hz) including cage slip. */
export function defectRatesHz(k: DefectKinematics, shaftHz: number) {
  const o = bearingOrders(k.geometry);
  const ftf = o.ftf * shaftHz * (1 - k.slip);
  return {
    ftfHz: ftf,
    bpfoHz: k.geometry.balls * ftf,
    bpfiHz: k.geometry.balls * (shaftHz - ftf),
    bsfHz: o.bsf * shaftHz * (1 - k.slip),
  };
}

/** Stribeck load-zone factor at angle theta (rad) from the load line, in [0, 1]. */
export function loadZoneFactor(thetaRad: number, epsilon: number): number {
  const x = 1 - (1 - Math.cos(thetaRad)) / (2 * epsilon);
  return x > 0 ? Math.pow(x, 1.5) : 0;
}

/** Spall width, mm, for a severity in [0, 1] (incipient 0.15 mm to 2.65 mm at failure). */
export function spallWidthMm(severity: number): number {
  return 0.15 + 2.5 * severity;
}

export interface ImpactSink {
  (tS: number, amp: number): void;
}

/** How a defect's passages follow each other (see emitDefectImpacts). */
export interface DefectPassage {
  /** Mean time between passages, s. */
  readonly periodS: number;
  /** Time from the entry event to the exit event (spall width over surface speed), s. */
  readonly gapS: number;
  /**
   * Rate of the angle the defect sweeps through the load zone, Hz: the shaft's for an
   * inner-race defect, the cage's for a ball, 0 for an outer race (it stays where it is).
   */
  readonly sweepHz: number;
}

/** Relative spread of the impact amplitude from passage to passage. */
const AMPLITUDE_SPREAD: Readonly<Record<BearingMode, number>> = {
  outer_race: 0.1,
  inner_race: 0.1,
  ball: 0.25,
};

/** Period, entry-to-exit gap and load-zone sweep of a defect's passages. */
export function defectPassage(
  mode: BearingMode,
  k: DefectKinematics,
  shaftHz: number,
  severity: number,
): DefectPassage {
  const rates = defectRatesHz(k, shaftHz);
  const g = k.geometry;
  const cosPhi = Math.cos((g.contactAngleDeg * Math.PI) / 180);
  const widthM = spallWidthMm(severity) * 1e-3;
  const dM = g.ballDiameterMm * 1e-3;
  const pitchM = g.pitchDiameterMm * 1e-3;
  let periodS: number;
  let surfaceSpeedMS: number;
  let sweepHz: number;
  switch (mode) {
    case 'outer_race':
      periodS = 1 / rates.bpfoHz;
      surfaceSpeedMS = 2 * Math.PI * rates.ftfHz * 0.5 * (pitchM + dM * cosPhi);
      sweepHz = 0;
      break;
    case 'inner_race':
      periodS = 1 / rates.bpfiHz;
      surfaceSpeedMS = 2 * Math.PI * (shaftHz - rates.ftfHz) * 0.5 * (pitchM - dM * cosPhi);
      sweepHz = shaftHz;
      break;
    case 'ball':
      // One strike on each race per spin: events every half spin period.
      periodS = 1 / (2 * rates.bsfHz);
      surfaceSpeedMS = 2 * Math.PI * rates.bsfHz * 0.5 * dM;
      sweepHz = rates.ftfHz;
      break;
  }
  return { periodS, gapS: widthM / surfaceSpeedMS, sweepHz };
}

/** The entry event's amplitude relative to the exit's (it has the opposite sign). */
export const ENTRY = 0.35;

/** Smallest load factor of a defect that turns through the unloaded side (centrifugal contact). */
const UNLOADED_FLOOR = 0.08;
/** The weaker of a ball defect's two strikes (on the inner race), relative to the outer one. */
const BALL_SECOND_STRIKE = 0.55;

/** Load factor of an outer-race defect, which sits at one angle of the load zone. */
function outerRaceLoad(k: DefectKinematics): number {
  return Math.max(0.05, loadZoneFactor(k.outerDefectAngleRad, k.loadZoneEpsilon));
}

/** Load factor of a defect that turns through the load zone, at angle theta. */
function sweptLoad(thetaRad: number, k: DefectKinematics): number {
  return Math.max(UNLOADED_FLOOR, loadZoneFactor(thetaRad, k.loadZoneEpsilon));
}

/** Harmonics of the load factor kept in `LoadSpectrum.power`. */
const LOAD_HARMONICS = 16;

/**
 * How a defect's impact amplitudes vary from passage to passage (slow telemetry's overall
 * values are computed from it): the load factor q over the angle the defect sweeps (the shaft's
 * for an inner-race defect, the cage's for a ball; fixed for an outer race) as Fourier powers
 * |Q_n|^2, the ball's alternating strikes (outer race 1, inner race 0.55) as a mean and an
 * alternating part, and the random spread between passages.
 */
export interface LoadSpectrum {
  /** |Q_n|^2 for n = 0..16 (q is real: |Q_-n| = |Q_n|). */
  readonly power: Float64Array;
  /** Mean square of q over the angle. */
  readonly meanSquare: number;
  /** s_k = strikeMean + strikeAlt (-1)^k: (1, 0) but for a ball. */
  readonly strikeMean: number;
  readonly strikeAlt: number;
  /** Relative standard deviation of an impact's amplitude. */
  readonly spread: number;
}

/** loadSpectrum's values by mode and load zone (a machine's stay fixed). */
const loadCache = new BoundedCache<LoadSpectrum>(4096);

export function loadSpectrum(mode: BearingMode, k: DefectKinematics): LoadSpectrum {
  return loadCache.get(`${mode}:${k.loadZoneEpsilon}:${k.outerDefectAngleRad}`, () =>
    loadSpectrumOf(mode, k),
  );
}

function loadSpectrumOf(mode: BearingMode, k: DefectKinematics): LoadSpectrum {
  const power = new Float64Array(LOAD_HARMONICS + 1);
  let meanSquare: number;
  if (mode === 'outer_race') {
    meanSquare = outerRaceLoad(k) ** 2;
    power[0] = meanSquare;
  } else {
    const steps = 720;
    const q = Float64Array.from({ length: steps }, (_, i) =>
      sweptLoad((2 * Math.PI * i) / steps, k),
    );
    meanSquare = q.reduce((a, v) => a + v * v, 0) / steps;
    for (let n = 0; n <= LOAD_HARMONICS; n++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < steps; i++) {
        re += q[i]! * Math.cos((2 * Math.PI * n * i) / steps);
        im -= q[i]! * Math.sin((2 * Math.PI * n * i) / steps);
      }
      power[n] = (re * re + im * im) / (steps * steps);
    }
  }
  const ball = mode === 'ball';
  return {
    power,
    meanSquare,
    strikeMean: ball ? (1 + BALL_SECOND_STRIKE) / 2 : 1,
    strikeAlt: ball ? (1 - BALL_SECOND_STRIKE) / 2 : 0,
    spread: AMPLITUDE_SPREAD[mode],
  };
}

/**
 * Mean square of a defect's load weighting over its passages, E[(q s (1 + spread N))^2]: what
 * the impacts' mean power carries besides their unweighted amplitude.
 */
export function meanSquareLoad(mode: BearingMode, k: DefectKinematics): number {
  const l = loadSpectrum(mode, k);
  return l.meanSquare * (l.strikeMean ** 2 + l.strikeAlt ** 2) * (1 + l.spread ** 2);
}

/**
 * Emits the impacts of one defect between tStartS and tEndS (seconds, capture-relative;
 * tStartS may be negative to let earlier ring-downs reach the capture). `amp` is the exit
 * impact's amplitude before load-zone weighting. `phase0` fixes the train's and the
 * modulation's starting phases (radians) so a capture starts anywhere in the cycle.
 */
export function emitDefectImpacts(
  mode: BearingMode,
  k: DefectKinematics,
  shaftHz: number,
  severity: number,
  amp: number,
  tStartS: number,
  tEndS: number,
  rng: Random,
  sink: ImpactSink,
): void {
  if (shaftHz <= 0 || severity <= 0 || amp <= 0) return;
  const { periodS, gapS, sweepHz } = defectPassage(mode, k, shaftHz, severity);
  const variation = AMPLITUDE_SPREAD[mode];
  const shaftPhase0 = 2 * Math.PI * rng.uniform();
  const cagePhase0 = 2 * Math.PI * rng.uniform();
  const outerLoad = outerRaceLoad(k);
  let t = tStartS + periodS * rng.uniform();
  let strike = rng.int(2);
  while (t < tEndS) {
    let q: number;
    switch (mode) {
      case 'outer_race':
        q = outerLoad;
        break;
      case 'inner_race':
        // The defect turns with the shaft through the load zone.
        q = sweptLoad(shaftPhase0 + 2 * Math.PI * sweepHz * t, k);
        break;
      case 'ball':
        // The ball travels with the cage.
        q =
          sweptLoad(cagePhase0 + 2 * Math.PI * sweepHz * t, k) *
          (strike === 0 ? 1 : BALL_SECOND_STRIKE);
        strike ^= 1;
        break;
    }
    const a = amp * q * Math.max(0, 1 + variation * rng.normal());
    sink(t, -ENTRY * a);
    sink(t + gapS, a);
    t += periodS * (1 + k.jitter * rng.normal());
  }
}
