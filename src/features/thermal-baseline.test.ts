import { describe, expect, it } from 'vitest';
import { FirstOrderLag, ThermalBaseline } from './thermal-baseline.js';

/** The rise of the test machine on a drive: 10 + 40 x + 6 r - 16 x r (x = smooth(L^2), r =
 *  smooth(n / 1480)): at light load it rises with speed (losses), at rated load it falls
 *  (cooling). */
const driveRise = (x: number, r: number): number => 10 + 40 * x + 6 * r - 16 * x * r;

interface DriveRun {
  /** Speed at t (rpm) for a load. */
  speedAt: (t: number, load: number) => number;
  /** Load at t (default: steps every 6 h between 0.4 and 1.0). */
  loadAt?: (t: number) => number;
  /** The rise the machine shows (default as driveRise). */
  riseAt?: (t: number, rise: number) => number;
  /** The speed the baseline is given (default the speed). */
  fed?: (t: number, n: number) => number;
  /** Running at t (default always). */
  runningAt?: (t: number) => boolean;
  hours?: number;
}

/**
 * Feeds `tb` readings every 10 min, the machine smoothing with the baseline's own time constant
 * (so the four-term baseline is exact; its smoothed speed holds while it stands, as the
 * baseline's does). Returns every residual.
 */
function runDrive(tb: ThermalBaseline, o: DriveRun): number[] {
  const tau = 0.6;
  const loadAt = o.loadAt ?? ((t: number) => (Math.floor(t / 6) % 2 === 0 ? 0.4 : 1.0));
  let sx = Number.NaN;
  let sr = Number.NaN;
  const out: number[] = [];
  for (let k = 0; k <= (o.hours ?? 96) * 6; k++) {
    const t = k / 6;
    const running = o.runningAt?.(t) ?? true;
    const load = loadAt(t);
    const n = o.speedAt(t, load);
    const x = running ? load * load : 0;
    const e = Math.exp(-(1 / 6) / tau);
    sx = k === 0 ? x : sx * e + x * (1 - e);
    if (running) sr = k === 0 ? n / 1480 : sr * e + (n / 1480) * (1 - e);
    const rise = (o.riseAt ?? ((_t, v) => v))(t, driveRise(sx, sr));
    out.push(tb.update(t, load, running, rise, running ? (o.fed ?? ((_t, v) => v))(t, n) : 0));
  }
  return out;
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
  const at = (hours: number) => hours * 6;

  it('learns the speed terms over three days, with no residual before, and none for the healthy machine', () => {
    const tb = new ThermalBaseline({ baselineH: 24 });
    const res = runDrive(tb, { speedAt: drive });
    const { a, b, c, d, speedRefRpm } = tb.coefficients;
    // r of the baseline is n / n0 with n0 = 0.55 x 1480: c and d scale by 0.55
    expect(speedRefRpm).toBeCloseTo(1480 * 0.55, 9);
    expect(a).toBeCloseTo(10, 6);
    expect(b).toBeCloseTo(40, 6);
    expect(c).toBeCloseTo(6 * 0.55, 6);
    expect(d).toBeCloseTo(-16 * 0.55, 6);
    // nothing between the first day and the third: one baseline for the machine's life
    expect(res.slice(at(24), at(72)).every(Number.isNaN)).toBe(true);
    expect(Math.max(...res.slice(at(73)).map(Math.abs))).toBeLessThan(1e-6);
  });

  it('without the speed, the two-term baseline misreads the speed as kelvins', () => {
    const tb = new ThermalBaseline({ baselineH: 24 });
    const res = runDrive(tb, { speedAt: drive, fed: () => Number.NaN });
    expect(tb.coefficients.c).toBe(0);
    expect(Number.isFinite(res[at(25)]!)).toBe(true);
    // at rated load the speed swing alone moves the steady rise by 10 x 0.45 = 4.5 K
    expect(Math.max(...res.slice(at(25)).map(Math.abs))).toBeGreaterThan(1.5);
  });

  it('reports a cooling loss at any speed as the extra rise', () => {
    const tb = new ThermalBaseline({ baselineH: 24 });
    const res = runDrive(tb, { speedAt: drive, riseAt: (t, v) => (t > 80 ? v + 6 : v) });
    for (const v of res.slice(at(81))) expect(v).toBeCloseTo(6, 6);
  });

  it("keeps a line-fed motor's two-term baseline, however far its slip moves its speed", () => {
    // continuous load and 10 % slip at rated load: the speed spreads by 2.5 %, with the load
    const loadAt = (t: number) => 0.6 + 0.35 * Math.sin((2 * Math.PI * t) / 7);
    const slip = (_t: number, load: number) => 1500 * (1 - 0.1 * load);
    const withSpeed = new ThermalBaseline({ baselineH: 24 });
    const without = new ThermalBaseline({ baselineH: 24 });
    const a = runDrive(withSpeed, { speedAt: slip, loadAt });
    const b = runDrive(without, { speedAt: slip, loadAt, fed: () => Number.NaN });
    expect(withSpeed.coefficients.c).toBe(0);
    expect(withSpeed.coefficients.d).toBe(0);
    expect(a).toEqual(b);
  });

  it('takes the speed terms from 2 % of speed spread beyond the load', () => {
    // a square wave of +-k around 1480 rpm with a 4 h period; over the first day, smoothed and
    // past the load's share, its spread relative to the mean is 1.64 % for k = 0.025 and
    // 2.29 % for k = 0.035 (computed apart, from the same smoothing and regression)
    const spread = (k: number) => (t: number) => 1480 * (1 + k * (Math.floor(t / 2) % 2 ? 1 : -1));
    const narrow = new ThermalBaseline({ baselineH: 24 });
    runDrive(narrow, { speedAt: spread(0.025) });
    expect(narrow.coefficients.c).toBe(0);
    const wide = new ThermalBaseline({ baselineH: 24 });
    const res = runDrive(wide, { speedAt: spread(0.035) });
    expect(wide.coefficients.c).not.toBe(0);
    expect(Math.abs(res[res.length - 1]!)).toBeLessThan(1e-6);
  });

  it('needs a speed on 90 % of the commissioning readings', () => {
    const gap = new ThermalBaseline({ baselineH: 24 });
    runDrive(gap, { speedAt: drive, fed: (t, n) => (t > 5 && t < 5.2 ? Number.NaN : n) });
    expect(gap.coefficients.c).not.toBe(0);
    const sparse = new ThermalBaseline({ baselineH: 24 });
    runDrive(sparse, {
      speedAt: drive,
      fed: (t, n) => (Math.round(t * 6) % 5 === 0 ? Number.NaN : n),
    });
    expect(sparse.coefficients.c).toBe(0);
  });

  it('gives no residual while the tachometer has been silent for 3 time constants', () => {
    const tb = new ThermalBaseline({ baselineH: 24 });
    const silent = (t: number) => t >= 80 && t < 84;
    const res = runDrive(tb, { speedAt: drive, fed: (t, n) => (silent(t) ? Number.NaN : n) });
    expect(Number.isFinite(res[at(81)]!)).toBe(true); // 1 h without: the held speed serves
    expect(res[at(82)]).toBeNaN();
    expect(res[at(83)]).toBeNaN();
    expect(Math.abs(res[at(85)]!)).toBeLessThan(0.5); // speed back, its smoothing catching up
  });

  it('learns through a stop in the commissioning window', () => {
    const tb = new ThermalBaseline({ baselineH: 24 });
    const res = runDrive(tb, {
      speedAt: drive,
      runningAt: (t) => !(t >= 40 && t < 44),
      hours: 120,
    });
    expect(tb.coefficients.d).toBeCloseTo(-16 * 0.55, 6);
    expect(Math.max(...res.slice(at(80)).map(Math.abs))).toBeLessThan(1e-6);
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
