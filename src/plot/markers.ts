/**
 * Vertical reference lines at given x values (a bearing's defect frequencies on a spectrum, a
 * threshold on a histogram), labelled above the plot. Labels sit centred over their line and
 * are stacked greedily into rows, so neighbouring markers (BPFO, 2xBPFO, BPFI ...) never print
 * over each other; the frame reserves the rows' height above the plot.
 */
import type { Rect } from './frame.js';
import type { Scale } from './scale.js';
import { el, join, type Markup, text } from './svg.js';
import { textWidthPx } from './text-metrics.js';
import { dashArray, THEME, type Dash } from './theme.js';

/** A vertical reference line at data value `x`. */
export interface Marker {
  readonly x: number;
  readonly label?: string;
  readonly color?: string;
  /** Default 'dashed'. */
  readonly dash?: Dash;
}

/** A marker with its pixel position, label centre and label row (0 is nearest the plot). */
export interface PlacedMarker {
  readonly marker: Marker;
  readonly px: number;
  readonly labelPx: number;
  readonly row: number;
}

const FONT = THEME.annotationFontPx;
const ROW_PX = FONT * 1.3;
const GAP_PX = 6;
const MAX_ROWS = 4;

/**
 * Positions and label rows of the markers that fall inside the scale's range; labels are kept
 * within `bounds` (px, the picture's width less padding).
 */
export function layoutMarkers(
  markers: readonly Marker[],
  x: Scale,
  bounds: readonly [number, number],
): { placed: PlacedMarker[]; rows: number } {
  const lo = Math.min(x.range[0], x.range[1]);
  const hi = Math.max(x.range[0], x.range[1]);
  const visible = markers
    .map((marker) => ({ marker, px: x.map(marker.x) }))
    .filter((m) => m.px >= lo - 0.5 && m.px <= hi + 0.5)
    .sort((a, b) => a.px - b.px);
  const rowEnds: number[] = [];
  const placed: PlacedMarker[] = [];
  for (const m of visible) {
    const label = m.marker.label ?? '';
    if (label === '') {
      placed.push({ ...m, labelPx: m.px, row: 0 });
      continue;
    }
    const width = textWidthPx(label, FONT);
    const labelPx = Math.min(Math.max(m.px, bounds[0] + width / 2), bounds[1] - width / 2);
    const start = labelPx - width / 2;
    let row = rowEnds.findIndex((end) => end + GAP_PX <= start);
    if (row < 0 && rowEnds.length < MAX_ROWS) row = rowEnds.length;
    // Every row is taken: overlap in the row whose last label ends first.
    if (row < 0) row = rowEnds.indexOf(Math.min(...rowEnds));
    rowEnds[row] = start + width;
    placed.push({ ...m, labelPx, row });
  }
  return { placed, rows: rowEnds.length };
}

/** Height to reserve above the plot for `rows` label rows. */
export function markerRowsPx(rows: number): number {
  return rows === 0 ? 0 : rows * ROW_PX + 4;
}

/** Marker lines (to draw under the data, clipped) and their labels (above the plot). */
export function drawMarkers(
  placed: readonly PlacedMarker[],
  plot: Rect,
): { lines: Markup; labels: Markup } {
  const lines: Markup[] = [];
  const labels: Markup[] = [];
  for (const { marker, px, labelPx, row } of placed) {
    const color = marker.color ?? THEME.reference;
    lines.push(
      el('line', {
        x1: px,
        y1: plot.top,
        x2: px,
        y2: plot.top + plot.height,
        stroke: color,
        'stroke-width': 1,
        'stroke-dasharray': dashArray(marker.dash ?? 'dashed', 1),
      }),
    );
    if (marker.label !== undefined && marker.label !== '') {
      labels.push(
        el(
          'text',
          { x: labelPx, y: plot.top - 5 - row * ROW_PX, 'text-anchor': 'middle', fill: color },
          text(marker.label),
        ),
      );
    }
  }
  return { lines: join(lines), labels: el('g', { 'font-size': FONT }, ...labels) };
}
