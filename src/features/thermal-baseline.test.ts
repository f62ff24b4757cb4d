import { describe, expect, it } from 'vitest';
import { ThermalBaseline } from './thermal-baseline.js';

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
