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
 * Source: IEC 60034-1 temperature-rise tests; residual-based thermal monitoring as in
 * Zhang et al., "A survey of condition monitoring and protection methods for medium-voltage
 * induction motors", IEEE TIA 47(1), 2011.
 */
import { PdmError } from '../core/errors.js';

/** A motor frame's thermal time constant (25-45 min for TEFC motors of tens of kW), h. */
export const DEFAULT_THERMAL_TIME_CONSTANT_H = 0.6;

export interface ThermalBaselineOptions {
  /** Thermal time constant used to smooth load, h (default 0.6). */
  readonly timeConstantH?: number;
  /** Hours of running data the baseline is fitted on (default 24). */
  readonly baselineH?: number;
  /** Minimum samples before the baseline is usable (default 12). */
  readonly minSamples?: number;
}

export class ThermalBaseline {
  private readonly tauH: number;
  private readonly baselineH: number;
  private readonly minSamples: number;
  private smoothed = Number.NaN;
  private lastTimeH = Number.NaN;
  private runningH = 0;
  // Least-squares sums for rise = a + b x.
  private n = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private sxy = 0;
  private a = Number.NaN;
  private b = Number.NaN;

  constructor(o: ThermalBaselineOptions = {}) {
    this.tauH = o.timeConstantH ?? DEFAULT_THERMAL_TIME_CONSTANT_H;
    this.baselineH = o.baselineH ?? 24;
    this.minSamples = o.minSamples ?? 12;
    if (!(this.tauH > 0) || !(this.baselineH > 0) || !(this.minSamples >= 2)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        'ThermalBaseline: expected timeConstantH > 0, baselineH > 0, minSamples >= 2',
      );
    }
  }

  /** The smoothed load-squared regressor after a reading at tH (running or not). */
  private advance(tH: number, loadFraction: number, running: boolean): number {
    const x = running ? loadFraction * loadFraction : 0;
    if (Number.isNaN(this.smoothed) || !(tH > this.lastTimeH)) {
      if (Number.isNaN(this.smoothed)) this.smoothed = x;
    } else {
      const e = Math.exp(-(tH - this.lastTimeH) / this.tauH);
      this.smoothed = this.smoothed * e + x * (1 - e);
    }
    if (running && tH > this.lastTimeH && Number.isFinite(this.lastTimeH))
      this.runningH += tH - this.lastTimeH;
    this.lastTimeH = tH;
    return this.smoothed;
  }

  /**
   * Takes one reading (time h, load fraction, running, rise over ambient K) and returns the
   * residual rise (K), NaN while the baseline is still being learnt or the rise is missing.
   */
  update(tH: number, loadFraction: number, running: boolean, riseK: number): number {
    const x = this.advance(tH, loadFraction, running);
    if (!Number.isFinite(riseK)) return Number.NaN;
    if (Number.isNaN(this.a)) {
      // Learn while in the commissioning window, skipping the first time constants (start-up).
      if (running && this.runningH > 3 * this.tauH && this.runningH <= this.baselineH) {
        this.n++;
        this.sx += x;
        this.sy += riseK;
        this.sxx += x * x;
        this.sxy += x * riseK;
      }
      if (this.runningH > this.baselineH && this.n >= this.minSamples) this.fit();
      return Number.NaN;
    }
    return riseK - (this.a + this.b * x);
  }

  private fit(): void {
    const det = this.n * this.sxx - this.sx * this.sx;
    if (Math.abs(det) < 1e-12 * Math.max(1, this.n * this.sxx)) {
      // Constant load during commissioning: the baseline is its mean rise.
      this.b = 0;
      this.a = this.sy / this.n;
    } else {
      this.b = (this.n * this.sxy - this.sx * this.sy) / det;
      this.a = (this.sy - this.b * this.sx) / this.n;
    }
  }

  /** The fitted baseline (NaN until fitted): rise = a + b * smoothed(load^2). */
  get coefficients(): { a: number; b: number } {
    return { a: this.a, b: this.b };
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
