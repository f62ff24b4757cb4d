import { describe, expect, it } from 'vitest';
import { thin } from './evaluate.js';
import { leadTimeText } from './report.js';

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
