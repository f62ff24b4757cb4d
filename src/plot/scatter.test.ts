/** Tests of scatter charts: points, identity line, alpha band, square shared domain. */
import { describe, expect, it } from 'vitest';
import { scatterChart } from './scatter.js';
import { countElements, xmlProblems } from './xml-check.js';

describe('scatterChart', () => {
  const x = [10, 50, 120, 200, NaN, 280];
  const y = [12, 45, 130, 180, 5, 300];

  it('draws one translucent circle per finite point', () => {
    const svg = scatterChart({ series: [{ name: 'RUL', x, y, opacity: 0.3 }] });
    expect(xmlProblems(svg)).toEqual([]);
    expect(countElements(svg, 'circle')).toBe(5);
    expect(svg).toContain('fill-opacity="0.3"');
  });

  it('with an identity line shares one domain on a square plot, with the band and legend', () => {
    const svg = scatterChart({
      series: [{ name: 'test machines', x, y }],
      identity: true,
      band: { alpha: 0.2 },
      xLabel: 'True RUL (h)',
      yLabel: 'Predicted RUL (h)',
    });
    expect(xmlProblems(svg)).toEqual([]);
    const clip =
      /<clipPath[^>]*><rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
    expect(Number(clip?.[1])).toBeCloseTo(Number(clip?.[2]), 1);
    expect(svg).toContain('>y = x</text>');
    expect(svg).toContain('>\u00b120%</text>');
    // The band is a closed path.
    expect(svg).toMatch(/<path d="M[^"]+Z" fill="#666666" fill-opacity="0.18"/);
  });

  it('rejects a negative band', () => {
    expect(() => scatterChart({ series: [], band: { alpha: -1 } })).toThrow(/alpha/);
  });
});
