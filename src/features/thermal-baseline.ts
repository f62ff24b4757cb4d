/**
 * Thermal residuals: how much hotter a machine runs than it did when healthy at the same
 * load. Steady temperature rise over ambient of a motor grows with losses, a + b L^2 (copper
 * loss ~ I^2 ~ load^2 above the magnetising current), and follows load with the machine's
 * thermal time constant; so the regressor is the load squared smoothed by a first-order lag
 * of that time constant (exact exponential smoothing on irregular sample times). The
 * baseline is fitted by least squares on the machine's first hours of service (its
 * commissioning period), and the residual is the rise now minus the baseline's prediction.
 * The rise is taken over the ambient as the machine feels it: the ambient through the same
 * first-order lag (`FirstOrderLag`), because a frame with a time constant of half an hour
 * trails a daily ambient swing, and the rise over the present ambient then swings by about
 * tau x dT_ambient/dt (about 1 K for a 5 K daily amplitude) with no fault at all.
 *
 * A machine on a variable-frequency drive also changes its losses and its shaft-mounted fan's
 * cooling with speed (forced convection ~ speed^0.8, windage ~ speed^3, iron loss with the
 * frequency), and the two act on the rise together: at light load the losses that fall with
 * speed dominate and the rise falls as the speed falls, at rated load the lost cooling
 * dominates and it rises. When the first day of running shows a drive (the smoothed speed
 * spreads by at least `SPEED_SPREAD_FOR_TERM` of its mean beyond what the load explains; a
 * line-fed motor's speed moves with its load, by its slip), the baseline waits for
 * `speedBaselineH` of running (a day of a drive's wandering speed fits the extra terms
 * poorly) and fits
 *   rise = a + b x + c r + d x r,   x = smooth(L^2), r = smooth(n / n0),
 * n0 the first running speed it saw; the residual is NaN until then, so that a machine's
 * residual means one thing for its whole life (trends take their base from its first values).
 * It is NaN too while no speed has been measured for 3 time constants. A line-fed motor keeps
 * the two-term baseline of its first day.
 * Source: IEC 60034-1 temperature-rise tests; residual-based thermal monitoring as in
 * Zhang et al., "A survey of condition monitoring and protection methods for medium-voltage
 * induction motors", IEEE TIA 47(1), 2011.
 */
import { PdmError } from '../core/errors.js';
import { solveLinear } from '../core/linalg.js';

/** A motor frame's thermal time constant (25-45 min for TEFC motors of tens of kW), h. */
export const DEFAULT_THERMAL_TIME_CONSTANT_H = 0.6;

/**
 * Least spread of the smoothed shaft speed over the commissioning window, beyond what the load
 * explains (standard deviation of its residual after a linear fit on the smoothed load
 * squared), relative to its mean, for the baseline to take speed terms: a drive's speed range
 * (a conveyor's 50-100 % of base speed spreads by 10-15 %), not a line-fed motor's slip, which
 * moves its speed by 1-5 % between no load and rated load but in step with the load.
 */
export const SPEED_SPREAD_FOR_TERM = 0.02;

export interface ThermalBaselineOptions {
  /** Thermal time constant used to smooth load, h (default 0.6). */
  readonly timeConstantH?: number;
  /** Hours of running data the baseline is fitted on (default 24). */
  readonly baselineH?: number;
  /** Minimum samples before the baseline is usable (default 12). */
  readonly minSamples?: number;
  /**
   * Hours of running the baseline of a machine on a drive is learnt on (default 72; at least
   * baselineH): a drive's speed wanders over hours, and a day of it fits the speed terms
   * poorly. Its residual is NaN until then.
   */
  readonly speedBaselineH?: number;
}

export class ThermalBaseline {
  private readonly tauH: number;
  private readonly baselineH: number;
  private readonly minSamples: number;
  private readonly speedBaselineH: number;
  private smoothed = Number.NaN;
  /** Smoothed speed over the first running speed (NaN until a speed is known). */
  private smoothedSpeed = Number.NaN;
  private speedRef = Number.NaN;
  /** When a running speed was last measured, h. */
  private lastSpeedH = Number.NaN;
  private lastTimeH = Number.NaN;
  private runningH = 0;
  // Least-squares sums for rise = a + b x over the first baselineH hours.
  private n = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private sxy = 0;
  /** Sums for the drive's fit over the first speedBaselineH hours (null once decided). */
  private drive: DriveSums | null = new DriveSums();
  /** A drive found on the first day: waiting for speedBaselineH. */
  private onDrive = false;
  private a = Number.NaN;
  private b = Number.NaN;
  private c = 0;
  private d = 0;

  constructor(o: ThermalBaselineOptions = {}) {
    this.tauH = o.timeConstantH ?? DEFAULT_THERMAL_TIME_CONSTANT_H;
    this.baselineH = o.baselineH ?? 24;
    this.minSamples = o.minSamples ?? 12;
    this.speedBaselineH = o.speedBaselineH ?? Math.max(72, this.baselineH);
    if (
      !(this.tauH > 0) ||
      !(this.baselineH > 0) ||
      !(this.minSamples >= 2) ||
      !(this.speedBaselineH >= this.baselineH)
    ) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        'ThermalBaseline: expected timeConstantH > 0, baselineH > 0, minSamples >= 2, speedBaselineH >= baselineH',
      );
    }
  }

  /**
   * The smoothed load-squared regressor after a reading at tH (running or not); the smoothed
   * speed follows `measuredRpm`, the running speed (NaN while the machine stands or the speed
   * is unknown), and holds while it is NaN.
   */
  private advance(tH: number, loadFraction: number, running: boolean, measuredRpm: number): number {
    const x = running ? loadFraction * loadFraction : 0;
    const known = !Number.isNaN(measuredRpm);
    if (known && Number.isNaN(this.speedRef)) this.speedRef = measuredRpm;
    if (known) this.lastSpeedH = tH;
    const r = known ? measuredRpm / this.speedRef : Number.NaN;
    if (Number.isNaN(this.smoothed) || !(tH > this.lastTimeH)) {
      if (Number.isNaN(this.smoothed)) this.smoothed = x;
      if (Number.isNaN(this.smoothedSpeed)) this.smoothedSpeed = r;
    } else {
      const e = Math.exp(-(tH - this.lastTimeH) / this.tauH);
      this.smoothed = this.smoothed * e + x * (1 - e);
      if (Number.isNaN(this.smoothedSpeed)) this.smoothedSpeed = r;
      else if (known) this.smoothedSpeed = this.smoothedSpeed * e + r * (1 - e);
    }
    if (running && tH > this.lastTimeH && Number.isFinite(this.lastTimeH))
      this.runningH += tH - this.lastTimeH;
    this.lastTimeH = tH;
    return this.smoothed;
  }

  /**
   * Takes one reading (time h, load fraction, running, rise over ambient K, and the shaft
   * speed in rpm where it is measured) and returns the residual rise (K), NaN while the
   * baseline is still being learnt or the rise is missing.
   */
  update(
    tH: number,
    loadFraction: number,
    running: boolean,
    riseK: number,
    speedRpm = Number.NaN,
  ): number {
    const speedNow = running && speedRpm > 0 && Number.isFinite(speedRpm);
    const x = this.advance(tH, loadFraction, running, speedNow ? speedRpm : Number.NaN);
    if (!Number.isFinite(riseK)) return Number.NaN;
    const r = this.smoothedSpeed;
    // Learn while in the commissioning window, skipping the first time constants (start-up).
    const learning = running && this.runningH > 3 * this.tauH;
    if (Number.isNaN(this.a)) {
      if (learning && this.runningH <= this.baselineH) {
        this.n++;
        this.sx += x;
        this.sy += riseK;
        this.sxx += x * x;
        this.sxy += x * riseK;
      }
      const drive = this.drive;
      if (drive !== null && learning && this.runningH <= this.speedBaselineH)
        drive.add(x, speedNow ? r : Number.NaN, riseK);
      if (this.runningH > this.baselineH && this.n >= this.minSamples && !this.onDrive) {
        // the first day decides: a drive waits for its longer window, a line-fed motor is done
        if (drive !== null && drive.showsDrive(this.minSamples)) this.onDrive = true;
        else {
          this.fit();
          this.drive = null;
        }
      }
      if (this.onDrive && this.runningH > this.speedBaselineH) {
        const coef = drive?.showsDrive(this.minSamples) ? drive.fit() : null;
        if (coef === null) this.fit();
        else [this.a, this.b, this.c, this.d] = coef;
        this.drive = null;
        this.onDrive = false;
      }
      return Number.NaN;
    }
    if (this.c === 0 && this.d === 0) return riseK - (this.a + this.b * x);
    // the speed terms need a speed measured within the last 3 time constants
    if (!(tH - this.lastSpeedH <= 3 * this.tauH)) return Number.NaN;
    return riseK - (this.a + this.b * x + this.c * r + this.d * x * r);
  }

  /** The two-term fit on the first baselineH hours. */
  private fit(): void {
    const n = this.n;
    const det = n * this.sxx - this.sx * this.sx;
    if (Math.abs(det) < 1e-12 * Math.max(1, n * this.sxx)) {
      // Constant load during commissioning: the baseline is its mean rise.
      this.b = 0;
      this.a = this.sy / n;
    } else {
      this.b = (n * this.sxy - this.sx * this.sy) / det;
      this.a = (this.sy - this.b * this.sx) / n;
    }
  }

  /**
   * The fitted baseline (NaN until fitted): rise = a + b x + c r + d x r with x the smoothed
   * load squared and r the smoothed speed over n0 (`speedRefRpm`, the first running speed; NaN
   * without a speed); c = d = 0 for the two-term baseline.
   */
  get coefficients(): { a: number; b: number; c: number; d: number; speedRefRpm: number } {
    return { a: this.a, b: this.b, c: this.c, d: this.d, speedRefRpm: this.speedRef };
  }
}

/**
 * Running sums of a drive's commissioning readings (x, r, x r, rise) for the four-term fit:
 * sums and cross products, centred when solved. Readings without a speed count towards the
 * coverage only.
 */
class DriveSums {
  /** Readings seen, with a speed or not. */
  private rows = 0;
  private m = 0;
  private readonly s = new Float64Array(4);
  private readonly p = new Float64Array(16);

  add(x: number, r: number, y: number): void {
    this.rows++;
    if (!Number.isFinite(r)) return;
    const v = [x, r, x * r, y];
    this.m++;
    for (let i = 0; i < 4; i++) {
      this.s[i]! += v[i]!;
      for (let j = 0; j < 4; j++) this.p[i * 4 + j]! += v[i]! * v[j]!;
    }
  }

  /** Centred cross product of terms i and j. */
  private cov(i: number, j: number): number {
    return this.p[i * 4 + j]! - (this.s[i]! * this.s[j]!) / this.m;
  }

  /**
   * Whether the readings so far show a drive: a speed on at least 90 % of them, `minSamples`
   * or more, and a spread of the speed beyond the load's share of at least
   * SPEED_SPREAD_FOR_TERM of its mean.
   */
  showsDrive(minSamples: number): boolean {
    const m = this.m;
    if (m < minSamples || m < 0.9 * this.rows) return false;
    const sxx = this.cov(0, 0);
    const sxr = this.cov(0, 1);
    const unexplained = this.cov(1, 1) - (sxx > 0 ? (sxr * sxr) / sxx : 0);
    return Math.sqrt(Math.max(0, unexplained) / m) >= SPEED_SPREAD_FOR_TERM * (this.s[1]! / m);
  }

  /**
   * [a, b, c, d] of rise = a + b x + c r + d x r; without d (0) when x r cannot be told from
   * x and r (a speed that spreads little makes x r nearly x); null when not even r can.
   */
  fit(): [number, number, number, number] | null {
    const full = this.solve([0, 1, 2]);
    if (full !== null) return [full[0]!, full[1]!, full[2]!, full[3]!];
    const part = this.solve([0, 1]);
    return part === null ? null : [part[0]!, part[1]!, part[2]!, 0];
  }

  /**
   * Least squares of the rise on the terms `on` (of x, r, x r) and an intercept: [intercept,
   * coefficients...], or null when the terms' correlation matrix is near singular
   * (determinant under 1e-4, which is 1 for unrelated terms).
   */
  private solve(on: readonly number[]): number[] | null {
    const k = on.length;
    const c = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) c[i * k + j] = this.cov(on[i]!, on[j]!);
    const sd = on.map((_, i) => Math.sqrt(c[i * k + i]!));
    if (!sd.every((v) => v > 0)) return null;
    const corr = Float64Array.from(c, (v, idx) => v / (sd[Math.floor(idx / k)]! * sd[idx % k]!));
    if (!(determinant(corr, k) > 1e-4)) return null;
    let coef: Float64Array;
    try {
      coef = solveLinear(
        c,
        on.map((t) => this.cov(t, 3)),
      );
    } catch {
      return null; // singular to working precision
    }
    const mean = (i: number) => this.s[i]! / this.m;
    const a = on.reduce((acc, t, i) => acc - coef[i]! * mean(t), mean(3));
    return [a, ...coef];
  }
}

/** Determinant of a 2 x 2 or 3 x 3 row-major matrix. */
function determinant(m: Float64Array, k: number): number {
  if (k === 2) return m[0]! * m[3]! - m[1]! * m[2]!;
  return (
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!)
  );
}

/**
 * A first-order lag y' = (x - y) / tau of a sampled input, advanced exactly on irregular
 * sample times for an input that varies linearly between samples (first-order hold):
 * y1 = e y0 + x1 - e x0 - s tau (1 - e), with e = exp(-dt / tau) and s = (x1 - x0) / dt.
 * The first sample starts it at that value; a missing (NaN) input leaves it as it was.
 */
export class FirstOrderLag {
  private y = Number.NaN;
  private lastX = Number.NaN;
  private lastT = Number.NaN;

  constructor(private readonly tauH: number) {
    if (!(tauH > 0)) {
      throw new PdmError('PDM_INPUT_INVALID', `FirstOrderLag: expected tauH > 0, got ${tauH}`);
    }
  }

  /** Takes the input x at tH and returns the lagged value (NaN before the first input). */
  update(tH: number, x: number): number {
    if (!Number.isFinite(x)) return this.y;
    if (Number.isNaN(this.y) || !(tH > this.lastT)) {
      if (Number.isNaN(this.y)) this.y = x;
    } else {
      const dt = tH - this.lastT;
      const e = Math.exp(-dt / this.tauH);
      const slope = (x - this.lastX) / dt;
      this.y = e * this.y + x - e * this.lastX - slope * this.tauH * (1 - e);
    }
    this.lastX = x;
    this.lastT = tH;
    return this.y;
  }

  /** Starts again from the next input. */
  reset(): void {
    this.y = Number.NaN;
    this.lastX = Number.NaN;
    this.lastT = Number.NaN;
  }
}
