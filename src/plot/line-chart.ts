/**
 * Line charts: spectra, envelope spectra, trends. Each series is projected to pixels,
 * cut to the visible x range (keeping the segments that cross into it), and decimated per
 * pixel column (decimate.ts), so a 100k-bin spectrum costs a few thousand path points and
 * looks the same. NaN, and values <= 0 on a log axis, break the line. Optional vertical markers
 * label characteristic frequencies (markers.ts).
 */
import { chartDocument } from './chart-document.js';
import { decimateColumns, polylinePathData, type Polyline } from './decimate.js';
import { checkSameLength, checkSize, Extent, resolveDomain, type Limits } from './domain.js';
import type { TickFormatter } from './format.js';
import { layoutFrame, type Frame } from './frame.js';
import { placeLegend, type LegendEntry, type LegendPosition } from './legend.js';
import { drawMarkers, layoutMarkers, markerRowsPx, type Marker } from './markers.js';
import { el, type Markup } from './svg.js';
import { dashArray, seriesColor, THEME, type Dash } from './theme.js';

/** One line: y[i] against x[i]. */
export interface LineSeries {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Default: the palette colour of the series' index. */
  readonly color?: string;
  readonly dash?: Dash;
  /** Stroke width in px; default 1.5. */
  readonly width?: number;
}

/** Options of `lineChart`. */
export interface LineChartOptions {
  readonly series: readonly LineSeries[];
  readonly title?: string;
  /** Axis titles; put the unit in them, e.g. 'Frequency (Hz)'. */
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Picture size in px; default 800 x 400. */
  readonly width?: number;
  readonly height?: number;
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Axis limits; default: the x extent of the data, and the y extent widened to nice ticks. */
  readonly xLim?: Limits;
  readonly yLim?: Limits;
  /** Vertical reference lines, labelled above the plot. */
  readonly markers?: readonly Marker[];
  /** Default 'auto' with two series or more, 'none' with one. */
  readonly legend?: LegendPosition;
  readonly xFormat?: TickFormatter;
  readonly yFormat?: TickFormatter;
}

const CHART = 'lineChart';
// Far-off points are pulled in to this distance from the plot; the clip path hides them.
const CLAMP_PX = 1e5;

/** Pixel polyline of a series: NaN where the line breaks or leaves the visible x range. */
function project(series: LineSeries, frame: Frame): Polyline {
  const { x: xs, y: ys } = series;
  const n = xs.length;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const { plot } = frame;
  const yLo = plot.top - CLAMP_PX;
  const yHi = plot.top + plot.height + CLAMP_PX;
  for (let i = 0; i < n; i++) {
    const x = frame.x.scale.map(xs[i]!);
    const y = frame.y.scale.map(ys[i]!);
    const ok = Number.isFinite(x) && Number.isFinite(y);
    px[i] = ok ? x : NaN;
    py[i] = ok ? Math.min(yHi, Math.max(yLo, y)) : NaN;
  }
  // Keep points inside [lo, hi] and both ends of every segment that reaches into it.
  const lo = plot.left - 1;
  const hi = plot.left + plot.width + 1;
  const reaches = (a: number, b: number): boolean =>
    !Number.isNaN(a) && !Number.isNaN(b) && Math.min(a, b) <= hi && Math.max(a, b) >= lo;
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = px[i]!;
    keep[i] =
      (p >= lo && p <= hi) ||
      (i > 0 && reaches(px[i - 1]!, p)) ||
      (i + 1 < n && reaches(p, px[i + 1]!))
        ? 1
        : 0;
  }
  for (let i = 0; i < n; i++) if (keep[i] === 0) px[i] = NaN;
  return decimateColumns(px, py, 1);
}

function checkOptions(opts: LineChartOptions, width: number, height: number): void {
  checkSize(CHART, width, height);
  for (const s of opts.series) {
    checkSameLength(CHART, `series "${s.name}"`, s.x.length, s.y.length);
  }
}

/** A line chart as an SVG document string. */
export function lineChart(opts: LineChartOptions): string {
  const width = opts.width ?? 800;
  const height = opts.height ?? 400;
  checkOptions(opts, width, height);
  const logX = opts.logX ?? false;
  const logY = opts.logY ?? false;
  const xExtent = new Extent(logX);
  for (const s of opts.series) for (let i = 0; i < s.x.length; i++) xExtent.add(s.x[i]!);
  const xDomain = resolveDomain(CHART, 'x', opts.xLim, xExtent.range, logX, false);
  const xMin = Math.min(...xDomain);
  const xMax = Math.max(...xDomain);
  const yExtent = new Extent(logY);
  for (const s of opts.series) {
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i]!;
      if (x >= xMin && x <= xMax) yExtent.add(s.y[i]!);
    }
  }
  const yDomain = resolveDomain(CHART, 'y', opts.yLim, yExtent.range, logY, true);
  const markers = opts.markers ?? [];
  const bounds = [THEME.paddingPx, width - THEME.paddingPx] as const;
  const styled = opts.series.map((s, i) => ({
    series: s,
    color: s.color ?? seriesColor(i),
    widthPx: s.width ?? 1.5,
  }));
  const entries: LegendEntry[] = styled.map(({ series, color, widthPx }) => ({
    label: series.name,
    color,
    symbol: 'line',
    dash: series.dash,
    widthPx,
  }));

  const build = (reserveRightPx: number) => {
    const frame = layoutFrame({
      width,
      height,
      title: opts.title,
      x: {
        kind: logX ? 'log' : 'linear',
        domain: xDomain,
        label: opts.xLabel,
        format: opts.xFormat,
      },
      y: {
        kind: logY ? 'log' : 'linear',
        domain: yDomain,
        label: opts.yLabel,
        format: opts.yFormat,
        nice: opts.yLim === undefined,
      },
      reserveRightPx,
      reserveTopPx: (x) => markerRowsPx(layoutMarkers(markers, x, bounds).rows),
    });
    const drawn = drawMarkers(layoutMarkers(markers, frame.x.scale, bounds).placed, frame.plot);
    const polylines = styled.map(({ series }) => project(series, frame));
    const paths: Markup[] = styled.map(({ series, color, widthPx }, i) =>
      el('path', {
        d: polylinePathData(polylines[i]!),
        fill: 'none',
        stroke: color,
        'stroke-width': widthPx,
        'stroke-dasharray': dashArray(series.dash, widthPx),
        'stroke-linejoin': 'round',
        'stroke-linecap': 'round',
      }),
    );
    return {
      frame,
      data: [drawn.lines, ...paths],
      overlay: [drawn.labels],
      obstacles: { polylines },
    };
  };

  const position = opts.legend ?? (opts.series.length > 1 ? 'auto' : 'none');
  const { chart, legend } = placeLegend(entries, position, build);
  const overlay = legend === undefined ? chart.overlay : [...chart.overlay, legend];
  return chartDocument(chart.frame, { data: chart.data, overlay });
}
