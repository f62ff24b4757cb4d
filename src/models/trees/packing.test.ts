import { describe, expect, it } from 'vitest';
import { HessianPacking, packHessians } from './packing.js';

describe('HessianPacking', () => {
  it('keeps exact counts and hessians to 1 / levels in sums of up to `rows` rows', () => {
    const rows = 200_000;
    const p = new HessianPacking(rows, 0.25);
    // 2^18 > 200 000 rows; levels = floor(2^53 / (200 000 * 2^18)) - 1.
    expect(p.unit).toBe(2 ** 18);
    const levels = Math.floor(2 ** 53 / (rows * 2 ** 18)) - 1;
    expect(p.scale).toBeCloseTo(levels / 0.25, 6);
    let sum = 0;
    let exact = 0;
    for (let i = 0; i < rows; i++) {
      const h = (0.25 * ((i * 7919) % 1000)) / 1000;
      sum += p.pack(h);
      exact += h;
    }
    expect(Number.isSafeInteger(sum)).toBe(true);
    expect(p.count(sum)).toBe(rows);
    expect(Math.abs(p.hessian(sum) - exact)).toBeLessThan((rows * 0.5) / p.scale);
  });

  it('packs the rows of an index list', () => {
    const gh = Float64Array.of(0.1, 0.2, -0.3, 0.05, 0.7, 0.25);
    const idx = Uint32Array.of(0, 2);
    const { packing, total, gradientSum } = packHessians(idx, 2, gh, 0.25);
    expect(packing.count(total)).toBe(2);
    expect(packing.hessian(total)).toBeCloseTo(0.45, 4);
    expect(gradientSum).toBeCloseTo(0.8, 12);
    expect(gh[3]).toBe(0.05); // rows outside the list are untouched
  });
});
