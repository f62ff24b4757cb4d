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

  it('keeps the legend off the interval bars, not only off the points', () => {
    // points on the diagonal leave the top-left corner free; their tall bars do not
    const n = 12;
    const xs = Array.from({ length: n }, (_, i) => 10 + 20 * i);
    const svg = scatterChart({
      series: [
        { name: 'median', x: xs, y: xs },
        {
          name: 'interval',
          x: xs,
          y: xs,
          errorBars: { low: xs.map((v) => v / 2), high: xs.map(() => 240) },
        },
      ],
      xLim: [0, 240],
      yLim: [0, 240],
      width: 500,
      height: 500,
    });
    const box = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="3"/.exec(
      svg,
    );
    expect(box).not.toBeNull();
    const [left, top, w, h] = box!.slice(1).map(Number) as [number, number, number, number];
    const d = /<path d="((?:M[\d.]+ [\d.]+V[\d.]+)+)" stroke=/.exec(svg)?.[1] ?? '';
    const bars = [...d.matchAll(/M([\d.]+) ([\d.]+)V([\d.]+)/g)].map((m) => m.slice(1).map(Number));
    expect(bars).toHaveLength(n);
    for (const [x, y0, y1] of bars as [number, number, number][]) {
      const crosses =
        x >= left && x <= left + w && Math.min(y0, y1) <= top + h && Math.max(y0, y1) >= top;
      expect(crosses, `bar at x=${x} under the legend`).toBe(false);
    }
  });

  it('draws an interval as a vertical bar through each point, its ends inside the axis', () => {
    const svg = scatterChart({
      series: [
        {
          name: 'interval',
          x: [10, 20, 30],
          y: [10, 20, 30],
          errorBars: { low: [5, NaN, 25], high: [40, 30, 35] },
        },
      ],
      yLim: [0, 40],
      xLim: [0, 40],
      width: 400,
      height: 400,
    });
    expect(xmlProblems(svg)).toEqual([]);
    const d = /<path d="((?:M[\d.]+ [\d.]+V[\d.]+)+)" stroke=/.exec(svg)?.[1] ?? '';
    const bars = [...d.matchAll(/M([\d.]+) ([\d.]+)V([\d.]+)/g)].map((m) => m.slice(1).map(Number));
    // two bars (the NaN one has none), each vertical from its low to its high
    expect(bars).toHaveLength(2);
    const [a, b] = bars as [number[], number[]];
    // pixel lengths in proportion to 40 - 5 and 35 - 25
    expect((a[1]! - a[2]!) / (b[1]! - b[2]!)).toBeCloseTo(35 / 10, 1); // to 0.1 px rounding
    expect(() =>
      scatterChart({ series: [{ name: 's', x: [1], y: [1], errorBars: { low: [], high: [2] } }] }),
    ).toThrow(/errorBars\.low/);
  });

  it('rejects a negative band', () => {
    expect(() => scatterChart({ series: [], band: { alpha: -1 } })).toThrow(/alpha/);
  });
});
