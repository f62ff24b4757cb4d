/** Tests of frame layout: tick labels never overlap and always fit inside the picture. */
import { describe, expect, it } from 'vitest';
import { layoutFrame, type FrameSpec } from './frame.js';
import { textWidthPx } from './text-metrics.js';
import { THEME } from './theme.js';

const FONT = THEME.tickFontPx;

function checkXLabels(spec: FrameSpec): void {
  const frame = layoutFrame(spec);
  const boxes = frame.x.ticks
    .filter((t) => t.label !== '')
    .map((t) => {
      const w = textWidthPx(t.label, FONT);
      const px = frame.x.scale.map(t.value);
      return [px - w / 2, px + w / 2] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i]![0]).toBeGreaterThan(boxes[i - 1]![1]);
  }
  for (const [a, b] of boxes) {
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThanOrEqual(spec.width);
  }
}

describe('layoutFrame', () => {
  it.each([
    [[0, 12_800], 800],
    [[0, 12_800], 300],
    [[-1.234e6, 9.87e6], 400],
    [[0.013, 0.087], 250],
    [[1e-7, 3e-7], 200],
    [[1000, 1001], 500],
  ] as const)('keeps x tick labels of %j apart at width %i', (domain, width) => {
    checkXLabels({
      width,
      height: 300,
      x: { kind: 'linear', domain },
      y: { kind: 'linear', domain: [0, 1] },
    });
  });

  it('keeps log-axis labels apart, thinning decades on short axes', () => {
    checkXLabels({
      width: 200,
      height: 300,
      x: { kind: 'log', domain: [1e-9, 1e3] },
      y: { kind: 'linear', domain: [0, 1] },
    });
    checkXLabels({
      width: 800,
      height: 300,
      x: { kind: 'log', domain: [3, 70] },
      y: { kind: 'linear', domain: [0, 1] },
    });
  });

  it('spaces y tick labels at least 1.5 font sizes apart', () => {
    const frame = layoutFrame({
      width: 400,
      height: 150,
      x: { kind: 'linear', domain: [0, 1] },
      y: { kind: 'linear', domain: [0, 100] },
    });
    const ys = frame.y.ticks.map((t) => frame.y.scale.map(t.value)).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++)
      expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(FONT * 1.5);
  });

  it('leaves room left of the plot for the widest y tick label and the axis title', () => {
    const frame = layoutFrame({
      width: 600,
      height: 300,
      x: { kind: 'linear', domain: [0, 1] },
      y: { kind: 'linear', domain: [-123_456, 987_654], label: 'Force (N)' },
    });
    const widest = Math.max(...frame.y.ticks.map((t) => textWidthPx(t.label, FONT)));
    expect(frame.plot.left).toBeGreaterThanOrEqual(widest + THEME.labelFontPx + THEME.tickLengthPx);
  });

  it('widens a nice linear domain to its tick step', () => {
    const frame = layoutFrame({
      width: 600,
      height: 300,
      x: { kind: 'linear', domain: [0, 1] },
      y: { kind: 'linear', domain: [0.3, 97.2], nice: true },
    });
    const [d0, d1] = frame.y.scale.domain;
    const values = frame.y.ticks.map((t) => t.value);
    expect(d0).toBe(values[0]);
    expect(d1).toBe(values[values.length - 1]);
  });

  it('rotates crowded category labels and keeps the plot square when asked', () => {
    const categories = ['misalignment', 'outer race', 'inner race', 'unbalance', 'looseness'];
    const frame = layoutFrame({
      width: 300,
      height: 300,
      x: { kind: 'band', categories, padding: 0 },
      y: { kind: 'band', categories, padding: 0 },
      plotAspect: 1,
    });
    expect(frame.x.rotated).toBe(true);
    expect(frame.plot.width).toBeCloseTo(frame.plot.height, 9);
    expect(frame.plot.top + frame.plot.height + frame.x.depthPx).toBeLessThan(300);
  });
});
