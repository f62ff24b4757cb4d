import { describe, expect, it } from 'vitest';
import { drawMarkers, layoutMarkers, type Marker } from './markers.js';
import { linearScale } from './scale.js';
import { textWidthPx } from './text-metrics.js';
import { THEME } from './theme.js';

describe('marker labels', () => {
  const x = linearScale([0, 100], [0, 500]);
  const span = (p: { labelPx: number; marker: Marker }): [number, number] => {
    const w = textWidthPx(p.marker.label!, THEME.annotationFontPx);
    return [p.labelPx - w / 2, p.labelPx + w / 2];
  };

  it('stacks crowded labels in at most four rows, leaves out what finds no room, never overprints', () => {
    // ten onsets within two days, and one failure among them
    const markers: Marker[] = Array.from({ length: 10 }, (_, i) => ({
      x: 40 + i * 0.2,
      label: `onset ${i}`,
    }));
    markers.push({ x: 41, label: 'outer_race failure', priority: 1 });
    const { placed, rows } = layoutMarkers(markers, x, [0, 500]);
    expect(placed).toHaveLength(11); // every line is drawn
    expect(rows).toBe(4);
    const labelled = placed.filter((p) => p.row >= 0);
    expect(labelled.length).toBe(4);
    expect(labelled.map((p) => p.marker.label)).toContain('outer_race failure');
    for (const a of labelled)
      for (const b of labelled) {
        if (a === b || a.row !== b.row) continue;
        const [a0, a1] = span(a);
        const [b0, b1] = span(b);
        expect(a1 <= b0 || b1 <= a0).toBe(true);
      }
  });

  it('puts labels that do not collide in the first row', () => {
    const { placed, rows } = layoutMarkers(
      [
        { x: 10, label: 'BPFO' },
        { x: 50, label: 'BPFI' },
        { x: 90, label: 'BSF' },
      ],
      x,
      [0, 500],
    );
    expect(rows).toBe(1);
    expect(placed.every((p) => p.row === 0)).toBe(true);
  });

  it('draws a failure line over a maintenance line at the same instant', () => {
    // the repair follows the failure at once: both at day 21.2, the failure listed first
    const { placed } = layoutMarkers(
      [
        { x: 21.2, label: 'imbalance failure', color: '#ff0000', priority: 1 },
        { x: 21.2, color: '#00aa00' },
      ],
      x,
      [0, 500],
    );
    const svg: string = drawMarkers(placed, { left: 0, top: 20, width: 500, height: 100 }).lines;
    // the later element is drawn on top
    expect(svg.lastIndexOf('#ff0000')).toBeGreaterThan(svg.lastIndexOf('#00aa00'));
  });
});
