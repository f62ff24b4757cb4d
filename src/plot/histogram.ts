/**
 * Histogram charts from raw values: bins from binning.ts (Freedman-Diaconis by default),
 * counts or densities, several samples overlaid on shared bins (translucent, each with a step
 * outline so overlaps stay readable), and optional vertical reference lines (an alarm
 * threshold, a mean) labelled above the plot.
 */
import { chartDocument } from './chart-document.js';
import { countInBins, histogramEdges, type BinSpec } from './binning.js';
import { checkSize, resolveDomain, type Limits } from './domain.js';
import type { TickFormatter } from './format.js';
import type { Rect } from './frame.js';
import { layoutFrame } from './frame.js';
import { placeLegend, type LegendEntry, type LegendPosition } from './legend.js';
import { drawMarkers, layoutMarkers, markerRowsPx, type Marker } from './markers.js';
import { el, type Markup } from './svg.js';
import { seriesColor, THEME } from './theme.js';

/** One sample. */
export interface HistogramSeries {
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly color?: string;
}

/** Options of `histogramChart`. */
export interface HistogramOptions {
  readonly series: readonly HistogramSeries[];
  /** Default 'fd' (Freedman-Diaconis over all samples pooled). */
  readonly bins?: BinSpec;
  readonly range?: readonly [number, number];
  /** Plot probability density (integrates to 1) instead of counts. */
  readonly density?: boolean;
  /** Vertical reference lines. */
  readonly markers?: readonly Marker[];
  readonly title?: string;
  readonly xLabel?: string;
  /** Default 'Count' or 'Density'. */
  readonly yLabel?: string;
  readonly xLim?: Limits;
  readonly xFormat?: TickFormatter;
  /** Default 800 x 400. */
  readonly width?: number;
  readonly height?: number;
  /** Default 'auto' with two samples or more. */
  readonly legend?: LegendPosition;
  /** Counts of things (failures): whole-number ticks however few there are. */
  readonly integerCounts?: boolean;
}

const CHART = 'histogramChart';

/** A histogram chart as an SVG document string. */
export function histogramChart(opts: HistogramOptions): string {
  const width = opts.width ?? 800;
  const height = opts.height ?? 400;
  checkSize(CHART, width, height);
  const edges = histogramEdges(
    opts.series.map((s) => s.values),
    {
      ...(opts.bins === undefined ? {} : { bins: opts.bins }),
      ...(opts.range === undefined ? {} : { range: opts.range }),
    },
  );
  const density = opts.density ?? false;
  const heights = opts.series.map((s) => {
    const counts = countInBins(s.values, edges);
    if (!density) return counts;
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((c, i) => (total > 0 ? c / (total * (edges[i + 1]! - edges[i]!)) : 0));
  });
  const markers = opts.markers ?? [];
  let lo = edges[0]!;
  let hi = edges[edges.length - 1]!;
  const pad = (hi - lo) * 0.02;
  for (const m of markers) {
    if (m.x < lo) lo = m.x - pad;
    if (m.x > hi) hi = m.x + pad;
  }
  const xDomain = resolveDomain(CHART, 'x', opts.xLim, [lo, hi], false, false);
  const top = heights.reduce((m, h) => h.reduce((a, b) => Math.max(a, b), m), 0);
  // With at most 5 of something, a 0-5 axis ticks at whole numbers (nice ticks would halve them).
  const yTop = opts.integerCounts === true && !density ? Math.max(top, 5) : top > 0 ? top : 1;
  const yDomain = resolveDomain(CHART, 'y', undefined, [0, yTop], false, true);
  const overlaid = opts.series.length > 1;
  const colors = opts.series.map((s, j) => s.color ?? seriesColor(j));
  const bounds = [THEME.paddingPx, width - THEME.paddingPx] as const;

  const build = (reserveRightPx: number) => {
    const frame = layoutFrame({
      width,
      height,
      title: opts.title,
      x: { kind: 'linear', domain: xDomain, label: opts.xLabel, format: opts.xFormat },
      y: {
        kind: 'linear',
        domain: yDomain,
        label: opts.yLabel ?? (density ? 'Density' : 'Count'),
        nice: true,
      },
      reserveRightPx,
      reserveTopPx: (x) => markerRowsPx(layoutMarkers(markers, x, bounds).rows),
    });
    const xs = frame.x.scale;
    const ys = frame.y.scale;
    const base = ys.map(0);
    const rects: Rect[] = [];
    const layers: Markup[] = heights.map((h, j) => {
      const bars: Markup[] = [];
      let outline = '';
      for (let i = 0; i < h.length; i++) {
        const x0 = xs.map(edges[i]!);
        const x1 = xs.map(edges[i + 1]!);
        const y = ys.map(h[i]!);
        outline += `${i === 0 ? `M${x0.toFixed(1)} ${base.toFixed(1)}` : ''}V${y.toFixed(1)}H${x1.toFixed(1)}`;
        if (h[i] === 0) continue;
        const rect = { left: x0, top: y, width: x1 - x0, height: base - y };
        rects.push(rect);
        bars.push(
          el('rect', { x: rect.left, y: rect.top, width: rect.width, height: rect.height }),
        );
      }
      const color = colors[j] ?? seriesColor(j);
      const fill = el(
        'g',
        overlaid
          ? { fill: color, 'fill-opacity': 0.4 }
          : { fill: color, stroke: THEME.background, 'stroke-width': 0.6 },
        ...bars,
      );
      if (!overlaid) return fill;
      outline += `V${base.toFixed(1)}`;
      return el(
        'g',
        {},
        fill,
        el('path', { d: outline, fill: 'none', stroke: color, 'stroke-width': 1.5 }),
      );
    });
    const drawn = drawMarkers(layoutMarkers(markers, xs, bounds).placed, frame.plot);
    return {
      frame,
      data: [...layers, drawn.lines],
      overlay: [drawn.labels],
      obstacles: { rects },
    };
  };

  const entries: LegendEntry[] = opts.series.map((s, j) => ({
    label: s.name,
    color: colors[j] ?? seriesColor(j),
    symbol: 'box',
    opacity: overlaid ? 0.6 : 1,
  }));
  const position = opts.legend ?? (overlaid ? 'auto' : 'none');
  const { chart, legend } = placeLegend(entries, position, build);
  const overlay = legend === undefined ? chart.overlay : [...chart.overlay, legend];
  return chartDocument(chart.frame, { data: chart.data, overlay });
}
