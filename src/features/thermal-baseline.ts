/**
 * Thermal residuals: how much hotter a machine runs than it did when healthy at the same
 * load. Steady temperature rise over ambient of a motor grows with losses, a + b L^2 (copper
 * loss ~ I^2 ~ load^2 above the magnetising current), and follows load with the machine's
 * thermal time constant; so the regressor is the load squared smoothed by a first-order lag
 * of that time constant (exact exponential smoothing on irregular sample times). The
 * baseline is fitted by least squares on the machine's first hours of service (its
 * commissioning period), and the residual is the rise now minus the baseline's prediction.
 * Source: IEC 60034-1 temperature-rise tests; residual-based thermal monitoring as in
 * Zhang et al., "A survey of condition monitoring and protection methods for medium-voltage
 * induction motors", IEEE TIA 47(1), 2011.
 */
import { PdmError } from '../core/errors.js';

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
    this.tauH = o.timeConstantH ?? 0.6;
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
