/**
 * Vibration level residuals: how much louder a machine runs than it did when healthy at the
 * same speed and load, in dB. A level on a variable-speed machine moves with speed (broadband
 * friction and flow noise, and the centrifugal force of an unbalance, grow with it) and with
 * load, so its change from a fixed baseline mixes the operating point with the machine's
 * condition. As for the thermal residuals (thermal-baseline.ts), the machine's own first
 * captures after commissioning or maintenance define its healthy behaviour:
 *   20 log10(level) = a + b log10(speed) + c load,
 * fitted by least squares on the first `baselineCaptures` captures, and the residual is the
 * level now minus that prediction. The exponents are learnt per machine and per level, not
 * assumed. When the baseline captures barely vary in speed or load (a constant-speed pump),
 * ridge terms pull those slopes to 0 and the residual is the change from the mean level.
 * Source: operating-condition normalisation of condition indicators, as in ISO 13373-9
 * (reference values per operating state) and Randall, "Vibration-based Condition Monitoring"
 * (2011), ch. 6.
 */
import { PdmError } from '../core/errors.js';

export interface LevelBaselineOptions {
  /** Captures the baseline is fitted on (default 24). */
  readonly baselineCaptures?: number;
  /**
   * Ridge scale per regressor (log10 speed, load): slopes are shrunk towards 0 unless the
   * regressor's spread (standard deviation) over the baseline exceeds about this much
   * (defaults 0.005, 0.02: about 1 % in speed, 2 % of rated load). A slope is shrunk by
   * spread^2 / (spread^2 + ridge^2), and the error it leaves grows with how far the machine
   * later runs from the baseline's speeds: with 0.02 a conveyor whose baseline spread 6 % in
   * speed kept a third of its speed exponent out and, healthy, read 1-2 dB over its baseline
   * at 30-50 % more speed; with 0.005 it reads about 0.1-0.2 dB.
   */
  readonly ridgeSpread?: readonly [number, number];
}

export class LevelBaseline {
  private readonly want: number;
  private readonly ridge: readonly [number, number];
  private rows: [number, number, number][] = [];
  private coef: [number, number, number] | null = null;
  private mean: [number, number] = [0, 0];

  constructor(o: LevelBaselineOptions = {}) {
    this.want = o.baselineCaptures ?? 24;
    this.ridge = o.ridgeSpread ?? [0.005, 0.02];
    if (!Number.isInteger(this.want) || this.want < 3 || !this.ridge.every((r) => r > 0)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        'LevelBaseline: expected baselineCaptures an integer >= 3 and ridgeSpread > 0',
      );
    }
  }

  /** Forgets the baseline (after maintenance the machine is a new one). */
  reset(): void {
    this.rows = [];
    this.coef = null;
  }

  /**
   * Takes a level (> 0) at a speed (rpm > 0) and load (fraction; NaN when unknown) and returns
   * its residual in dB, NaN while the baseline is being learnt or for an unusable input. An
   * unknown load reads as the baseline's mean load; a baseline with any unknown load has no
   * load term.
   */
  update(level: number, speedRpm: number, load: number): number {
    if (!(level > 0) || !Number.isFinite(level)) return Number.NaN;
    if (!(speedRpm > 0) || !Number.isFinite(speedRpm)) return Number.NaN;
    const y = 20 * Math.log10(level);
    const s = Math.log10(speedRpm);
    if (this.coef === null) {
      this.rows.push([s, load, y]);
      if (this.rows.length >= this.want) this.fit();
      return Number.NaN;
    }
    const [a, b, c] = this.coef;
    const dl = Number.isFinite(load) ? load - this.mean[1] : 0;
    return y - (a + b * (s - this.mean[0]) + c * dl);
  }

  /** The fitted model (null until fitted): dB = a + b (log10 rpm - m0) + c (load - m1). */
  get model(): { a: number; b: number; c: number; mean: [number, number] } | null {
    return this.coef === null
      ? null
      : { a: this.coef[0], b: this.coef[1], c: this.coef[2], mean: [...this.mean] };
  }

  private fit(): void {
    const n = this.rows.length;
    // Loads known at some captures only would look like a load effect: leave load out then.
    if (!this.rows.every((r) => Number.isFinite(r[1]))) for (const r of this.rows) r[1] = 0;
    let ms = 0;
    let ml = 0;
    let my = 0;
    for (const [s, l, y] of this.rows) {
      ms += s / n;
      ml += l / n;
      my += y / n;
    }
    // Centred normal equations with ridge n r^2 on each slope.
    let ss = n * this.ridge[0] ** 2;
    let ll = n * this.ridge[1] ** 2;
    let sl = 0;
    let sy = 0;
    let ly = 0;
    for (const [s, l, y] of this.rows) {
      const ds = s - ms;
      const dl = l - ml;
      const dy = y - my;
      ss += ds * ds;
      ll += dl * dl;
      sl += ds * dl;
      sy += ds * dy;
      ly += dl * dy;
    }
    const det = ss * ll - sl * sl;
    this.coef = [my, (sy * ll - ly * sl) / det, (ly * ss - sy * sl) / det];
    this.mean = [ms, ml];
    this.rows = [];
  }
}
