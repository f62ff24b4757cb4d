import { describe, expect, it } from 'vitest';
import { FirstOrderLag, ThermalBaseline } from './thermal-baseline.js';

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
