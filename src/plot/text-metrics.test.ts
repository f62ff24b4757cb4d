/** Tests of text width estimates against DejaVu Sans advance widths. */
import { describe, expect, it } from 'vitest';
import { textWidthPx, truncateToWidth } from './text-metrics.js';

describe('textWidthPx', () => {
  it('adds the DejaVu Sans advances: digits 0.636 em, space 0.318 em', () => {
    expect(textWidthPx('1000', 10)).toBeCloseTo(4 * 6.36, 9);
    expect(textWidthPx('1 0', 10)).toBeCloseTo(6.36 * 2 + 3.18, 9);
    expect(textWidthPx('W', 12, true)).toBeGreaterThan(textWidthPx('W', 12));
  });
});

describe('truncateToWidth', () => {
  it('leaves short text alone and ends cut text with an ellipsis inside the width', () => {
    expect(truncateToWidth('kurtosis', 200, 12)).toBe('kurtosis');
    const cut = truncateToWidth('a_very_long_feature_name_indeed', 100, 12);
    expect(cut.endsWith('\u2026')).toBe(true);
    expect(textWidthPx(cut, 12)).toBeLessThanOrEqual(100);
  });
});
