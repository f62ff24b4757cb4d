import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import type { ProfileConfig } from './operating-profile.js';
import { initialProfileState, profileAt } from './operating-profile.js';

function series(p: ProfileConfig, hours: number, dtH: number) {
  const rng = new Random(1);
  const s = initialProfileState(p, rng);
  const out = [];
  for (let t = 0; t < hours; t += dtH) out.push(profileAt(p, s, t, dtH, rng));
  return out;
}

describe('operating profiles', () => {
  it('duty cycle runs for onFraction of each period', () => {
    const p: ProfileConfig = {
      type: 'duty_cycle',
      periodH: 8,
      onFraction: 0.25,
      load: 0.9,
      idleLoad: 0.1,
      stopWhenIdle: true,
      speedPct: 100,
    };
    const xs = series(p, 800, 0.1);
    const on = xs.filter((x) => x.running).length / xs.length;
    expect(on).toBeCloseTo(0.25, 2);
    expect(xs.filter((x) => x.running).every((x) => x.loadFraction === 0.9)).toBe(true);
  });

  it('random walk has the stationary mean and spread and stays in range', () => {
    const p: ProfileConfig = {
      type: 'random_walk',
      mean: 0.6,
      sd: 0.1,
      timeConstantH: 2,
      min: 0,
      max: 1.5,
      speedPct: 100,
      speedSdPct: 0,
      speedMinPct: 30,
      speedMaxPct: 110,
    };
    const xs = series(p, 50_000, 1).map((x) => x.loadFraction);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(0.6, 2);
    expect(sd).toBeCloseTo(0.1, 2);
  });

  it('schedule holds the latest point and repeats', () => {
    const p: ProfileConfig = {
      type: 'schedule',
      repeatH: 24,
      points: [
        { atH: 6, load: 0.9, speedPct: 100, running: true },
        { atH: 18, load: 0, speedPct: 100, running: false },
      ],
    };
    const rng = new Random(1);
    const s = initialProfileState(p, rng);
    expect(profileAt(p, s, 3, 1, rng).running).toBe(false); // before 6 h: last point of the previous day
    expect(profileAt(p, s, 7, 1, rng)).toEqual({ running: true, loadFraction: 0.9, speedPct: 100 });
    expect(profileAt(p, s, 24 + 19, 1, rng).running).toBe(false);
    expect(profileAt(p, s, 48 + 12, 1, rng).loadFraction).toBe(0.9);
  });
});
