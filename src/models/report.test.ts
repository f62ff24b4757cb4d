import { describe, expect, it } from 'vitest';
import { thin } from './evaluate.js';
import { formatMetric, leadTimeText } from './report.js';

describe('report text', () => {
  it('says lead times in words, and n/a when no failure was warned of', () => {
    expect(leadTimeText({ median: 93.37, p10: 31.28 })).toBe('median 93.4, p10 31.3');
    expect(leadTimeText({ median: 12, p10: Number.NaN })).toBe('median 12.0, p10 n/a');
    expect(leadTimeText({ median: null, p10: null })).toBe('n/a (no failure warned of)');
    expect(leadTimeText({ median: Number.NaN, p10: Number.NaN })).toBe(
      'n/a (no failure warned of)',
    );
  });
});

describe('metric cells', () => {
  it('show integers whole, fractions to three decimals and huge sums in four digits', () => {
    expect(formatMetric(49615)).toBe('49615');
    expect(formatMetric(0.32391413886929354)).toBe('0.324');
    expect(formatMetric(131.09646535847125)).toBe('131.096');
    expect(formatMetric(1234.56789)).toBe('1234.568');
    // a PHM08 score summed over rows in hours
    expect(formatMetric(1.5641865317204177e22)).toBe('1.564e+22');
    expect(formatMetric(-2.5e7)).toBe('-2.500e+7');
    expect(formatMetric(Number.NaN)).toBe('n/a');
    expect(formatMetric(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(formatMetric(null)).toBe('n/a');
    expect(formatMetric('a<b')).toBe('a&lt;b');
    expect(formatMetric({ a: 1 })).toBe('{&quot;a&quot;:1}');
  });
});

describe('curve thinning', () => {
  it('keeps both ends of a long curve', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i / 1000);
    const t = thin(xs, 400);
    expect(t.length).toBe(400);
    expect(t[0]).toBe(0);
    expect(t[399]).toBe(1);
    expect(thin([1, 2, 3], 400)).toEqual([1, 2, 3]);
  });
});
