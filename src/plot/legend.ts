/**
 * Legends: a boxed list of swatches and names. Placement 'auto' tries the four inside corners
 * of the plot and takes the first (top-right, top-left, bottom-right, bottom-left) that no data
 * crosses, tested against the decimated polylines, points and bars the chart drew; when every
 * corner is taken the chart moves the legend outside, right of the plot.
 */
import type { Polyline } from './decimate.js';
import type { Frame, Rect } from './frame.js';
import { el, type Markup, text } from './svg.js';
import { textWidthPx, truncateToWidth } from './text-metrics.js';
import { dashArray, THEME, type Dash } from './theme.js';

/** Where a legend goes: inside a corner of the plot, outside on the right, or nowhere. */
export type LegendPosition =
  'auto' | 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'right' | 'none';

/** One legend row. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly symbol: 'line' | 'point' | 'box';
  readonly dash?: Dash | undefined;
  readonly widthPx?: number | undefined;
  readonly opacity?: number | undefined;
}

/** What the data occupies in pixel space, for 'auto' placement. */
export interface Obstacles {
  readonly polylines?: readonly Polyline[];
  readonly rects?: readonly Rect[];
}

const FONT = THEME.legendFontPx;
const ROW_PX = FONT * 1.5;
const PAD_PX = 7;
const SWATCH_PX = 22;
const MAX_LABEL_PX = 220;
const INSET_PX = 8;
/** Gap between the plot and an outside legend. */
export const LEGEND_GAP_PX = 12;

/** Width and height of the legend box. */
export function legendSize(entries: readonly LegendEntry[]): { width: number; height: number } {
  const labelPx = Math.max(
    0,
    ...entries.map((e) => Math.min(MAX_LABEL_PX, textWidthPx(e.label, FONT))),
  );
  return {
    width: 2 * PAD_PX + SWATCH_PX + 6 + labelPx,
    height: 2 * PAD_PX + entries.length * ROW_PX - 4,
  };
}

function segmentHitsRect(x0: number, y0: number, x1: number, y1: number, r: Rect): boolean {
  // Liang-Barsky: clip the parametric segment against the four half-planes.
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const checks: readonly (readonly [number, number])[] = [
    [-dx, x0 - r.left],
    [dx, r.left + r.width - x0],
    [-dy, y0 - r.top],
    [dy, r.top + r.height - y0],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

function hits(box: Rect, obstacles: Obstacles): boolean {
  for (const r of obstacles.rects ?? []) {
    const apart =
      r.left > box.left + box.width ||
      r.left + r.width < box.left ||
      r.top > box.top + box.height ||
      r.top + r.height < box.top;
    if (!apart) return true;
  }
  for (const line of obstacles.polylines ?? []) {
    const n = line.x.length;
    for (let i = 0; i < n; i++) {
      const x = line.x[i]!;
      const y = line.y[i]!;
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      const nx = i + 1 < n ? line.x[i + 1]! : NaN;
      const ny = i + 1 < n ? line.y[i + 1]! : NaN;
      if (Number.isNaN(nx) || Number.isNaN(ny)) {
        const inside =
          x >= box.left && x <= box.left + box.width && y >= box.top && y <= box.top + box.height;
        if (inside) return true;
      } else if (segmentHitsRect(x, y, nx, ny, box)) return true;
    }
  }
  return false;
}

function cornerBox(position: string, size: { width: number; height: number }, plot: Rect): Rect {
  const left = position.endsWith('left')
    ? plot.left + INSET_PX
    : plot.left + plot.width - INSET_PX - size.width;
  const top = position.startsWith('top')
    ? plot.top + INSET_PX
    : plot.top + plot.height - INSET_PX - size.height;
  return { left, top, width: size.width, height: size.height };
}

/**
 * The legend box for a position other than 'none' and 'auto'; 'right' puts it outside, level
 * with the plot's top.
 */
export function legendBox(
  position: Exclude<LegendPosition, 'none' | 'auto'>,
  size: { width: number; height: number },
  plot: Rect,
): Rect {
  if (position === 'right') {
    return { left: plot.left + plot.width + LEGEND_GAP_PX, top: plot.top, ...size };
  }
  return cornerBox(position, size, plot);
}

/** The first free inside corner, or undefined when data crosses all four. */
export function freeCorner(
  size: { width: number; height: number },
  plot: Rect,
  obstacles: Obstacles,
): Rect | undefined {
  for (const corner of ['top-right', 'top-left', 'bottom-right', 'bottom-left']) {
    const box = cornerBox(corner, size, plot);
    if (!hits(box, obstacles)) return box;
  }
  return undefined;
}

function swatch(entry: LegendEntry, x: number, cy: number): Markup {
  const opacity = entry.opacity;
  if (entry.symbol === 'line') {
    const w = entry.widthPx ?? 2;
    return el('line', {
      x1: x,
      y1: cy,
      x2: x + SWATCH_PX,
      y2: cy,
      stroke: entry.color,
      'stroke-width': w,
      'stroke-dasharray': dashArray(entry.dash, w),
      'stroke-opacity': opacity,
    });
  }
  if (entry.symbol === 'point') {
    return el('circle', {
      cx: x + SWATCH_PX / 2,
      cy,
      r: 4,
      fill: entry.color,
      'fill-opacity': opacity,
    });
  }
  return el('rect', {
    x: x + 3,
    y: cy - 6,
    width: SWATCH_PX - 6,
    height: 12,
    fill: entry.color,
    'fill-opacity': opacity,
  });
}

/** The legend drawn in `box` (from `legendBox` or `freeCorner`). */
export function drawLegend(entries: readonly LegendEntry[], box: Rect): Markup {
  const rows = entries.map((entry, i) => {
    const cy = box.top + PAD_PX + ROW_PX * i + ROW_PX / 2 - 2;
    const label = truncateToWidth(entry.label, MAX_LABEL_PX, FONT);
    return el(
      'g',
      {},
      swatch(entry, box.left + PAD_PX, cy),
      el('text', { x: box.left + PAD_PX + SWATCH_PX + 6, y: cy + FONT * 0.36 }, text(label)),
    );
  });
  return el(
    'g',
    { 'font-size': FONT, fill: THEME.text },
    el('rect', {
      x: box.left,
      y: box.top,
      width: box.width,
      height: box.height,
      rx: 3,
      fill: THEME.background,
      'fill-opacity': 0.9,
      stroke: '#cccccc',
      'shape-rendering': 'crispEdges',
    }),
    ...rows,
  );
}

/** A chart drawn for a given room on its right, with what its data occupies. */
export interface BuiltChart {
  readonly frame: Frame;
  readonly data: readonly Markup[];
  readonly overlay: readonly Markup[];
  readonly obstacles: Obstacles;
}

/**
 * Builds the chart and its legend: inside where asked (or in the first free corner for
 * 'auto'), outside on the right for 'right' or when 'auto' finds no free corner, in which case
 * the chart is built again with room on its right.
 */
export function placeLegend(
  entries: readonly LegendEntry[],
  position: LegendPosition,
  build: (reserveRightPx: number) => BuiltChart,
): { chart: BuiltChart; legend: Markup | undefined } {
  if (position === 'none' || entries.length === 0) return { chart: build(0), legend: undefined };
  const size = legendSize(entries);
  const outside = (): { chart: BuiltChart; legend: Markup } => {
    const chart = build(size.width + LEGEND_GAP_PX);
    return { chart, legend: drawLegend(entries, legendBox('right', size, chart.frame.plot)) };
  };
  if (position === 'right') return outside();
  const chart = build(0);
  if (position !== 'auto') {
    return { chart, legend: drawLegend(entries, legendBox(position, size, chart.frame.plot)) };
  }
  const box = freeCorner(size, chart.frame.plot, chart.obstacles);
  return box === undefined ? outside() : { chart, legend: drawLegend(entries, box) };
}
