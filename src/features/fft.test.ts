import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import {
  complexFftPlan,
  directFft,
  isFastSize,
  nextFastSize,
  pffftAvailable,
  realFftPlan,
  type FftBackend,
} from './fft.js';

/** Reference: the O(n^2) DFT X[k] = sum_j x[j] e^{-2 pi i k j / n} in float64. */
function naiveDft(xr: Float64Array, xi: Float64Array): [Float64Array, Float64Array] {
  const n = xr.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      // (k j) mod n keeps the angle exact for large products.
      const angle = (-2 * Math.PI * ((k * j) % n)) / n;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      sr += xr[j]! * c - xi[j]! * s;
      si += xr[j]! * s + xi[j]! * c;
    }
    re[k] = sr;
    im[k] = si;
  }
  return [re, im];
}

const naiveCache = new Map<string, [Float64Array, Float64Array]>();

/** `naiveDft`, memoised so that both back-ends compare against one reference run. */
function reference(key: string, xr: Float64Array, xi: Float64Array): [Float64Array, Float64Array] {
  let r = naiveCache.get(key);
  if (!r) naiveCache.set(key, (r = naiveDft(xr, xi)));
  return r;
}

function noise(n: number, seed: number): Float64Array {
  const rng = new Random(seed, 'fft-test');
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal();
  return x;
}

function norm(...arrays: Float64Array[]): number {
  let s = 0;
  for (const a of arrays) for (const v of a) s += v * v;
  return Math.sqrt(s);
}

/** Largest |a - b| over the first `count` entries. */
function maxDiff(a: Float64Array, b: Float64Array, count = a.length): number {
  let m = 0;
  for (let i = 0; i < count; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const SIZES = [1, 2, 3, 5, 7, 8, 12, 15, 16, 32, 48, 96, 97, 1000, 1024, 7001, 12000];
const BACKENDS: readonly FftBackend[] = pffftAvailable ? ['pffft', 'js'] : ['js'];
// Relative to the signal norm: pffft computes in float32, the JS back-end in float64.
const TOL: Record<FftBackend, number> = { pffft: 1e-5, js: 1e-9 };
const backendFor = (n: number, backend: FftBackend): FftBackend =>
  backend === 'pffft' && !isFastSize(n) ? 'js' : backend;

describe('fast sizes', () => {
  it('accepts 2^a 3^b 5^c with a >= 5 and rejects the rest', () => {
    for (const n of [32, 64, 96, 160, 288, 480, 1000 * 32, 12000, 2 ** 24])
      expect(isFastSize(n)).toBe(true);
    // pffft.h calls 48 valid, but the SIMD build's real transform asserts N % 32 == 0.
    for (const n of [1, 2, 16, 24, 48, 1000, 7001, 32 * 7, 2 ** 25, 32.5, -32])
      expect(isFastSize(n)).toBe(false);
  });

  it('rejects sizes whose factorisation overflows pffft (32 * 3^11 needs 14 passes)', () => {
    expect(isFastSize(32 * 3 ** 10)).toBe(true);
    expect(isFastSize(32 * 3 ** 11)).toBe(false);
  });

  it('finds the smallest fast size at or above n', () => {
    // Brute force over the definition as the independent check.
    for (const n of [1, 31, 33, 100, 1000, 1025, 4002, 7001, 12001]) {
      let m = Math.max(1, Math.ceil(n));
      while (!isFastSize(m)) m++;
      expect(nextFastSize(n)).toBe(m);
    }
    expect(nextFastSize(12000)).toBe(12000);
    expect(() => nextFastSize(2 ** 24 + 1)).toThrow(/n: expected a number <= 16777216/);
  });
});

describe.each(BACKENDS)('real FFT, %s back-end', (backend) => {
  it.each(SIZES)('matches the naive DFT for n = %i', (n) => {
    const x = noise(n, n);
    const [er, ei] = reference(`real ${n}`, x, new Float64Array(n));
    const plan = realFftPlan(n, { backend: backendFor(n, backend) });
    const bins = Math.floor(n / 2) + 1;
    const re = new Float64Array(bins);
    const im = new Float64Array(bins);
    plan.forward(x, re, im);
    const scale = norm(er, ei) / Math.sqrt(n) + 1e-300;
    expect(maxDiff(re, er, bins) / scale).toBeLessThan(TOL[plan.backend]);
    expect(maxDiff(im, ei, bins) / scale).toBeLessThan(TOL[plan.backend]);
  });

  it.each(SIZES)('round-trips n = %i', (n) => {
    const x = noise(n, 1000 + n);
    const plan = realFftPlan(n, { backend: backendFor(n, backend) });
    const re = new Float64Array(Math.floor(n / 2) + 1);
    const im = new Float64Array(re.length);
    const y = new Float64Array(n);
    plan.forward(x, re, im);
    plan.inverse(re, im, y);
    expect(maxDiff(x, y) / (norm(x) / Math.sqrt(n))).toBeLessThan(TOL[plan.backend]);
  });

  it.each([1000, 1024, 7001, 12000])('satisfies Parseval for n = %i', (n) => {
    // sum |x|^2 = (1/n) sum_k |X_k|^2, with bins 1 .. ceil(n/2)-1 counted twice.
    const x = noise(n, 2000 + n);
    const plan = realFftPlan(n, { backend: backendFor(n, backend) });
    const re = new Float64Array(Math.floor(n / 2) + 1);
    const im = new Float64Array(re.length);
    plan.forward(x, re, im);
    let spectral = 0;
    for (let k = 0; k < re.length; k++) {
      const twice = k > 0 && 2 * k !== n;
      spectral += (twice ? 2 : 1) * (re[k]! ** 2 + im[k]! ** 2);
    }
    expect(spectral / n / norm(x) ** 2).toBeCloseTo(1, 5);
  });

  it('accepts Float32Array input', () => {
    const x64 = noise(96, 7);
    const x32 = Float32Array.from(x64);
    const plan = realFftPlan(96, { backend: backendFor(96, backend) });
    const [r1, i1, r2, i2] = [0, 0, 0, 0].map(() => new Float64Array(49)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    plan.forward(x64, r1, i1);
    plan.forward(x32, r2, i2);
    expect(maxDiff(r1, r2)).toBeLessThan(1e-5 * norm(x64));
  });
});

describe.each(BACKENDS)('complex FFT, %s back-end', (backend) => {
  it.each(SIZES)('matches the naive DFT and round-trips for n = %i', (n) => {
    const xr = noise(n, 3000 + n);
    const xi = noise(n, 4000 + n);
    const [er, ei] = reference(`complex ${n}`, xr, xi);
    const plan = complexFftPlan(n, { backend: backendFor(n, backend) });
    const re = xr.slice();
    const im = xi.slice();
    plan.forward(re, im);
    const scale = norm(er, ei) / Math.sqrt(n);
    expect(maxDiff(re, er) / scale).toBeLessThan(TOL[plan.backend]);
    expect(maxDiff(im, ei) / scale).toBeLessThan(TOL[plan.backend]);
    plan.inverse(re, im);
    const xScale = norm(xr, xi) / Math.sqrt(n);
    expect(maxDiff(re, xr) / xScale).toBeLessThan(TOL[plan.backend]);
    expect(maxDiff(im, xi) / xScale).toBeLessThan(TOL[plan.backend]);
  });
});

/** Direct transforms keep float32 buffers on both back-ends. */
const DIRECT_TOL = 1e-5;

describe.each(BACKENDS)('direct-access FFT, %s back-end', (backend) => {
  it.each([32, 96, 480, 1000])('complex: matches the naive DFT both ways for n = %i', (n) => {
    const xr = noise(n, 7000 + n);
    const xi = noise(n, 8000 + n);
    const [er, ei] = reference(`direct complex ${n}`, xr, xi);
    const fft = directFft(n, false, { backend: backendFor(n, backend) });
    const d = fft.data();
    for (let k = 0; k < n; k++) {
      d[fft.inOff + 2 * k] = xr[k]!;
      d[fft.inOff + 2 * k + 1] = xi[k]!;
    }
    fft.run(false);
    const out = (part: 0 | 1): Float64Array =>
      Float64Array.from({ length: n }, (_, k) => d[fft.outOff + 2 * k + part]!);
    const scale = norm(er, ei) / Math.sqrt(n);
    expect(maxDiff(out(0), er) / scale).toBeLessThan(DIRECT_TOL);
    expect(maxDiff(out(1), ei) / scale).toBeLessThan(DIRECT_TOL);
    // Unnormalised inverse of the spectrum: n times the signal.
    for (let k = 0; k < n; k++) {
      d[fft.inOff + 2 * k] = er[k]!;
      d[fft.inOff + 2 * k + 1] = ei[k]!;
    }
    fft.run(true);
    const back = (part: 0 | 1): Float64Array => out(part).map((v) => v / n);
    const xScale = norm(xr, xi) / Math.sqrt(n);
    expect(maxDiff(back(0), xr) / xScale).toBeLessThan(DIRECT_TOL);
    expect(maxDiff(back(1), xi) / xScale).toBeLessThan(DIRECT_TOL);
  });

  it.each([32, 480, 1000])('real: packs X[0], X[n/2] and the bins between for n = %i', (n) => {
    const x = noise(n, 9000 + n);
    const [er, ei] = reference(`direct real ${n}`, x, new Float64Array(n));
    const fft = directFft(n, true, { backend: backendFor(n, backend) });
    const d = fft.data();
    d.set(x, fft.inOff);
    fft.run(false);
    const o = fft.outOff;
    const re = new Float64Array(n / 2 + 1);
    const im = new Float64Array(n / 2 + 1);
    re[0] = d[o]!;
    re[n / 2] = d[o + 1]!;
    for (let k = 1; k < n / 2; k++) {
      re[k] = d[o + 2 * k]!;
      im[k] = d[o + 2 * k + 1]!;
    }
    const scale = norm(x);
    expect(maxDiff(re, er, n / 2 + 1) / scale).toBeLessThan(DIRECT_TOL);
    expect(maxDiff(im, ei, n / 2 + 1) / scale).toBeLessThan(DIRECT_TOL);
  });

  it('refuses an odd real size and a real inverse', () => {
    expect(() => directFft(33, true)).toThrow(/even size, got 33/);
    if (backend === 'js') {
      expect(() => {
        directFft(64, true, { backend: 'js' }).run(true);
      }).toThrow(/forward only/);
    }
  });
});

describe('back-ends', () => {
  it('loads pffft in this environment', () => {
    expect(pffftAvailable).toBe(true);
    expect(realFftPlan(12000).backend).toBe('pffft');
    expect(realFftPlan(7001).backend).toBe('js');
    expect(realFftPlan(12000, { backend: 'js' }).backend).toBe('js');
  });

  it.each([32, 480, 4096, 12000, 65536])('agree for n = %i', (n) => {
    const x = noise(n, 5000 + n);
    const bins = n / 2 + 1;
    const [ra, ia, rb, ib] = [0, 0, 0, 0].map(() => new Float64Array(bins)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    realFftPlan(n, { backend: 'pffft' }).forward(x, ra, ia);
    realFftPlan(n, { backend: 'js' }).forward(x, rb, ib);
    const scale = norm(x);
    expect(maxDiff(ra, rb) / scale).toBeLessThan(1e-5);
    expect(maxDiff(ia, ib) / scale).toBeLessThan(1e-5);
  });

  it('caches plans per size and back-end', () => {
    expect(realFftPlan(1024)).toBe(realFftPlan(1024));
    expect(realFftPlan(1024, { backend: 'js' })).not.toBe(realFftPlan(1024, { backend: 'pffft' }));
    expect(complexFftPlan(97)).toBe(complexFftPlan(97));
  });

  it('stays correct after another plan grows the wasm heap', () => {
    const x = noise(480, 11);
    const plan = realFftPlan(480);
    const before = [new Float64Array(241), new Float64Array(241)] as const;
    plan.forward(x, ...before);
    realFftPlan(2 ** 22); // 48 MiB of buffers: forces memory.grow, detaching old heap views.
    const after = [new Float64Array(241), new Float64Array(241)] as const;
    plan.forward(x, ...after);
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toEqual(before[1]);
  });
});

describe('input checks', () => {
  it('rejects bad sizes and buffer lengths with the parameter named', () => {
    expect(() => realFftPlan(0)).toThrow(/n: expected an integer >= 1, got 0/);
    expect(() => complexFftPlan(2.5)).toThrow(/n: expected an integer >= 1/);
    expect(() => realFftPlan(1000, { backend: 'pffft' })).toThrow(/n: the pffft backend needs/);
    const plan = realFftPlan(64);
    const [x63, x64, b32, b33] = [63, 64, 32, 33].map((len) => new Float64Array(len)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    expect(() => {
      plan.forward(x63, b33, b33);
    }).toThrow(/input: expected length 64, got 63/);
    expect(() => {
      plan.forward(x64, b32, b33);
    }).toThrow(/re: expected length >= 33, got 32/);
    expect(() => {
      complexFftPlan(12).forward(new Float64Array(12), new Float64Array(11));
    }).toThrow(/im: expected length 12, got 11/);
  });
});
