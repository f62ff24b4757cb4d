import { describe, expect, it } from 'vitest';
import { LevelBaseline } from './level-baseline.js';
import { Random } from '../core/random.js';

// A healthy machine whose level grows as speed^1.5 and by 4 dB per unit of load:
// 20 log10(level) = 20 log10(0.02) + 30 log10(rpm / 1000) + 4 load.
const healthy = (rpm: number, load: number) =>
  0.02 * Math.pow(rpm / 1000, 1.5) * Math.pow(10, (4 * load) / 20);

describe('LevelBaseline', () => {
  it('learns how the healthy level follows speed and load, then reports the excess in dB', () => {
    const b = new LevelBaseline({ baselineCaptures: 24 });
    for (let i = 0; i < 24; i++) {
      const rpm = 900 + 40 * i; // 900-1820 rpm
      const load = 0.3 + (0.5 * ((i * 7) % 24)) / 23; // 0.3-0.8, not in step with speed
      expect(b.update(healthy(rpm, load), rpm, load)).toBeNaN();
    }
    const m = b.model!;
    // slopes close to the truth (30 dB per decade of speed, 4 dB per unit load), shrunk a
    // little by the ridge
    expect(m.b).toBeGreaterThan(27);
    expect(m.b).toBeLessThanOrEqual(30);
    expect(m.c).toBeGreaterThan(3);
    expect(m.c).toBeLessThanOrEqual(4.05);
    // healthy anywhere inside the learnt range: about 0 dB, however fast
    for (const [rpm, load] of [
      [950, 0.35],
      [1400, 0.6],
      [1750, 0.75],
    ] as const) {
      expect(Math.abs(b.update(healthy(rpm, load), rpm, load))).toBeLessThan(0.3);
    }
    // twice the healthy level: +6.02 dB at any operating point
    expect(b.update(2 * healthy(1200, 0.5), 1200, 0.5)).toBeCloseTo(20 * Math.log10(2), 0);
    // a plain change from the baseline's mean would have read the speed change as damage
    const slow = b.update(healthy(900, 0.5), 900, 0.5);
    const fast = b.update(healthy(1800, 0.5), 1800, 0.5);
    expect(Math.abs(fast - slow)).toBeLessThan(0.5);
  });

  it('extrapolates a baseline learnt over a few per cent of speed to a much faster run', () => {
    // A variable-speed conveyor commissioned at 720-890 rpm (spread about 6 %), later run at
    // 1,200 rpm: its level follows speed^1.3 (26 dB per decade) and load by 4 dB per unit.
    const law = (rpm: number, load: number) =>
      0.025 * Math.pow(rpm / 800, 1.3) * Math.pow(10, (4 * load) / 20);
    const rpms = Array.from({ length: 24 }, (_, i) => 720 + (170 * ((i * 5) % 24)) / 23);
    const loads = Array.from({ length: 24 }, (_, i) => 0.3 + (0.3 * ((i * 7) % 24)) / 23);
    const fitted = (o?: { ridgeSpread: [number, number] }) => {
      const b = new LevelBaseline(o);
      rpms.forEach((rpm, i) => b.update(law(rpm, loads[i]!), rpm, loads[i]!));
      return b;
    };
    const b = fitted();
    const logs = rpms.map(Math.log10);
    const mean = logs.reduce((a, v) => a + v, 0) / 24;
    const variance = logs.reduce((a, v) => a + (v - mean) ** 2, 0) / 24;
    // the ridge shrinks the slope by sd^2 / (sd^2 + 0.005^2): about 3 % here
    expect(b.model!.b).toBeCloseTo((26 * variance) / (variance + 0.005 ** 2), 0);
    // healthy at 1,200 rpm (log10 distance 0.17 from the baseline's mean speed): ~0 dB
    expect(Math.abs(b.update(law(1200, 0.45), 1200, 0.45))).toBeLessThan(0.2);
    // the earlier ridge (0.02, 0.05) kept a third of the exponent out: a healthy run read > 1 dB
    const old = fitted({ ridgeSpread: [0.02, 0.05] });
    expect(old.update(law(1200, 0.45), 1200, 0.45)).toBeGreaterThan(1);
  });

  it('keeps a noisy constant-speed baseline near 0 dB at the speeds the machine runs at', () => {
    // a mains-fed pump: speed within 1474-1486 rpm (slip with load), levels scattered by 0.5 dB;
    // the weak speed ridge lets the noise tilt the slope, but over the speeds such a machine
    // sees the tilt costs little
    const rng = new Random(7);
    const b = new LevelBaseline();
    const level = (rpm: number) => 0.03 * Math.pow(rpm / 1480, 1.5);
    for (let i = 0; i < 24; i++) {
      const rpm = 1474 + 12 * rng.uniform();
      b.update(level(rpm) * Math.pow(10, (0.5 * rng.normal()) / 20), rpm, Number.NaN);
    }
    for (const rpm of [1470, 1480, 1490])
      expect(Math.abs(b.update(level(rpm), rpm, Number.NaN))).toBeLessThan(0.5);
    // twice the level still reads about +6 dB
    expect(b.update(2 * level(1480), 1480, Number.NaN)).toBeGreaterThan(5.5);
  });

  it('reads the change from the mean level when speed and load never varied', () => {
    const b = new LevelBaseline({ baselineCaptures: 5 });
    for (const v of [1, 1.1, 0.9, 1.05, 0.95]) b.update(v, 1480, 0.7);
    expect(b.model!.b).toBe(0);
    expect(b.model!.c).toBe(0);
    const meanDb = [1, 1.1, 0.9, 1.05, 0.95].reduce((a, v) => a + 20 * Math.log10(v), 0) / 5;
    expect(b.update(2, 1480, 0.7)).toBeCloseTo(20 * Math.log10(2) - meanDb, 10);
  });

  it('reads an unknown load as the baseline mean', () => {
    const b = new LevelBaseline({ baselineCaptures: 24 });
    for (let i = 0; i < 24; i++) {
      const load = 0.3 + (0.5 * i) / 23;
      b.update(healthy(1500, load), 1500, load);
    }
    const meanLoad = b.model!.mean[1];
    expect(b.update(healthy(1500, meanLoad), 1500, Number.NaN)).toBeCloseTo(0, 1);
  });

  it('skips unusable inputs, leaves out a load known only at times and starts again on reset', () => {
    const b = new LevelBaseline({ baselineCaptures: 3 });
    expect(b.update(Number.NaN, 1500, 0.5)).toBeNaN();
    expect(b.update(0, 1500, 0.5)).toBeNaN();
    expect(b.update(1, Number.NaN, 0.5)).toBeNaN();
    expect(b.model).toBeNull(); // none of those counted
    expect(b.update(1, Infinity, 0.5)).toBeNaN();
    expect(b.model).toBeNull(); // none of those counted
    // loads known at some captures only: no load term, whatever the known ones were
    b.update(1, 1500, Number.NaN);
    b.update(1, 1500, 0.2);
    b.update(1, 1500, 0.9);
    expect(b.model!.c).toBe(0);
    expect(b.update(10, 1500, Number.NaN)).toBeCloseTo(20, 10);
    expect(b.update(10, 1500, 0.3)).toBeCloseTo(20, 10);
    b.reset();
    expect(b.model).toBeNull();
    expect(b.update(10, 1500, 0.5)).toBeNaN();
  });

  it('refuses a baseline too short to fit', () => {
    expect(() => new LevelBaseline({ baselineCaptures: 2 })).toThrow(/baselineCaptures/);
  });
});
