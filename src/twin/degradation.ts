/**
 * Degradation of every failure mode: a random onset and a growth law, both running on an
 * "effective age" that advances faster under stress (accelerated life model: Nelson,
 * "Accelerated Testing", Wiley 1990).
 * - Onset: the effective age at which a defect appears is Weibull(shape, scale), or a
 *   scheduled time. After a repair a new onset age is drawn.
 * - Growth from an initial severity s0 to the failure threshold th in a median time T
 *   (drawn per defect from a log-normal with the given spread), integrated exactly per step:
 *     exponential  s' = l s           l = ln(th/s0)/T
 *     paris        s' = C s^m (m > 1) C = (s0^(1-m) - th^(1-m)) / ((m-1) T)   (Paris-Erdogan
 *                  crack growth, da/dN = C dK^m with dK ~ sqrt(a); spall growth per
 *                  Kotzalas & Harris, STLE Tribology Trans. 44 (2001))
 *     linear       s' = (th - s0)/T
 * - Insulation ages by the Arrhenius rule of thumb (Montsinger): life halves for every
 *   10 K above the class temperature reference; severity is the consumed fraction of life
 *   (Miner's rule), and the mode counts as present from `insulationActiveFrom`.
 * Failure is the instant severity crosses the threshold, found exactly within a step.
 */
import { PdmError } from '../core/errors.js';
import type { Random } from '../core/random.js';
import type { BearingLocation } from './health.js';
import type { FaultMode } from './modes.js';

export type OnsetSpec =
  | { readonly kind: 'weibull'; readonly shape: number; readonly scaleH: number }
  | { readonly kind: 'scheduled'; readonly atH: number }
  | { readonly kind: 'never' };

export type GrowthLaw = 'exponential' | 'paris' | 'linear';

export interface GrowthSpec {
  readonly law: GrowthLaw;
  /** Median time from onset to the failure threshold at reference stress, h. */
  readonly timeToFailureH: number;
  /** Log-normal sigma of that time between defects. */
  readonly spread: number;
  /** Severity at onset. */
  readonly initialSeverity: number;
  /** Exponent m of the Paris law (> 1). */
  readonly parisExponent: number;
}

export interface ModeSpec {
  readonly onset: OnsetSpec;
  readonly growth: GrowthSpec;
  /** Severity at which the mode fails the machine, in (0, 1]. */
  readonly threshold: number;
}

export interface InsulationSpec {
  /** Thermal class reference temperature (hot spot), C: class F 155, class H 180. */
  readonly classTempC: number;
  /** Life at the class temperature, h. */
  readonly lifeAtClassTempH: number;
  /** Hot spot above the measured winding temperature, K. */
  readonly hotSpotAllowanceK: number;
  /** Consumed life fraction at which degraded insulation counts as a present fault. */
  readonly activeFrom: number;
  /** Consumed life fraction at failure. */
  readonly threshold: number;
}

/** One degradable defect of one machine (a bearing mode has one per bearing). */
export interface DefectState {
  readonly mode: FaultMode;
  readonly location: BearingLocation | null;
  spec: ModeSpec;
  /** The mode's random-life spec, restored after repairing an injected (scheduled) defect. */
  readonly baseSpec: ModeSpec;
  /** Effective age since the last repair (stress-weighted hours). */
  effectiveAgeH: number;
  /** Effective age at which the defect appears. */
  onsetAgeH: number;
  active: boolean;
  severity: number;
  /** Growth constant for this defect instance (meaning depends on the law). */
  rate: number;
  onsetAtH: number | null;
  readonly rng: Random;
}

export function validateModeSpec(s: ModeSpec, where: string): void {
  const bad = (field: string, expected: string, value: number): never => {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${where}.${field}: expected ${expected}, got ${value}`,
    );
  };
  if (!(s.threshold > 0 && s.threshold <= 1)) bad('threshold', 'a value in (0, 1]', s.threshold);
  const g = s.growth;
  if (!(g.timeToFailureH > 0))
    bad('growth.timeToFailureH', 'a positive number of hours', g.timeToFailureH);
  if (!(g.initialSeverity > 0 && g.initialSeverity < s.threshold))
    bad('growth.initialSeverity', `a value in (0, threshold=${s.threshold})`, g.initialSeverity);
  if (!(g.spread >= 0)) bad('growth.spread', 'a value >= 0', g.spread);
  if (g.law === 'paris' && !(g.parisExponent > 1))
    bad('growth.parisExponent', 'a value > 1', g.parisExponent);
  if (s.onset.kind === 'weibull') {
    if (!(s.onset.shape > 0)) bad('onset.shape', 'a positive number', s.onset.shape);
    if (!(s.onset.scaleH > 0)) bad('onset.scaleH', 'a positive number of hours', s.onset.scaleH);
  }
}

/** Growth constant for a defect instance whose time to failure is T hours. */
function growthRate(spec: ModeSpec, timeToFailureH: number): number {
  const g = spec.growth;
  const th = spec.threshold;
  const s0 = g.initialSeverity;
  switch (g.law) {
    case 'exponential':
      return Math.log(th / s0) / timeToFailureH;
    case 'linear':
      return (th - s0) / timeToFailureH;
    case 'paris': {
      const m = g.parisExponent;
      return (Math.pow(s0, 1 - m) - Math.pow(th, 1 - m)) / ((m - 1) * timeToFailureH);
    }
  }
}

/** Severity after `tauH` effective hours of growth from `s`. */
export function grow(spec: ModeSpec, rate: number, s: number, tauH: number): number {
  switch (spec.growth.law) {
    case 'exponential':
      return Math.min(1, s * Math.exp(rate * tauH));
    case 'linear':
      return Math.min(1, s + rate * tauH);
    case 'paris': {
      const m = spec.growth.parisExponent;
      const base = Math.pow(s, 1 - m) - (m - 1) * rate * tauH;
      return base <= 0 ? 1 : Math.min(1, Math.pow(base, 1 / (1 - m)));
    }
  }
}

/** Effective hours of growth needed to go from `s` to `target`. */
export function hoursToReach(spec: ModeSpec, rate: number, s: number, target: number): number {
  if (s >= target) return 0;
  switch (spec.growth.law) {
    case 'exponential':
      return Math.log(target / s) / rate;
    case 'linear':
      return (target - s) / rate;
    case 'paris': {
      const m = spec.growth.parisExponent;
      return (Math.pow(s, 1 - m) - Math.pow(target, 1 - m)) / ((m - 1) * rate);
    }
  }
}

/** Draws a fresh life for a defect (after creation or repair): onset age and growth rate. */
export function renewDefect(d: DefectState): void {
  if (d.spec !== d.baseSpec && d.onsetAtH !== null) d.spec = d.baseSpec;
  const spec = d.spec;
  d.effectiveAgeH = 0;
  d.active = false;
  d.severity = 0;
  d.onsetAtH = null;
  d.onsetAgeH =
    spec.onset.kind === 'weibull'
      ? d.rng.weibull(spec.onset.shape, spec.onset.scaleH)
      : Number.POSITIVE_INFINITY;
  const ttf = spec.growth.timeToFailureH * Math.exp(spec.growth.spread * d.rng.normal());
  d.rate = growthRate(spec, ttf);
}

export function createDefect(
  mode: FaultMode,
  location: BearingLocation | null,
  spec: ModeSpec,
  rng: Random,
  where: string,
  baseSpec: ModeSpec = spec,
): DefectState {
  validateModeSpec(spec, where);
  validateModeSpec(baseSpec, where);
  const d: DefectState = {
    mode,
    location,
    spec,
    baseSpec,
    effectiveAgeH: 0,
    onsetAgeH: Number.POSITIVE_INFINITY,
    active: false,
    severity: 0,
    rate: 0,
    onsetAtH: null,
    rng,
  };
  renewDefect(d);
  return d;
}

export interface DefectStepResult {
  /** Time (h) within [t, t + dt] at which the defect appeared, if it did. */
  onsetAtH: number | null;
  /** Time (h) within [t, t + dt] at which it crossed its threshold, if it did. */
  failureAtH: number | null;
}

/**
 * Advances a defect from tH to tH + dtH under a constant stress factor (effective hours
 * per hour). Scheduled onsets happen at their time whatever the stress.
 */
/**
 * A time rounded to the nanohour (3.6 us): a failure timed within a step ends on the step's
 * edge as 648.0000000000069 or 647.99999999998, and the rows at 648.0 then said "running, 7e-12
 * h left" or "down"; rounded, both are 648.
 */
export function toNanohour(tH: number): number {
  return Math.round(tH * 1e9) / 1e9;
}

export function stepDefect(
  d: DefectState,
  tH: number,
  dtH: number,
  stress: number,
): DefectStepResult {
  const res: DefectStepResult = { onsetAtH: null, failureAtH: null };
  let t = tH;
  let remaining = dtH;
  if (!d.active) {
    const onset = d.spec.onset;
    let onsetT: number | null = null;
    if (onset.kind === 'scheduled') {
      if (onset.atH < tH + dtH && onset.atH >= tH) onsetT = onset.atH;
    } else if (onset.kind === 'weibull' && stress > 0) {
      const need = d.onsetAgeH - d.effectiveAgeH;
      if (need <= stress * dtH) onsetT = tH + need / stress;
    }
    if (onsetT === null) {
      d.effectiveAgeH += stress * dtH;
      return res;
    }
    d.effectiveAgeH += stress * (onsetT - tH);
    d.active = true;
    d.severity = d.spec.growth.initialSeverity;
    d.onsetAtH = onsetT;
    res.onsetAtH = onsetT;
    remaining = tH + dtH - onsetT;
    t = onsetT;
  }
  if (remaining <= 0 || stress <= 0) return res;
  const th = d.spec.threshold;
  const toFail = hoursToReach(d.spec, d.rate, d.severity, th) / stress;
  if (toFail <= remaining) {
    d.severity = th;
    res.failureAtH = toNanohour(t + toFail);
  } else {
    d.severity = grow(d.spec, d.rate, d.severity, stress * remaining);
  }
  d.effectiveAgeH += stress * remaining;
  return res;
}

/** Insulation life at a hot-spot temperature (h), halving per 10 K. */
export function insulationLifeH(spec: InsulationSpec, hotSpotC: number): number {
  return spec.lifeAtClassTempH * Math.pow(2, (spec.classTempC - hotSpotC) / 10);
}

/**
 * Consumed insulation life after dtH hours at a winding temperature rising linearly from
 * w0 to w1 (integrated exactly: the damage rate is exponential in temperature).
 */
export function insulationDamage(
  spec: InsulationSpec,
  w0C: number,
  w1C: number,
  dtH: number,
): number {
  const k = Math.LN2 / 10;
  const r0 = 1 / insulationLifeH(spec, w0C + spec.hotSpotAllowanceK);
  if (Math.abs(w1C - w0C) < 1e-9) return r0 * dtH;
  // integral of r0 exp(k (w1-w0) x / dt) dx over [0, dt]
  const a = (k * (w1C - w0C)) / dtH;
  return (r0 * (Math.exp(a * dtH) - 1)) / a;
}
