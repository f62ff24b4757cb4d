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
 * A machine on a variable-frequency drive also changes its losses and its shaft-mounted fan's
 * cooling with speed (forced convection ~ speed^0.8, windage ~ speed^3, iron loss with the
 * frequency): a conveyor run between 50 % and 100 % of base speed at the same load runs
 * several kelvin hotter at the low end. When the speed spread over the commissioning window
 * shows a drive (relative standard deviation of the smoothed speed at least
 * `SPEED_SPREAD_FOR_TERM`), the baseline takes a third, linear term in the smoothed speed,
 * rise = a + b smooth(L^2) + c smooth(n / n0), n0 the first running speed it saw. A
 * line-fed motor's speed moves only by its slip, in step with the load, and keeps the
 * two-term baseline (c = 0).
 * Source: IEC 60034-1 temperature-rise tests; residual-based thermal monitoring as in
 * Zhang et al., "A survey of condition monitoring and protection methods for medium-voltage
 * induction motors", IEEE TIA 47(1), 2011.
 */
import { PdmError } from '../core/errors.js';

/** A motor frame's thermal time constant (25-45 min for TEFC motors of tens of kW), h. */
export const DEFAULT_THERMAL_TIME_CONSTANT_H = 0.6;

/**
 * Least relative spread (standard deviation over mean) of the smoothed shaft speed over the
 * commissioning window for the baseline to take a speed term: a drive's speed range (a
 * conveyor's 50-100 % of base speed spreads by 10-15 %), not a line-fed motor's slip (its
 * speed moves by under 1 % between no load and rated load at 1-3 % rated slip).
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
   * Hours of running the speed term of a machine on a drive is learnt on (default 72; at
   * least baselineH): a drive's speed wanders over hours, and a day of it fits the third term
   * poorly. Until then the residual is the two-term baseline's.
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
  private lastTimeH = Number.NaN;
  private runningH = 0;
  // Least-squares sums for rise = a + b x (+ c r, r the smoothed speed ratio).
  private n = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private sxy = 0;
  /** Commissioning readings (x, r, rise) for the speed term; null once it is decided. */
  private speedRows: number[] | null = [];
  private a = Number.NaN;
  private b = Number.NaN;
  private c = 0;

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
   * speed follows the running speed and holds while the machine stands or the speed is unknown.
   */
  private advance(tH: number, loadFraction: number, running: boolean, speedRpm: number): number {
    const x = running ? loadFraction * loadFraction : 0;
    const known = running && speedRpm > 0 && Number.isFinite(speedRpm);
    if (known && Number.isNaN(this.speedRef)) this.speedRef = speedRpm;
    const r = known ? speedRpm / this.speedRef : Number.NaN;
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
    const x = this.advance(tH, loadFraction, running, speedRpm);
    if (!Number.isFinite(riseK)) return Number.NaN;
    const r = this.smoothedSpeed;
    const learning = running && this.runningH > 3 * this.tauH;
    // Learn while in the commissioning window, skipping the first time constants (start-up).
    if (this.speedRows !== null) {
      if (learning && this.runningH <= this.speedBaselineH) this.speedRows.push(x, r, riseK);
      if (this.runningH > this.speedBaselineH && !Number.isNaN(this.a)) {
        this.fitWithSpeed(this.speedRows);
        this.speedRows = null;
      }
    }
    if (Number.isNaN(this.a)) {
      if (learning && this.runningH <= this.baselineH) {
        this.n++;
        this.sx += x;
        this.sy += riseK;
        this.sxx += x * x;
        this.sxy += x * riseK;
      }
      if (this.runningH > this.baselineH && this.n >= this.minSamples) this.fit();
      return Number.NaN;
    }
    // a speed term needs the smoothed speed, which a fitted speed term always has
    return riseK - (this.a + this.b * x + (this.c === 0 ? 0 : this.c * r));
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
   * The three-term fit on the first speedBaselineH hours (`rows`: x, r, rise), which replaces
   * the two-term one when every reading had a speed (the last one measured, held over a gap)
   * and the speeds spread as a drive's do; nothing changes when load and speed moved together
   * so that the two terms cannot be told apart. Least squares on the centred sums.
   */
  private fitWithSpeed(rows: readonly number[]): void {
    const n = rows.length / 3;
    if (n < this.minSamples) return;
    let sx = 0;
    let sr = 0;
    let sy = 0;
    for (let i = 0; i < rows.length; i += 3) {
      sx += rows[i]!;
      sr += rows[i + 1]!;
      sy += rows[i + 2]!;
    }
    const [mx, mr, my] = [sx / n, sr / n, sy / n];
    if (!(mr > 0)) return; // a reading without a speed makes the sum NaN
    let sxx = 0;
    let srr = 0;
    let sxr = 0;
    let sxy = 0;
    let sry = 0;
    for (let i = 0; i < rows.length; i += 3) {
      const [dx, dr, dy] = [rows[i]! - mx, rows[i + 1]! - mr, rows[i + 2]! - my];
      sxx += dx * dx;
      srr += dr * dr;
      sxr += dx * dr;
      sxy += dx * dy;
      sry += dr * dy;
    }
    if (!(Math.sqrt(srr / n) >= SPEED_SPREAD_FOR_TERM * mr)) return;
    const det = sxx * srr - sxr * sxr;
    // nearly collinear (|correlation| above 0.999): keep the two-term baseline
    if (!(det > 0.002 * sxx * srr)) return;
    this.b = (sxy * srr - sry * sxr) / det;
    this.c = (sry * sxx - sxy * sxr) / det;
    this.a = my - this.b * mx - this.c * mr;
  }

  /**
   * The fitted baseline (NaN until fitted): rise = a + b smoothed(load^2) + c smoothed(n / n0),
   * c = 0 without a speed term; n0 is the first running speed (NaN without a speed).
   */
  get coefficients(): { a: number; b: number; c: number; speedRefRpm: number } {
    return { a: this.a, b: this.b, c: this.c, speedRefRpm: this.speedRef };
  }
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
