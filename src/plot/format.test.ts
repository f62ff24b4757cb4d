/** Tests of tick and value formatting: shared decimals, SI prefixes, minus sign. */
import { describe, expect, it } from 'vitest';
import { formatDecade, formatPercent, formatTicks, formatValue } from './format.js';

const MINUS = '\u2212';

describe('formatTicks', () => {
  it('uses the fewest decimals that show every tick', () => {
    expect(formatTicks([0, 0.5, 1, 1.5])).toEqual(['0.0', '0.5', '1.0', '1.5']);
    expect(formatTicks([0, 0.02, 0.04])).toEqual(['0.00', '0.02', '0.04']);
    expect(formatTicks([0, 2000, 4000, 12_000])).toEqual(['0', '2000', '4000', '12000']);
    expect(formatTicks([0.1 + 0.2, 0.4])).toEqual(['0.3', '0.4']);
  });

  it('writes negatives with the minus sign and never -0', () => {
    expect(formatTicks([-1, -0, 1])).toEqual([`${MINUS}1`, '0', '1']);
    expect(formatTicks([-0.5, -0, 0.5])).toEqual([`${MINUS}0.5`, '0.0', '0.5']);
  });

  it('shares an SI prefix for large and tiny magnitudes', () => {
    expect(formatTicks([0, 50_000, 100_000, 150_000])).toEqual(['0', '50k', '100k', '150k']);
    expect(formatTicks([0, 2.5e6, 5e6])).toEqual(['0.0', '2.5M', '5.0M']);
    expect(formatTicks([-2e-6, 0, 2e-6, 4e-6])).toEqual([
      `${MINUS}2\u00b5`,
      '0',
      '2\u00b5',
      '4\u00b5',
    ]);
    expect(formatTicks([1e-4, 2e-4])).toEqual(['100\u00b5', '200\u00b5']);
  });
});

describe('formatValue', () => {
  it('keeps three significant digits and drops trailing zeros', () => {
    expect(formatValue(0.012345)).toBe('0.0123');
    expect(formatValue(1.5)).toBe('1.5');
    expect(formatValue(2)).toBe('2');
    expect(formatValue(12_345)).toBe('12345');
    expect(formatValue(123_456)).toBe('123k');
    expect(formatValue(-4.567e-6)).toBe(`${MINUS}4.57\u00b5`);
    expect(formatValue(0)).toBe('0');
  });
});

describe('formatDecade and formatPercent', () => {
  it('prints decades plain or as powers of ten', () => {
    expect(formatDecade(-3, true)).toBe('0.001');
    expect(formatDecade(4, true)).toBe('10000');
    expect(formatDecade(-12, false)).toBe('10\u207b\u00b9\u00b2');
  });

  it('prints shares as percentages with one decimal', () => {
    expect(formatPercent(0.4567)).toBe('45.7%');
    expect(formatPercent(1)).toBe('100.0%');
  });
});
