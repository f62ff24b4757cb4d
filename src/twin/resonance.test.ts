import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { ResonatorBank, antiAliasGain } from './resonance.js';

describe('ResonatorBank', () => {
  const fs = 12_000;
  const mode = { freqHz: 3000, dampingRatio: 0.05, gain: 2 };

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
    // The white-noise impulse response is h[n] = g r^n sin(th (n+1)), r = e^{-s T}, th = w_d T;
    // its energy sum h^2 has the geometric-series closed form below.
    const bank = new ResonatorBank([mode], fs);
    const wn = 2 * Math.PI * 3000;
    const r = Math.exp((-0.05 * wn) / fs);
    const th = (wn * Math.sqrt(1 - 0.05 ** 2)) / fs;
    // sum_{n>=0} r^{2n} sin^2(th (n+1)) = (1/r^2) sum_{m>=1} r^{2m} sin^2(th m)
    //   = (1/(2 r^2)) [ r^2/(1-r^2) - Re( r^2 e^{2i th} / (1 - r^2 e^{2i th}) ) ]
    const c = Math.cos(2 * th);
    const s = Math.sin(2 * th);
    const zr = r * r * c;
    const zi = r * r * s;
    const den = (1 - zr) ** 2 + zi ** 2;
    const re = (zr * (1 - zr) - zi * zi) / den;
    const sumSq = ((r * r) / (1 - r * r) - re) / (2 * r * r);
    const g = 2 * antiAliasGain(3000, fs);
    expect(bank.noiseGainRms).toBeCloseTo(g * Math.sqrt(sumSq), 6);
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
