import { describe, expect, it } from 'vitest';
import { FirstOrderLag, SPEED_SPREAD_FOR_TERM, ThermalBaseline } from './thermal-baseline.js';

/**
 * Feeds `tb` 96 h of readings every 10 min: load steps every 6 h between 0.4 and 1.0, speed
 * from `speedAt`, and a rise that follows 10 + 40 smooth(L^2) + 12 (1 - smooth(n / 1480)),
 * the machine smoothing with the baseline's own time constant (so the three-term baseline is
 * exact); `riseAt` can change it after commissioning, `fed` the speed the baseline is given.
 * Returns the last residual.
 */
function runDrive(
  tb: ThermalBaseline,
  speedAt: (t: number, load: number) => number,
  riseAt: (t: number, rise: number) => number = (_t, r) => r,
  fed: (t: number, n: number) => number = (_t, n) => n,
): number {
  const tau = 0.6;
  let sx = Number.NaN;
  let sr = Number.NaN;
  let last = Number.NaN;
  for (let k = 0; k <= 96 * 6; k++) {
    const t = k / 6;
    const load = Math.floor(t / 6) % 2 === 0 ? 0.4 : 1.0;
    const n = speedAt(t, load);
    const e = Math.exp(-(1 / 6) / tau);
    sx = k === 0 ? load * load : sx * e + load * load * (1 - e);
    sr = k === 0 ? n / 1480 : sr * e + (n / 1480) * (1 - e);
    const rise = riseAt(t, 10 + 40 * sx + 12 * (1 - sr));
    last = tb.update(t, load, true, rise, fed(t, n));
  }
  return last;
}

describe('thermal baseline', () => {
  it('learns rise = a + b L^2 at steady loads and returns zero residual for the same machine', () => {
    const tb = new ThermalBaseline({ timeConstantH: 0.5, baselineH: 24 });
    const rise = (load: number) => 10 + 40 * load * load;
    let last = Number.NaN;
    // 48 h, load stepping every 6 h between 0.4 and 1.0, telemetry every 10 min; the true
    // temperature follows the smoothed load exactly (same time constant).
    let smooth = 0.16;
    for (let k = 0; k <= 48 * 6; k++) {
      const t = k / 6;
      const load = Math.floor(t / 6) % 2 === 0 ? 0.4 : 1.0;
      const e = Math.exp(-(1 / 6) / 0.5);
      smooth = k === 0 ? load * load : smooth * e + load * load * (1 - e);
      last = tb.update(t, load, true, 10 + 40 * smooth);
    }
    expect(tb.coefficients.a).toBeCloseTo(10, 6);
    expect(tb.coefficients.b).toBeCloseTo(40, 6);
    expect(last).toBeCloseTo(0, 6);
    expect(rise(1)).toBe(50);
  });

  it('reports the extra rise of a degraded machine and NaN while learning', () => {
    const tb = new ThermalBaseline({ baselineH: 12 });
    const first = tb.update(0, 0.8, true, 30);
    expect(first).toBeNaN();
    for (let k = 1; k <= 12 * 6 + 1; k++) tb.update(k / 6, 0.8, true, 30);
    expect(tb.update(13, 0.8, true, 38)).toBeCloseTo(8, 9);
    expect(tb.update(13.2, 0.8, true, Number.NaN)).toBeNaN();
  });
});

describe('thermal baseline of a machine on a drive', () => {
  // speed moves on its own 4 h cycle, 55-100 % of 1480 rpm, independent of the load
  const drive = (t: number) => 1480 * (0.55 + (0.45 * (Math.floor(t / 4) % 4)) / 3);

  it('learns the speed term over three days and leaves no residual for the healthy machine', () => {
    const tb = new ThermalBaseline({ baselineH: 24 });
    let before = { a: 0, b: 0, c: 1, speedRefRpm: 0 };
    runDrive(tb, drive, (t, rise) => {
      if (t < 48) before = tb.coefficients;
      return rise;
    });
    // the first day gave the two-term baseline, which the speed term replaced after 72 h
    expect(before.c).toBe(0);
    expect(before.a).toBeGreaterThan(0);
    const last = runDrive(new ThermalBaseline({ baselineH: 24 }), drive);
    expect(last).toBeCloseTo(0, 6);
    const { a, b, c, speedRefRpm } = tb.coefficients;
    // rise = 22 + 40 x - 12 r with r = n / 1480; the baseline's r is n / n0, n0 = 0.55 x 1480
    expect(speedRefRpm).toBeCloseTo(1480 * 0.55, 9);
    expect(c).toBeCloseTo(-12 * 0.55, 6);
    expect(b).toBeCloseTo(40, 6);
    expect(a).toBeCloseTo(22, 6);
  });

  it('without the speed, the two-term baseline misreads the speed as several kelvin', () => {
    const unknown = () => Number.NaN;
    let worst = 0;
    // after commissioning, hold rated load 6 h at the lowest and at full speed
    for (const r of [0.55, 1]) {
      const tb = new ThermalBaseline({ baselineH: 24 });
      runDrive(tb, drive, undefined, unknown);
      expect(tb.coefficients.c).toBe(0);
      let res = Number.NaN;
      for (let k = 1; k <= 36; k++) res = tb.update(96 + k / 6, 1, true, 50 + 12 * (1 - r));
      worst = Math.max(worst, Math.abs(res));
    }
    // the speed swing alone moves the steady rise by 12 x 0.45 = 5.4 K
    expect(worst).toBeGreaterThan(1.5);
  });

  it('reports a cooling loss at any speed as the extra rise', () => {
    const tb = new ThermalBaseline({ baselineH: 24 });
    // after commissioning the machine runs 6 K hotter (a damaged fan)
    const last = runDrive(tb, drive, (t, rise) => (t > 80 ? rise + 6 : rise));
    expect(last).toBeCloseTo(6, 6);
  });

  it('keeps the two-term baseline for a line-fed motor, whose speed moves only by its slip', () => {
    // 1,500 rpm synchronous, 3 % slip at rated load: the speed follows the load
    const slip = (_t: number, load: number) => 1500 * (1 - 0.03 * load);
    const withSpeed = new ThermalBaseline({ baselineH: 24 });
    const without = new ThermalBaseline({ baselineH: 24 });
    const a = runDrive(withSpeed, slip);
    const b = runDrive(without, slip, undefined, () => Number.NaN);
    expect(withSpeed.coefficients.c).toBe(0);
    expect(withSpeed.coefficients).toEqual({ ...without.coefficients, speedRefRpm: 1500 * 0.988 });
    expect(a).toBe(b);
    // the slip moves the speed by 3 % x 0.6 between the load steps, a spread of 0.9 %
    expect(0.03 * 0.6 * 0.5).toBeLessThan(SPEED_SPREAD_FOR_TERM);
  });

  it('holds the last speed over a reading without one', () => {
    const tb = new ThermalBaseline({ baselineH: 24 });
    const last = runDrive(tb, drive, undefined, (t, n) => (t > 5 && t < 5.2 ? Number.NaN : n));
    expect(tb.coefficients.c).toBeCloseTo(-12 * 0.55, 1);
    expect(Math.abs(last)).toBeLessThan(0.05);
  });

  it('keeps the two-term baseline when commissioning began without a speed', () => {
    const tb = new ThermalBaseline({ baselineH: 24 });
    runDrive(tb, drive, undefined, (t, n) => (t < 5 ? Number.NaN : n));
    expect(tb.coefficients.c).toBe(0);
    expect(tb.coefficients.speedRefRpm).toBe(drive(5));
  });
});

describe('first-order lag', () => {
  it('follows a sampled sinusoid with the analytic gain and phase lag, on irregular times', () => {
    const tau = 0.6;
    const w = (2 * Math.PI) / 24; // a daily swing, rad/h
    const lag = new FirstOrderLag(tau);
    let t = 0;
    let worst = 0;
    // irregular sampling, 5 to 15 minutes
    for (let k = 0; t < 96; k++) {
      const y = lag.update(t, 5 * Math.sin(w * t));
      if (t > 10 * tau) {
        const want = (5 / Math.sqrt(1 + (w * tau) ** 2)) * Math.sin(w * t - Math.atan(w * tau));
        worst = Math.max(worst, Math.abs(y - want));
      }
      t += (5 + (10 * ((k * 7) % 11)) / 10) / 60;
    }
    // first-order hold of a sinusoid sampled every <= 15 min: error O(dt^2)
    expect(worst).toBeLessThan(2e-3);
  });

  it('starts at its first input and keeps its value over missing inputs', () => {
    const lag = new FirstOrderLag(1);
    expect(lag.update(0, Number.NaN)).toBeNaN();
    expect(lag.update(0, 20)).toBe(20);
    expect(lag.update(1, Number.NaN)).toBe(20);
    // a step from 20 to 30 held for 1 h: linear over the gap is what first-order hold assumes
    const y = lag.update(2, 30);
    // analytic: ramp from 20 (t = 0) to 30 (t = 2) through the lag, from y(0) = 20
    const s = 5;
    const want = 30 - s * 1 + (20 - 20 + s * 1) * Math.exp(-2);
    expect(y).toBeCloseTo(want, 12);
    expect(() => new FirstOrderLag(0)).toThrow(/tauH/);
  });
});
