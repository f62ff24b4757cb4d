import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { singleCapture } from '../twin/single-capture.js';
import { CaptureSpectrum } from './capture-spectrum.js';
import {
  SpeedEstimator,
  estimateSpeed,
  speedDeviationPct,
  statedSpeedCheck,
} from './speed-estimate.js';

describe('estimateSpeed', () => {
  it('finds the twin shaft speed within 1 % from 600 to 3600 rpm, at 12 and 48 kHz', () => {
    for (const mode of ['normal', 'imbalance', 'misalignment', 'looseness'] as const) {
      for (const speedRpm of [600, 900, 1430, 1800, 2400, 2950, 3600]) {
        for (const fsHz of [12_000, 48_000]) {
          const cap = singleCapture({ mode, severity: 0.6, speedRpm, fsHz, durationS: 1, seed: 2 });
          const est = estimateSpeed(cap.accelG, fsHz);
          expect(Math.abs(speedDeviationPct(est.speedRpm, speedRpm))).toBeLessThan(1);
          expect(est.harmonicsFound).toBeGreaterThanOrEqual(1);
        }
      }
    }
  });

  it('finds machines drawn from the template distributions, with a bearing fault too', () => {
    for (const seed of [3, 4, 5]) {
      const cap = singleCapture({
        mode: 'outer_race',
        severity: 0.2,
        speedRpm: 1750,
        fsHz: 12_000,
        durationS: 1,
        seed,
        drawMachine: true,
      });
      expect(
        Math.abs(speedDeviationPct(estimateSpeed(cap.accelG, 12_000).speedRpm, 1750)),
      ).toBeLessThan(1);
    }
  });

  it('keeps the fundamental when 2x dominates and a strong twice-line tone is present', () => {
    // 1x small, 2x ten times larger (misalignment), 100 Hz line tone, shaft at 23.7 Hz.
    const rng = new Random(8, 'speed');
    const f0 = 23.7;
    const x = Float64Array.from({ length: 12_000 }, (_, j) => {
      const t = j / 12_000;
      return (
        0.01 * Math.cos(2 * Math.PI * f0 * t) +
        0.1 * Math.cos(2 * Math.PI * 2 * f0 * t + 1) +
        0.02 * Math.cos(2 * Math.PI * 3 * f0 * t + 2) +
        0.2 * Math.cos(2 * Math.PI * 100 * t) +
        1e-4 * rng.normal()
      );
    });
    const est = estimateSpeed(x, 12_000);
    expect(Math.abs(est.speedRpm / 60 - f0)).toBeLessThan(0.01 * f0);
    expect(est.harmonicsFound).toBe(3);
  });

  it('returns NaN when nothing stands out of the floor', () => {
    const x = new Float64Array(12_000);
    new Random(1, 'speed-noise').fillNormal(x);
    expect(estimateSpeed(x, 12_000).speedRpm).toBeNaN();
  });

  it('refuses a search range the spectrum cannot resolve', () => {
    const spec = new CaptureSpectrum().compute(new Float64Array(1200).fill(1), 12_000);
    // 10 Hz bins cannot resolve 300 rpm = 5 Hz.
    expect(() => new SpeedEstimator().estimate(spec.hannAmp, spec.dfHz)).toThrow(/cannot resolve/);
    expect(() =>
      new SpeedEstimator().estimate(spec.hannAmp, 1, { minRpm: 500, maxRpm: 400 }),
    ).toThrow(/minRpm, maxRpm: expected 0 < minRpm < maxRpm/);
  });

  it('reports the deviation from a measured speed in percent', () => {
    expect(speedDeviationPct(1818, 1800)).toBeCloseTo(1, 12);
  });
});

describe('statedSpeedCheck', () => {
  // Windows of 1 s at 12 kHz of a shaft at 1797 rpm (29.95 Hz): 1x, 2x and 3x over a noise floor,
  // and optionally an outer-race comb at BPFO = 3.585 x (a 6205) ten times stronger.
  const windows = (comb: boolean) =>
    Array.from({ length: 4 }, (_, w) => {
      const rng = new Random(w + 1, 'stated-speed');
      const f0 = 1797 / 60;
      return Float64Array.from({ length: 12_000 }, (_, j) => {
        const t = j / 12_000;
        let v = 0.01 * Math.cos(2 * Math.PI * f0 * t) + 0.005 * Math.cos(4 * Math.PI * f0 * t);
        v += 0.003 * Math.cos(6 * Math.PI * f0 * t + 1);
        if (comb)
          for (let h = 1; h <= 6; h++) v += (0.1 / h) * Math.cos(2 * Math.PI * h * 3.585 * f0 * t);
        return v + 1e-4 * rng.normal();
      });
    });

  it('agrees with a speed stated right, at its 1x', () => {
    const c = statedSpeedCheck(windows(false), 12_000, 1797);
    expect(c.ratio).toBeCloseTo(1, 2);
    expect(c.statedLinesShare).toBe(1);
  });

  it('finds a sample rate stated 4 times too high or too low, and a speed stated in Hz', () => {
    // 12 kHz samples read as 48 kHz: every line sits 4 times higher, the shaft at 7188 rpm,
    // beyond the feature extractor's 300-4000 rpm search
    const high = statedSpeedCheck(windows(false), 48_000, 1797);
    expect(high.ratio).toBeCloseTo(4, 2);
    expect(high.statedLinesShare).toBe(0);
    // 12 kHz samples read as 3 kHz: the shaft at a quarter of the stated speed
    const low = statedSpeedCheck(windows(false), 3_000, 1797);
    expect(low.ratio).toBeCloseTo(0.25, 2);
    const hz = statedSpeedCheck(windows(false), 12_000, 29.95);
    expect(hz.ratio).toBeCloseTo(60, 0);
    expect(hz.statedLinesShare).toBe(0);
  });

  it('judges no stated speed from windows of a few revolutions, but still a speed in Hz', () => {
    // 0.1 s at 1797 rpm is 3 revolutions: 10 Hz bins cannot tell the shaft's 1x from the comb
    const short = windows(true).map((w) => w.subarray(0, 1200));
    const c = statedSpeedCheck(short, 12_000, 1797);
    expect(c.ratio).toBeNaN();
    expect(c.statedLinesShare).toBe(1);
    // a speed in Hz (29.95) is judged whatever the window: the shaft is far faster
    expect(statedSpeedCheck(windows(false), 12_000, 29.95).ratio).toBeCloseTo(60, 0);
    // 6 revolutions are enough
    const six = windows(false).map((w) => w.subarray(0, Math.ceil((6 / (1797 / 60)) * 12_000)));
    expect(statedSpeedCheck(six, 12_000, 1797).ratio).toBeCloseTo(1, 1);
  });

  it("says the stated 1x is there when a defect comb outshines the shaft's harmonics", () => {
    const c = statedSpeedCheck(windows(true), 12_000, 1797);
    expect(c.ratio).toBeCloseTo(3.585, 1); // the comb, not the shaft
    expect(c.statedLinesShare).toBe(1);
  });
});
