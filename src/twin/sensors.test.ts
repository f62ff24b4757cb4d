import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { applyAccelerometer, quantize, readTemperature } from './sensors.js';

const temp = { lagS: 60, noiseC: 0, driftCPer1000H: 0, resolutionC: 0 };

describe('quantize', () => {
  it('rounds to the nearest step and reads as the decimal a display shows', () => {
    // 179 x 0.1 is 17.900000000000002 in doubles; the reading is the double nearest 17.9
    expect(179 * 0.1).not.toBe(17.9);
    expect(quantize(17.93, 0.1)).toBe(17.9);
    expect(String(quantize(17.93, 0.1))).toBe('17.9');
    expect(quantize(-3.26, 0.1)).toBe(-3.3);
    expect(quantize(20.13, 0.25)).toBe(20.25);
    expect(quantize(20.12, 0.25)).toBe(20);
    expect(quantize(1.006, 0.01)).toBe(1.01);
    // a step that is not 1/n still rounds to its multiples
    expect(quantize(1, 0.3)).toBeCloseTo(0.9, 12);
    expect(quantize(17.93, 0)).toBe(17.93);
  });

  it('every 0.1 C reading over a sensor range prints with one decimal', () => {
    for (let i = -400; i <= 2000; i++) {
      const text = String(quantize(i / 10 + 0.03, 0.1));
      expect(text).toMatch(/^-?\d+(\.\d)?$/);
    }
  });
});

describe('temperature sensor', () => {
  it('lags a step by exp(-t/tau)', () => {
    const s = { elementC: 20, lastReading: null };
    const rng = new Random(1);
    // a step from 20 to 80 C just before the step: input held at 80 over 60 s
    const v = readTemperature(s, temp, 80, 80, 60, 0, rng, null);
    expect(v).toBeCloseTo(80 - 60 * Math.exp(-1), 9);
  });

  it('follows a ramp exactly (compared with a fine Euler integration)', () => {
    const s = { elementC: 20, lastReading: null };
    const v = readTemperature(s, temp, 20, 50, 300, 0, new Random(1), null);
    let y = 20;
    const h = 0.001;
    for (let t = 0; t < 300; t += h) y += (h * (20 + (30 * t) / 300 - y)) / 60;
    expect(v).toBeCloseTo(y, 2);
  });

  it('drops out, sticks and drifts when faulted', () => {
    const rng = new Random(1);
    const s = { elementC: 40, lastReading: null };
    expect(
      readTemperature(s, temp, 40, 40, 10, 0, rng, { kind: 'dropout', magnitude: 1, elapsedH: 0 }),
    ).toBeNaN();
    const stuck1 = readTemperature(s, temp, 40, 60, 600, 0, rng, {
      kind: 'stuck',
      magnitude: 1,
      elapsedH: 0,
    });
    const stuck2 = readTemperature(s, temp, 60, 90, 600, 0, rng, {
      kind: 'stuck',
      magnitude: 1,
      elapsedH: 1,
    });
    expect(stuck2).toBe(stuck1);
    // the last reading given, at the 0.1 degC resolution
    const t = { elementC: 40, lastReading: null };
    const good = readTemperature(t, temp, 40, 40, 600, 0, rng, null);
    expect(Math.round(good * 10)).toBeCloseTo(good * 10, 9);
    const frozen = readTemperature(t, temp, 40, 70, 600, 0, rng, {
      kind: 'stuck',
      magnitude: 1,
      elapsedH: 0,
    });
    expect(frozen).toBe(good);
    const clean = readTemperature(
      { elementC: 40, lastReading: null },
      temp,
      40,
      40,
      10,
      0,
      rng,
      null,
    );
    const drifted = readTemperature({ elementC: 40, lastReading: null }, temp, 40, 40, 10, 0, rng, {
      kind: 'drift',
      magnitude: 0.5,
      elapsedH: 10,
    });
    expect(drifted - clean).toBeCloseTo(5, 9);
  });
});

describe('accelerometer chain', () => {
  it('applies gain, clips at range and quantises to the ADC step', () => {
    const x = Float64Array.from([0, 1, -3, 60, -70, 0.123456]);
    const out = new Float64Array(x.length);
    const a = { gain: 2, noiseDensityGPerSqrtHz: 0, rangeG: 50, adcBits: 16 };
    const r = applyAccelerometer(x, 10_000, a, new Random(1), out);
    const lsb = 100 / 65536;
    expect(r.clipped).toBe(2);
    expect(out[1]).toBeCloseTo(2, 3);
    // a 16-bit two's-complement converter: codes -32768 (-range) to 32767, one step under
    // +range (+range itself had come out as code 32768, which 16 bits cannot hold)
    expect(out[3]).toBe(32767 * lsb);
    expect(out[4]).toBe(-32768 * lsb);
    expect(Math.abs(out[5]! - 0.246912)).toBeLessThanOrEqual(lsb / 2);
    // at the edges (gain 2): exactly +-range, half a step under +range (rounds to +range:
    // clipped) and one step under it (the top code itself)
    const edge = Float64Array.from([25, -25, 25 - lsb / 4, 25 - lsb / 2]);
    const e = new Float64Array(edge.length);
    expect(applyAccelerometer(edge, 10_000, a, new Random(1), e).clipped).toBe(2);
    expect(Array.from(e, (v) => Math.round(v / lsb))).toEqual([32767, -32768, 32767, 32767]);
  });

  it('puts full-scale spikes through the converter: every sample is a code it can hold', () => {
    const x = new Float64Array(4096);
    const out = new Float64Array(x.length);
    const a = { gain: 1, noiseDensityGPerSqrtHz: 1e-3, rangeG: 50, adcBits: 16 };
    const spikes = { kind: 'spikes' as const, magnitude: 1, elapsedH: 0 };
    applyAccelerometer(x, 10_000, a, new Random(2), out, spikes);
    const lsb = 100 / 65536;
    const codes = Array.from(out, (v) => v / lsb);
    expect(codes.every((c) => Number.isInteger(c) && c >= -32768 && c <= 32767)).toBe(true);
    // and the spikes are there, at the end codes
    expect(codes.filter((c) => c === 32767 || c === -32768).length).toBeGreaterThan(0);
  });

  it('adds white noise of the stated density', () => {
    const n = 200_000;
    const out = new Float64Array(n);
    const a = { gain: 1, noiseDensityGPerSqrtHz: 1e-4, rangeG: 50, adcBits: 24 };
    applyAccelerometer(new Float64Array(n), 20_000, a, new Random(3), out);
    const rms = Math.sqrt(out.reduce((s, v) => s + v * v, 0) / n);
    // density * sqrt(fs/2) = 1e-4 * 100
    expect(rms / 0.01).toBeGreaterThan(0.98);
    expect(rms / 0.01).toBeLessThan(1.02);
  });

  it('marks dropped samples as NaN', () => {
    const out = new Float32Array(1000);
    applyAccelerometer(
      new Float64Array(1000),
      1000,
      { gain: 1, noiseDensityGPerSqrtHz: 0, rangeG: 5, adcBits: 16 },
      new Random(2),
      out,
      {
        kind: 'dropout',
        magnitude: 1,
        elapsedH: 0,
      },
    );
    expect(out.filter((v) => Number.isNaN(v)).length).toBeGreaterThan(50);
  });
});
