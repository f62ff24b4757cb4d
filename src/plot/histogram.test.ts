/** Tests of histogram charts: bars, overlays, densities, reference lines. */
import { describe, expect, it } from 'vitest';
import { histogramChart } from './histogram.js';
import { xmlProblems } from './xml-check.js';

function barHeights(svg: string): number[] {
  const bars = svg.replace(/<clipPath[\s\S]*?<\/clipPath>/, '');
  return [
    ...bars.matchAll(/<rect x="[-\d.]+" y="[-\d.]+" width="[\d.]+" height="([\d.]+)"\/>/g),
  ].map((m) => Number(m[1]));
}

describe('histogramChart', () => {
  const values = Array.from({ length: 500 }, (_, i) => Math.sin(i * 1.7) + Math.cos(i * 0.3));

  it('draws a bar per non-empty bin, with a reference line labelled', () => {
    const svg = histogramChart({
      series: [{ name: 'kurtosis', values }],
      bins: 10,
      markers: [{ x: 0.5, label: 'alarm' }],
      xLabel: 'Kurtosis (–)',
    });
    expect(xmlProblems(svg)).toEqual([]);
    const heights = barHeights(svg);
    expect(heights.length).toBeGreaterThan(0);
    expect(heights.length).toBeLessThanOrEqual(10);
    expect(svg).toContain('>alarm</text>');
    expect(svg).toContain('>Count</text>');
  });

  it('overlays samples on shared bins with a legend, and plots densities', () => {
    const svg = histogramChart({
      series: [
        { name: 'healthy', values },
        { name: 'faulty', values: values.map((v) => v + 1) },
      ],
      density: true,
    });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('>healthy</text>');
    expect(svg).toContain('>Density</text>');
    expect(svg.match(/fill-opacity="0.4"/g)).toHaveLength(2);
  });

  it('bar heights are proportional to the counts', () => {
    // Bins [0,1) [1,2] hold 1 and 3 values.
    const svg = histogramChart({
      series: [{ name: 'v', values: [0.5, 1, 1.5, 2] }],
      bins: [0, 1, 2],
    });
    const [a, b] = barHeights(svg);
    expect((b ?? 0) / (a ?? 1)).toBeCloseTo(3, 1);
  });
});
