import { describe, expect, it } from 'vitest';
import { HessianPacking } from './packing.js';

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
});
