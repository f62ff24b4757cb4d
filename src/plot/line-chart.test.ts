/** Tests of line charts: well-formed output, decimation of long series, gaps, limits, markers. */
import { describe, expect, it } from 'vitest';
import { isPdmError } from '../core/errors.js';
import { lineChart } from './line-chart.js';
import { countElements, xmlProblems } from './xml-check.js';

function pathData(svg: string): string[] {
  return [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1] ?? '');
}

function pointCount(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}

describe('lineChart', () => {
  it('writes a well-formed SVG with title, axis labels and legend, text escaped', () => {
    const svg = lineChart({
      title: 'Spectrum <M-07> & "friends"',
      xLabel: 'Frequency (Hz)',
      yLabel: 'Amplitude (g)',
      series: [
        { name: 'faulty', x: [0, 1, 2, 3], y: [0, 1, 0, 2] },
        { name: 'healthy', x: [0, 1, 2, 3], y: [0, 0.5, 0.2, 0.1], dash: 'dashed' },
      ],
    });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('Spectrum &lt;M-07&gt; &amp; &quot;friends&quot;');
    expect(svg).toContain('>Frequency (Hz)</text>');
    expect(svg).toContain('>Amplitude (g)</text>');
    expect(svg).toContain('>faulty</text>');
    expect(svg).toContain('>healthy</text>');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="800" height="400"/);
  });

  it('decimates a 100k-point spectrum to a few points per pixel column', () => {
    const n = 100_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i * 0.128;
      y[i] = 1e-3 * (1 + Math.sin(i * 0.37) ** 2) + (i % 5000 === 0 ? 0.05 : 0);
    }
    const t0 = performance.now();
    const svg = lineChart({ series: [{ name: 'spectrum', x, y }], logY: true });
    const ms = performance.now() - t0;
    const d = pathData(svg)[0] ?? '';
    // At most 4 points per column of an 800 px picture.
    expect(pointCount(d)).toBeLessThanOrEqual(4 * 800);
    expect(svg.length).toBeLessThan(120_000);
    expect(xmlProblems(svg)).toEqual([]);
    expect(ms).toBeLessThan(2000);
  });

  it('breaks the line at NaN and, on a log axis, at values <= 0', () => {
    const linear = lineChart({ series: [{ name: 'a', x: [0, 1, 2, 3, 4], y: [1, 2, NaN, 3, 4] }] });
    const d = pathData(linear)[0] ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
    expect(pointCount(d)).toBe(4);
    const log = lineChart({
      series: [{ name: 'a', x: [0, 1, 2, 3, 4, 5], y: [1, 2, 0, 3, -1, 4] }],
      logY: true,
    });
    expect((pathData(log)[0] ?? '').match(/M/g)).toHaveLength(3);
  });

  it('keeps only what x limits show, and segments crossing the window', () => {
    const x = Array.from({ length: 10_001 }, (_, i) => i);
    const y = x.map((v) => Math.sin(v / 10));
    const svg = lineChart({ series: [{ name: 's', x, y }], xLim: [100, 200] });
    // 101 points inside plus one neighbour on each side.
    expect(pointCount(pathData(svg)[0] ?? '')).toBe(103);
    // Two points far outside on either side still draw the segment across the window.
    const sparse = lineChart({ series: [{ name: 's', x: [-100, 100], y: [0, 1] }], xLim: [0, 1] });
    expect(pointCount(pathData(sparse)[0] ?? '')).toBe(2);
  });

  it('labels markers above the plot, stacking close labels in rows', () => {
    const x = Array.from({ length: 1000 }, (_, i) => i);
    const svg = lineChart({
      series: [{ name: 's', x, y: x.map((v) => v % 7) }],
      markers: [
        { x: 107.3, label: 'BPFO' },
        { x: 112, label: 'BPFI' },
        { x: 214.6, label: '2×BPFO' },
        { x: 5000, label: 'outside' },
      ],
    });
    expect(xmlProblems(svg)).toEqual([]);
    const labelY = (label: string): number =>
      Number(new RegExp(`<text x="[\\d.]+" y="([\\d.]+)"[^>]*>${label}</text>`).exec(svg)?.[1]);
    expect(labelY('BPFO')).not.toBe(labelY('BPFI'));
    expect(labelY('2×BPFO')).toBe(labelY('BPFO'));
    expect(svg).not.toContain('>outside<');
  });

  it('is deterministic, and different charts get different clip ids', () => {
    const opts = { series: [{ name: 'a', x: [0, 1], y: [0, 1] }] };
    expect(lineChart(opts)).toBe(lineChart(opts));
    const id = (svg: string): string => /<clipPath id="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(id(lineChart(opts))).not.toBe(id(lineChart({ ...opts, title: 'other' })));
    expect(countElements(lineChart(opts), 'clipPath')).toBe(1);
  });

  it('rejects mismatched series and bad limits with PDM_INPUT_INVALID', () => {
    const bad = (): string => lineChart({ series: [{ name: 'a', x: [0, 1], y: [0] }] });
    expect(bad).toThrow(/series "a" has x length 2 but y length 1/);
    try {
      bad();
    } catch (err) {
      expect(isPdmError(err) && err.code).toBe('PDM_INPUT_INVALID');
    }
    expect(() => lineChart({ series: [], yLim: [0, 1], logY: true })).toThrow(/log axis/);
    expect(() => lineChart({ series: [], width: 10 })).toThrow(/at least/);
  });

  it('draws an empty chart when there is no data', () => {
    expect(xmlProblems(lineChart({ series: [] }))).toEqual([]);
  });
});
