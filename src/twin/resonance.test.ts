import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { ResonatorBank, antiAliasGain } from './resonance.js';

describe('ResonatorBank', () => {
  const fs = 12_000;
  const mode = { freqHz: 3000, dampingRatio: 0.05, gain: 2 };
  // The mode's discrete pole r e^{i th} (r = e^{-s T}, th = w_d T) and the scale K = g cos(th / 2)
  // of its differenced noise (g: the gain after the anti-aliasing filter), written out here
  const modeWn = 2 * Math.PI * mode.freqHz;
  const poleR = Math.exp((-mode.dampingRatio * modeWn) / fs);
  const poleTh = (modeWn * Math.sqrt(1 - mode.dampingRatio ** 2)) / fs;
  const noiseK = mode.gain * antiAliasGain(mode.freqHz, fs) * Math.cos(poleTh / 2);

  it('places an impact between samples exactly, as a ring-down whose samples sum to zero', () => {
    const bank = new ResonatorBank([mode], fs);
    const n = 600;
    const u = bank.createExcitation(n);
    const t0 = 100.37 / fs;
    bank.addImpact(u, t0, 1.5);
    const out = new Float64Array(n);
    bank.render(u, null, 0, out, 0);
    const wn = 2 * Math.PI * 3000;
    const sigma = 0.05 * wn;
    const wd = wn * Math.sqrt(1 - 0.05 ** 2);
    const g = 2 * antiAliasGain(3000, fs);
    // The samples e^{-s tau_n} cos(wd tau_n + phi), tau_n = tau_0 + n T, sum to
    // Re(e^{i phi} q^{tau_0/T} / (1 - q)) with q = e^{(-s + i wd) T} (a geometric series): zero
    // for phi = pi/2 - arg(q^{tau_0/T} / (1 - q)), the root nearest the continuous zero-area
    // phase atan(s / wd).
    const tau0 = Math.ceil(t0 * fs) / fs - t0;
    const T = 1 / fs;
    const nr = Math.exp(-sigma * tau0) * Math.cos(wd * tau0);
    const ni = Math.exp(-sigma * tau0) * Math.sin(wd * tau0);
    const dr = 1 - Math.exp(-sigma * T) * Math.cos(wd * T);
    const di = -Math.exp(-sigma * T) * Math.sin(wd * T);
    const psi = Math.atan(sigma / wd);
    let phi = Math.PI / 2 - (Math.atan2(ni, nr) - Math.atan2(di, dr));
    phi -= Math.PI * Math.round((phi - psi) / Math.PI);
    expect(Math.abs(phi - psi)).toBeLessThan(0.5);
    let maxErr = 0;
    let sum = 0;
    let absSum = 0;
    for (let i = 0; i < n; i++) {
      const tau = i / fs - t0;
      const expected = tau < 0 ? 0 : 1.5 * g * Math.exp(-sigma * tau) * Math.cos(wd * tau + phi);
      maxErr = Math.max(maxErr, Math.abs(out[i]! - expected));
      sum += out[i]!;
      absSum += Math.abs(out[i]!);
    }
    expect(maxErr).toBeLessThan(1e-12);
    expect(Math.abs(sum)).toBeLessThan(1e-12 * absSum);
  });

  it('rings down with zero net area (acceleration after a force impulse)', () => {
    const fsFine = 200_000;
    const bank = new ResonatorBank([{ freqHz: 800, dampingRatio: 0.04, gain: 1 }], fsFine);
    const n = 40_000;
    const u = bank.createExcitation(n);
    bank.addImpact(u, 10.3 / fsFine, 1);
    const out = new Float64Array(n);
    bank.render(u, null, 0, out, 0);
    const area = out.reduce((a, x) => a + x, 0) / fsFine;
    const absArea = out.reduce((a, x) => a + Math.abs(x), 0) / fsFine;
    expect(Math.abs(area)).toBeLessThan(1e-3 * absArea);
  });

  it('has the analytic white-noise gain for one mode', () => {
    // The noise is differenced before the mode: H(z) = K (1 - z^-1) / ((1 - p z^-1)(1 - conj(p)
    // z^-1)), p = r e^{i th}, r = e^{-s T}, th = w_d T, K = g cos(th / 2). Its impulse response is
    // h[n] = 2 Re(A p^n) with the residue A = K (p - 1) / (p - conj(p)), so the energy sum h^2 is
    // 2 |A|^2 / (1 - r^2) + 2 Re(A^2 / (1 - p^2)) (two geometric series).
    const bank = new ResonatorBank([mode], fs);
    const [r, th, k] = [poleR, poleTh, noiseK];
    type C = [number, number];
    const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
    const div = (a: C, b: C): C => {
      const d = b[0] * b[0] + b[1] * b[1];
      return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
    };
    const p: C = [r * Math.cos(th), r * Math.sin(th)];
    const a = div([k * (p[0] - 1), k * p[1]], [0, 2 * p[1]]);
    const p2 = mul(p, p);
    const cross = div(mul(a, a), [1 - p2[0], -p2[1]]);
    const sumSq = (2 * (a[0] * a[0] + a[1] * a[1])) / (1 - r * r) + 2 * cross[0];
    expect(bank.noiseGainRms).toBeCloseTo(Math.sqrt(sumSq), 6);
    // and a long noise run has that RMS
    const n = 200_000;
    const rng = new Random(3);
    const noise = new Float64Array(n);
    rng.fillNormal(noise);
    const out = new Float64Array(n - 1000);
    bank.render(bank.createExcitation(n), noise, 1, out, 1000);
    const rms = Math.sqrt(out.reduce((a, x) => a + x * x, 0) / out.length);
    expect(rms / bank.noiseGainRms).toBeGreaterThan(0.97);
    expect(rms / bank.noiseGainRms).toBeLessThan(1.03);
  });

  it('gives broadband noise no floor below the mode: its acceleration falls in proportion to f', () => {
    // The response to one unit of noise is the bank's impulse response; its spectrum at
    // f << f_mode is K w T |1 / (1 - a1 e^{-iwT} - a2 e^{-2iwT})|, about K w T / (w_n T)^2. Through
    // the all-pole recursion alone it was flat there, at 2 zeta of the peak: integrated to
    // velocity, a floor that rises as 1/f towards the shaft rate.
    const bank = new ResonatorBank([mode], fs);
    const n = 8192;
    const noise = new Float64Array(n);
    noise[0] = 1;
    const out = new Float64Array(n);
    bank.render(null, noise, 1, out, 0);
    const amp = (f: number): number => {
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        re += out[i]! * Math.cos((2 * Math.PI * f * i) / fs);
        im -= out[i]! * Math.sin((2 * Math.PI * f * i) / fs);
      }
      return Math.hypot(re, im);
    };
    // the exact response K |1 - e^{-iwT}| / |1 - a1 e^{-iwT} - a2 e^{-2iwT}|
    const a1 = 2 * poleR * Math.cos(poleTh);
    const a2 = -poleR * poleR;
    const exact = (f: number): number => {
      const x = (2 * Math.PI * f) / fs;
      const num = Math.hypot(1 - Math.cos(x), Math.sin(x));
      const den = Math.hypot(
        1 - a1 * Math.cos(x) - a2 * Math.cos(2 * x),
        a1 * Math.sin(x) + a2 * Math.sin(2 * x),
      );
      return (noiseK * num) / den;
    };
    for (const f of [20, 200, 3000]) expect(amp(f) / exact(f)).toBeCloseTo(1, 6);
    // 20 and 200 Hz: a tenth apart in frequency, a tenth apart in level (to 1 %)
    expect(amp(200) / amp(20)).toBeCloseTo(10, 1);
    // and far below the flat floor of about 2 zeta = 0.1 of the peak the all-pole recursion had
    const peak = amp(3000);
    expect(amp(20) / peak).toBeLessThan(1e-3);
  });

  it('attenuates modes above the anti-aliasing corner and keeps those well below', () => {
    expect(antiAliasGain(1000, 12_000)).toBeGreaterThan(0.999);
    // order 16 at 0.42 fs: |H(5000)| = 1/sqrt(1 + (5000/5040)^32) = 0.81; |H(5900)| = 0.080
    expect(antiAliasGain(5000, 12_000)).toBeCloseTo(1 / Math.sqrt(1 + (5000 / 5040) ** 32), 12);
    expect(antiAliasGain(5900, 12_000)).toBeLessThan(0.081);
    expect(antiAliasGain(6000, 12_000)).toBe(0);
    const bank = new ResonatorBank([mode, { freqHz: 9000, dampingRatio: 0.05, gain: 1 }], 12_000);
    expect(bank.modeCount).toBe(1);
  });
});
