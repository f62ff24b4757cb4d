import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { CaptureSpectrum } from './capture-spectrum.js';
import {
  BandSelector,
  candidateBands,
  selectDemodulationBand,
  stftSpectralKurtosis,
} from './spectral-kurtosis.js';

const FS_HZ = 12_000;
const N = 12_000;

function noise(sigma: number, seed: number): Float64Array {
  const x = new Float64Array(N);
  new Random(seed, 'sk-noise').fillNormal(x);
  return x.map((v) => sigma * v);
}

/** Impacts every 1/107.3 s (jittered 1 %), each ringing a 3 kHz mode (time constant 1 ms). */
function impacts(seed: number): Float64Array {
  const rng = new Random(seed, 'sk-impacts');
  const x = new Float64Array(N);
  for (let t0 = 0.003; t0 < 1; t0 += (1 + 0.01 * rng.normal()) / 107.3) {
    for (let j = Math.ceil(t0 * FS_HZ); j < N && j / FS_HZ - t0 < 0.01; j++) {
      const dt = j / FS_HZ - t0;
      x[j] = x[j]! + Math.exp(-dt / 0.001) * Math.sin(2 * Math.PI * 3000 * dt);
    }
  }
  return x;
}

/** Sum of two records. */
function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, j) => v + b[j]!);
}

const search = { minHz: 500, maxHz: 0.45 * FS_HZ, minWidthHz: 256 };

describe('BandSelector', () => {
  it('chooses a band holding the 3 kHz resonance that impacts ring in white noise', () => {
    for (const seed of [1, 2, 3]) {
      // Impacts' RMS about 0.1, noise RMS 0.2: the impulses hide in the raw waveform.
      const x = add(noise(0.2, seed), impacts(seed));
      const band = selectDemodulationBand(x, FS_HZ, search);
      expect(band.loHz).toBeLessThanOrEqual(3000);
      expect(band.hiHz).toBeGreaterThanOrEqual(3000);
      expect(band.sk).toBeGreaterThan(1);
    }
  });

  it('reads SK near 0 (kurtosis near 3) for Gaussian noise, whatever band it picks', () => {
    for (const seed of [4, 5]) {
      const band = selectDemodulationBand(noise(1, seed), FS_HZ, search);
      // 512 instants per band: the estimator's standard deviation is about 0.2, and the
      // maximum over ~40 candidates sits a few of them above 0.
      expect(Math.abs(band.sk)).toBeLessThan(0.8);
      expect(band.kurtosis).toBeCloseTo(1.5 * (band.sk + 2), 12);
      expect(Math.abs(band.kurtosis - 3)).toBeLessThan(1.2);
    }
  });

  it('reads SK = -1 for a band holding one pure tone (|z| constant)', () => {
    const x = Float64Array.from({ length: N }, (_, j) =>
      Math.cos((2 * Math.PI * 2000 * j) / FS_HZ),
    );
    const spec = new CaptureSpectrum().compute(x, FS_HZ);
    expect(new BandSelector().bandSk(spec, 1500, 2500)).toBeCloseTo(-1, 5);
  });

  it("does not read the band-pass ringing at the record's ends as impacts", () => {
    // a 3 kHz carrier modulated at 107.5 Hz: its sidebands lie between the 1 Hz bins, and the
    // jump where the record's ends meet rang out in every band near them (SK 91 at
    // 1920-2688 Hz, which holds noise alone)
    const n = noise(0.02, 11);
    const x = Float64Array.from(
      n,
      (v, j) =>
        v +
        (1 + 0.5 * Math.cos((2 * Math.PI * 107.5 * j) / FS_HZ)) *
          Math.cos((2 * Math.PI * 3000 * j) / FS_HZ),
    );
    const spec = new CaptureSpectrum().compute(x, FS_HZ);
    expect(Math.abs(new BandSelector().bandSk(spec, 1920, 2688))).toBeLessThan(0.5);
    // noise alone in that band reads the same
    const quiet = new CaptureSpectrum().compute(n, FS_HZ);
    expect(Math.abs(new BandSelector().bandSk(quiet, 1920, 2688))).toBeLessThan(0.5);
  });

  it('estimates the same SK whether a band is folded to fewer instants or not', () => {
    // 1000 band bins at 1024 instants (no folding) or at 512 and 256 (folded twice, 4 times):
    // each estimates the same kurtosis, with a spread that grows as instants get fewer.
    const spec = new CaptureSpectrum().compute(add(noise(0.1, 9), impacts(9)), FS_HZ);
    const sel = new BandSelector();
    const full = sel.bandSk(spec, 2500, 3500, 1024);
    expect(full).toBeGreaterThan(2);
    for (const m of [512, 256]) {
      expect(Math.abs(sel.bandSk(spec, 2500, 3500, m) / full - 1)).toBeLessThan(0.2);
    }
  });

  it('prefers the widest band within the width preference of the best SK', () => {
    const spec = new CaptureSpectrum().compute(add(noise(0.3, 1), impacts(1)), FS_HZ);
    const sel = new BandSelector();
    const pure = sel.select(spec, { ...search, widthPreference: 1 });
    const preferred = sel.select(spec, search);
    expect(preferred.hiHz - preferred.loHz).toBeGreaterThanOrEqual(pure.hiHz - pure.loHz);
    expect(preferred.sk).toBeGreaterThanOrEqual(0.8 * pure.sk);
    expect(preferred.maxSk).toBe(pure.sk);
    expect(() => sel.select(spec, { ...search, widthPreference: 0 })).toThrow(/widthPreference/);
  });
});

describe('candidateBands', () => {
  it('tiles [minHz, maxHz] with 1/3-binary widths overlapping by half, then the whole range', () => {
    const bands = candidateBands(800, 5400, 700);
    // Widths 768, 1024, 1536, 2048, 3072 (>= 700, < span 4600), anchored on multiples of w/2.
    const widths = [...new Set(bands.map(([lo, hi]) => hi - lo))];
    expect(widths).toEqual([768, 1024, 1536, 2048, 3072, 4600]);
    expect(bands.at(-1)).toEqual([800, 5400]);
    for (const [lo, hi] of bands) {
      expect(lo).toBeGreaterThanOrEqual(800);
      expect(hi).toBeLessThanOrEqual(5400);
      if (hi - lo !== 4600) expect(lo % ((hi - lo) / 2)).toBe(0);
    }
    expect(bands.filter(([lo, hi]) => hi - lo === 768).map(([lo]) => lo)).toEqual([
      1152, 1536, 1920, 2304, 2688, 3072, 3456, 3840, 4224, 4608,
    ]);
    expect(() => candidateBands(100, 50)).toThrow(/minHz, maxHz: expected 0 <= minHz < maxHz/);
  });
});

describe('stftSpectralKurtosis', () => {
  it('is near 0 for noise and peaks near the resonance for impacts (Antoni 2006)', () => {
    const flat = stftSpectralKurtosis(noise(1, 7), FS_HZ, 64);
    expect(flat.dfHz).toBe(187.5);
    expect(flat.frames).toBe(747);
    const inner = Array.from(flat.sk.subarray(1, -1));
    expect(Math.max(...inner.map(Math.abs))).toBeLessThan(0.5);
    expect(flat.sk[0]).toBeNaN();

    const sk = stftSpectralKurtosis(add(impacts(7), noise(0.1, 7)), FS_HZ, 64).sk;
    let best = 1;
    for (let k = 1; k < sk.length - 1; k++) if (sk[k]! > sk[best]!) best = k;
    expect(Math.abs(best * 187.5 - 3000)).toBeLessThanOrEqual(400);
  });

  it('rejects a bad window with the parameter named', () => {
    expect(() => stftSpectralKurtosis(noise(1, 1), FS_HZ, 63)).toThrow(/windowLength: expected/);
    expect(() => stftSpectralKurtosis(new Float64Array(10), FS_HZ, 64)).toThrow(/x: expected/);
  });
});
