/** Tests of bar charts: sorting, grouping, value labels kept inside the picture. */
import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart.js';
import { textWidthPx } from './text-metrics.js';
import { THEME } from './theme.js';
import { xmlProblems } from './xml-check.js';

function bars(svg: string): { x: number; y: number; width: number; height: number }[] {
  const group = /<g shape-rendering="crispEdges">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [
    ...group.matchAll(/<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/g),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) }));
}

describe('barChart', () => {
  const features = ['kurtosis', 'rms', 'crest factor', 'skewness'];
  const importance = [0.05, 0.3, 0.12, -0.02];

  it('sorts horizontal bars largest first, top to bottom, longest bar for the largest', () => {
    const svg = barChart({
      categories: features,
      series: [{ name: 'importance', values: importance }],
      orientation: 'horizontal',
      sort: 'descending',
      valueLabels: true,
    });
    expect(xmlProblems(svg)).toEqual([]);
    const order = ['rms', 'crest factor', 'kurtosis', 'skewness'];
    const positions = order.map((name) => svg.indexOf(`>${name}</text>`));
    expect(positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
    const rects = bars(svg);
    expect(rects).toHaveLength(4);
    expect(rects[0]!.y).toBeLessThan(rects[1]!.y);
    expect(rects[0]!.width).toBeGreaterThan(rects[1]!.width);
    // The negative bar ends left of where the positive ones start.
    expect(rects[3]!.x).toBeLessThan(rects[0]!.x);
  });

  it('keeps value labels inside the picture', () => {
    const width = 500;
    const svg = barChart({
      categories: ['a', 'b'],
      series: [{ name: 'v', values: [123_456.7, 98_765.4] }],
      orientation: 'horizontal',
      valueLabels: true,
      valueFormat: (v) => `${v.toFixed(1)} EUR`,
      width,
      height: 200,
    });
    const m = /<text x="([\d.]+)" y="[\d.]+" text-anchor="start">123456.7 EUR<\/text>/.exec(svg);
    expect(m).not.toBeNull();
    const end = Number(m?.[1]) + textWidthPx('123456.7 EUR', THEME.annotationFontPx);
    expect(end).toBeLessThanOrEqual(width);
  });

  it('draws grouped bars, one per series and category, with a legend', () => {
    const svg = barChart({
      categories: ['run to failure', 'preventive', 'predictive'],
      series: [
        { name: 'cost (kEUR)', values: [120, 85, 48] },
        { name: 'downtime (h)', values: [96, 40, 15] },
      ],
      valueLabels: true,
    });
    expect(xmlProblems(svg)).toEqual([]);
    expect(bars(svg)).toHaveLength(6);
    expect(svg).toContain('>downtime (h)</text>');
  });

  it('limits to the top N and checks lengths', () => {
    const svg = barChart({
      categories: features,
      series: [{ name: 'i', values: importance }],
      sort: 'descending',
      limit: 2,
    });
    expect(bars(svg)).toHaveLength(2);
    expect(svg).not.toContain('>skewness<');
    expect(() => barChart({ categories: ['a'], series: [{ name: 's', values: [1, 2] }] })).toThrow(
      /2 values for 1 categories/,
    );
  });
});
