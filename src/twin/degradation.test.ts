import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import type { ModeSpec } from './degradation.js';
import {
  createDefect,
  grow,
  hoursToReach,
  insulationDamage,
  insulationLifeH,
  stepDefect,
  toNanohour,
} from './degradation.js';

const scheduled = (law: 'exponential' | 'paris' | 'linear'): ModeSpec => ({
  onset: { kind: 'scheduled', atH: 10 },
  growth: { law, timeToFailureH: 500, spread: 0, initialSeverity: 0.05, parisExponent: 2 },
  threshold: 0.9,
});

describe('degradation', () => {
  for (const law of ['exponential', 'paris', 'linear'] as const) {
    it(`${law}: reaches the threshold exactly T hours after onset, whatever the step`, () => {
      for (const dt of [0.1, 1, 7, 100, 1000]) {
        const d = createDefect('outer_race', 'de', scheduled(law), new Random(1), 'x');
        let t = 0;
        let failure: number | null = null;
        let onset: number | null = null;
        while (t < 2000 && failure === null) {
          const r = stepDefect(d, t, dt, 1);
          onset ??= r.onsetAtH;
          failure = r.failureAtH;
          t += dt;
        }
        expect(onset).toBeCloseTo(10, 9);
        expect(failure).not.toBeNull();
        expect(failure! - 10).toBeCloseTo(500, 6);
        expect(d.severity).toBe(0.9);
      }
    });
  }

  it('exponential growth is analytic: s(t) = s0 exp(ln(th/s0) t / T)', () => {
    const spec = scheduled('exponential');
    const rate = Math.log(0.9 / 0.05) / 500;
    expect(grow(spec, rate, 0.05, 250)).toBeCloseTo(0.05 * Math.sqrt(0.9 / 0.05), 12);
    expect(hoursToReach(spec, rate, 0.05, 0.9)).toBeCloseTo(500, 9);
  });

  it('paris growth matches a fine Euler integration of ds/dt = C s^m', () => {
    const spec = scheduled('paris');
    const m = 2;
    const C = (1 / 0.05 - 1 / 0.9) / ((m - 1) * 500);
    let s = 0.05;
    const h = 0.001;
    for (let t = 0; t < 300; t += h) s += h * C * s * s;
    expect(grow(spec, C, 0.05, 300)).toBeCloseTo(s, 4);
  });

  it('stress speeds up time: twice the stress fails in half the time', () => {
    const d = createDefect('inner_race', 'de', scheduled('exponential'), new Random(1), 'x');
    stepDefect(d, 0, 10.5, 2); // onset at 10 (scheduled), then 0.5 h at stress 2
    const r = stepDefect(d, 10.5, 1000, 2);
    expect(r.failureAtH).toBeCloseTo(10 + 250, 6);
  });

  it('draws Weibull onsets whose mean matches scale * Gamma(1 + 1/k)', () => {
    const spec: ModeSpec = {
      onset: { kind: 'weibull', shape: 2, scaleH: 1000 },
      growth: {
        law: 'linear',
        timeToFailureH: 100,
        spread: 0,
        initialSeverity: 0.1,
        parisExponent: 2,
      },
      threshold: 1,
    };
    let sum = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const d = createDefect('imbalance', null, spec, new Random(9, i), 'x');
      let t = 0;
      while (!d.active) {
        stepDefect(d, t, 50, 1);
        t += 50;
      }
      sum += d.onsetAtH!;
    }
    // Gamma(1.5) = sqrt(pi)/2
    expect(sum / n / ((1000 * Math.sqrt(Math.PI)) / 2)).toBeCloseTo(1, 1);
  });

  it('insulation life halves per 10 K and damage integrates a temperature ramp exactly', () => {
    const spec = {
      classTempC: 155,
      lifeAtClassTempH: 20_000,
      hotSpotAllowanceK: 10,
      activeFrom: 0.5,
      threshold: 1,
    };
    expect(insulationLifeH(spec, 155)).toBe(20_000);
    expect(insulationLifeH(spec, 165)).toBe(10_000);
    expect(insulationLifeH(spec, 135)).toBe(80_000);
    // numeric integral of 1/L(T(t)) for a ramp 100 -> 140 C over 10 h
    let num = 0;
    const steps = 100_000;
    for (let i = 0; i < steps; i++) {
      const T = 100 + (40 * (i + 0.5)) / steps;
      num += 10 / steps / insulationLifeH(spec, T + 10);
    }
    expect(insulationDamage(spec, 100, 140, 10)).toBeCloseTo(num, 12);
  });

  it('times failures to the nanohour, so one on a step edge is that edge', () => {
    // the two forms a failure on the 648 h step edge took, from the 10-minute steps' sums
    expect(toNanohour(648.0000000000069)).toBe(648);
    expect(toNanohour(647.99999999998)).toBe(648);
    expect(toNanohour(641.8778127764)).toBe(641.877812776);
    // a linear defect due exactly at the end of a step: 500 h from 0.05 to 0.9 at 0.0017 / h
    const d = createDefect('outer_race', 'de', scheduled('linear'), new Random(1), 'x');
    let failedAt: number | null = null;
    const step = 1 / 6;
    for (let k = 0; k < 6 * 600 && failedAt === null; k++)
      failedAt = stepDefect(d, k * step, step, 1).failureAtH;
    expect(failedAt).toBe(toNanohour(failedAt!));
    expect(failedAt).toBe(510);
  });
});
