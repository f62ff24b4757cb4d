/**
 * Vertical reference lines at given x values (a bearing's defect frequencies on a spectrum, a
 * threshold on a histogram), labelled above the plot. Labels sit centred over their line and
 * are stacked greedily into rows, so neighbouring markers (BPFO, 2xBPFO, BPFI ...) never print
 * over each other; the frame reserves the rows' height above the plot. When every row is taken
 * where a label would go, its line is drawn without it; labels of higher `priority` are placed
 * first, so a crowd of minor labels cannot push out a major one.
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
  /** Labels of higher priority are placed first (default 0). */
  readonly priority?: number;
}

/**
 * A marker with its pixel position, label centre and label row (0 is nearest the plot; -1 when
 * its label found no room and is left out).
 */
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
    .sort((a, b) => (b.marker.priority ?? 0) - (a.marker.priority ?? 0) || a.px - b.px);
  // the label spans taken in each row
  const rows: [number, number][][] = [];
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
    const end = start + width;
    const free = (spans: [number, number][]) =>
      spans.every(([a, b]) => end + GAP_PX <= a || b + GAP_PX <= start);
    let row = rows.findIndex(free);
    if (row < 0 && rows.length < MAX_ROWS) row = rows.push([]) - 1;
    if (row >= 0) rows[row]!.push([start, end]);
    placed.push({ ...m, labelPx, row });
  }
  return { placed, rows: rows.length };
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
  // lines of higher priority drawn last, on top: a failure and the repair at the same instant
  // show the failure's colour
  const order = [...placed].sort((a, b) => (a.marker.priority ?? 0) - (b.marker.priority ?? 0));
  for (const { marker, px, labelPx, row } of order) {
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
    if (marker.label !== undefined && marker.label !== '' && row >= 0) {
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
