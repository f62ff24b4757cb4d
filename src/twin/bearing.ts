/**
 * Rolling-element bearing kinematics: the characteristic defect frequencies from geometry.
 *
 * Source: T. A. Harris, "Rolling Bearing Analysis" (kinematics of rolling elements, no slip);
 * R. B. Randall & J. Antoni, "Rolling element bearing diagnostics - a tutorial", MSSP 25 (2011).
 *   BPFO = n/2 fr (1 - d/D cos phi)        outer-race defect frequency
 *   BPFI = n/2 fr (1 + d/D cos phi)        inner-race defect frequency
 *   BSF  = D/(2d) fr (1 - (d/D cos phi)^2) ball spin frequency
 *   FTF  = fr/2 (1 - d/D cos phi)          cage (fundamental train) frequency
 * A ball defect strikes both races once per spin, so its envelope line sits at 2 BSF.
 */
import { PdmError } from '../core/errors.js';

export interface BearingGeometry {
  /** Number of rolling elements. */
  readonly balls: number;
  /** Rolling-element diameter, mm. */
  readonly ballDiameterMm: number;
  /** Pitch diameter, mm. */
  readonly pitchDiameterMm: number;
  /** Contact angle, degrees. */
  readonly contactAngleDeg: number;
}

/** Deep-groove ball bearing 6205 (25 mm bore), the default drive-end bearing. */
export const BEARING_6205: BearingGeometry = Object.freeze({
  balls: 9,
  ballDiameterMm: 7.94,
  pitchDiameterMm: 39.04,
  contactAngleDeg: 0,
});

/** Deep-groove ball bearing 6203 (17 mm bore), the default fan-end bearing. */
export const BEARING_6203: BearingGeometry = Object.freeze({
  balls: 8,
  ballDiameterMm: 6.75,
  pitchDiameterMm: 28.5,
  contactAngleDeg: 0,
});

/** Characteristic frequencies as multiples of shaft rate (orders). */
export interface BearingOrders {
  readonly bpfo: number;
  readonly bpfi: number;
  readonly bsf: number;
  readonly ftf: number;
}

/** Characteristic frequencies in Hz at a given shaft rate. */
export interface BearingFrequencies {
  readonly shaftHz: number;
  readonly bpfoHz: number;
  readonly bpfiHz: number;
  readonly bsfHz: number;
  /** Twice the ball spin frequency: where a ball defect's envelope line sits. */
  readonly bsf2Hz: number;
  readonly ftfHz: number;
}

export function validateGeometry(g: BearingGeometry, where = 'bearing'): void {
  if (typeof g !== 'object' || (g as unknown) === null)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${where}: expected a bearing geometry { balls, ballDiameterMm, pitchDiameterMm, contactAngleDeg } ` +
        `(BEARING_6205, or parseGeometry('9,7.94,39.04,0')), got ${(g as unknown) === null ? 'null' : typeof g}`,
    );
  const bad = (field: string, expected: string, value: number): never => {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${where}.${field}: expected ${expected}, got ${value}`,
    );
  };
  if (!Number.isInteger(g.balls) || g.balls < 3) bad('balls', 'an integer >= 3', g.balls);
  if (!(g.ballDiameterMm > 0)) bad('ballDiameterMm', 'a positive number', g.ballDiameterMm);
  if (!(g.pitchDiameterMm > g.ballDiameterMm))
    bad(
      'pitchDiameterMm',
      `a number greater than the ball diameter (${g.ballDiameterMm} mm)`,
      g.pitchDiameterMm,
    );
  // n balls fit on the pitch circle only if neighbouring centres, a chord D sin(pi/n) apart,
  // are farther apart than a ball is wide
  const chord = g.pitchDiameterMm * Math.sin(Math.PI / g.balls);
  if (!(chord > g.ballDiameterMm))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${where}: ${g.balls} balls of ${g.ballDiameterMm} mm do not fit on a ${g.pitchDiameterMm} mm pitch circle ` +
        `(neighbouring centres ${chord.toPrecision(4)} mm apart); check the order n, d_mm, D_mm`,
    );
  if (!(g.contactAngleDeg >= 0 && g.contactAngleDeg < 90))
    bad('contactAngleDeg', 'an angle in [0, 90) degrees', g.contactAngleDeg);
}

/** Defect frequencies in orders of shaft speed (no slip). */
export function bearingOrders(g: BearingGeometry): BearingOrders {
  validateGeometry(g);
  const ratio =
    (g.ballDiameterMm / g.pitchDiameterMm) * Math.cos((g.contactAngleDeg * Math.PI) / 180);
  return {
    bpfo: (g.balls / 2) * (1 - ratio),
    bpfi: (g.balls / 2) * (1 + ratio),
    bsf: (g.pitchDiameterMm / (2 * g.ballDiameterMm)) * (1 - ratio * ratio),
    ftf: 0.5 * (1 - ratio),
  };
}

/** Defect frequencies in Hz for a shaft speed in rpm. */
export function bearingFrequencies(g: BearingGeometry, speedRpm: number): BearingFrequencies {
  if (!(speedRpm >= 0) || !Number.isFinite(speedRpm))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `speedRpm: expected a finite number >= 0, got ${speedRpm}`,
    );
  const o = bearingOrders(g);
  const fr = speedRpm / 60;
  return {
    shaftHz: fr,
    bpfoHz: o.bpfo * fr,
    bpfiHz: o.bpfi * fr,
    bsfHz: o.bsf * fr,
    bsf2Hz: 2 * o.bsf * fr,
    ftfHz: o.ftf * fr,
  };
}

/**
 * Parses the CLI form `n,d_mm,D_mm,angle_deg` (angle optional, default 0).
 */
export function parseGeometry(text: string, where = '--bearing'): BearingGeometry {
  const parts = text.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  // plain decimals only: Number() also reads '' as 0 (a trailing comma) and 0x9 as 9
  const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  if (parts.length < 3 || parts.length > 4 || parts.some((p) => !decimal.test(p))) {
    throw new PdmError(
      'PDM_USAGE',
      `${where}: expected "n,d_mm,D_mm[,angle_deg]" (for a 6205: 9,7.94,39.04,0), got "${text}"`,
    );
  }
  const g: BearingGeometry = {
    balls: nums[0]!,
    ballDiameterMm: nums[1]!,
    pitchDiameterMm: nums[2]!,
    contactAngleDeg: nums[3] ?? 0,
  };
  try {
    validateGeometry(g, where);
  } catch (err) {
    throw new PdmError('PDM_USAGE', (err as Error).message, { cause: err });
  }
  return g;
}
