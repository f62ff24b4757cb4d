import { describe, expect, it } from 'vitest';
import {
  WINDOW_KINDS,
  windowCoefficients,
  windowCoherentGain,
  windowEnbwBins,
  type WindowKind,
} from './window.js';

const FLATTOP = [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368] as const;

describe('window coefficients', () => {
  it('are periodic: w[j] = w[n - j], with Hann zero at j = 0 and one at n/2', () => {
    for (const kind of WINDOW_KINDS) {
      const w = windowCoefficients(kind, 64);
      for (let j = 1; j < 64; j++) expect(w[j]).toBeCloseTo(w[64 - j]!, 14);
    }
    const hann = windowCoefficients('hann', 64);
    expect(hann[0]).toBe(0);
    expect(hann[32]).toBeCloseTo(1, 15);
    expect(hann[16]).toBeCloseTo(0.5, 15);
    expect(windowCoefficients('hamming', 64)[0]).toBeCloseTo(0.08, 15);
    // The flat-top coefficients sum to 1 (to 3e-9), its value at the centre.
    expect(windowCoefficients('flattop', 64)[32]).toBeCloseTo(1, 8);
  });

  it('are cached, and a length-1 window is [1]', () => {
    expect(windowCoefficients('hann', 100)).toBe(windowCoefficients('hann', 100));
    for (const kind of WINDOW_KINDS) expect(Array.from(windowCoefficients(kind, 1))).toEqual([1]);
  });

  it('rejects unknown kinds and bad lengths', () => {
    expect(() => windowCoefficients('kaiser' as WindowKind, 8)).toThrow(
      /window: expected one of rect, hann, hamming, flattop, got kaiser/,
    );
    expect(() => windowCoefficients('hann', 0)).toThrow(/n: expected an integer >= 1, got 0/);
  });
});

describe('coherent gain and ENBW', () => {
  // For a periodic cosine sum with 2K < n, orthogonality of the cosines over a period gives
  // CG = a0 and ENBW = (a0^2 + sum_{k>=1} a_k^2 / 2) / a0^2, exactly.
  const expected: Record<WindowKind, [number, number]> = {
    rect: [1, 1],
    hann: [0.5, 1.5],
    hamming: [0.54, (0.54 ** 2 + 0.46 ** 2 / 2) / 0.54 ** 2],
    flattop: [
      FLATTOP[0],
      (FLATTOP[0] ** 2 + FLATTOP.slice(1).reduce((s, a) => s + a * a, 0) / 2) / FLATTOP[0] ** 2,
    ],
  };

  it.each(WINDOW_KINDS)('match the closed forms for %s', (kind) => {
    const [cg, enbw] = expected[kind];
    for (const n of [16, 1000, 1001]) {
      expect(windowCoherentGain(kind, n)).toBeCloseTo(cg, 12);
      expect(windowEnbwBins(kind, n)).toBeCloseTo(enbw, 12);
    }
  });

  it('gives the textbook values (Harris 1978, Table 1)', () => {
    expect(windowEnbwBins('hann', 1024)).toBeCloseTo(1.5, 2);
    expect(windowEnbwBins('hamming', 1024)).toBeCloseTo(1.36, 2);
  });
});
