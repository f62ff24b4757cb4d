/**
 * Scatter plots, chiefly predicted against true values (remaining useful life, health index):
 * an optional identity line y = x, an optional band of +-alpha around it (relative, as in the
 * alpha-lambda accuracy of Saxena et al., "Metrics for Offline Evaluation of Prognostic
 * Performance", IJPHM 1(1), 2010, or absolute), and translucent points so dense regions read
 * darker. With the identity line both axes share one domain and the plot is square.
 */
import { PdmError } from '../core/errors.js';
import { chartDocument } from './chart-document.js';
import { checkSameLength, checkSize, Extent, resolveDomain, type Limits } from './domain.js';
import type { TickFormatter } from './format.js';
import { layoutFrame, type Frame } from './frame.js';
import { placeLegend, type LegendEntry, type LegendPosition } from './legend.js';
import type { Polyline } from './decimate.js';
import { el, type Markup } from './svg.js';
import { formatPercent, formatValue } from './format.js';
import { niceDomain } from './scale.js';
import { seriesColor, THEME } from './theme.js';

/** One set of points. */
export interface ScatterSeries {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color?: string;
  /** Point radius in px; default 3. */
  readonly radius?: number;
  /** Point opacity (alpha), 0 to 1; default 0.6. */
  readonly opacity?: number;
  /** Vertical bars from `low[i]` to `high[i]` through each point (an interval); NaN: none. */
  readonly errorBars?: { readonly low: ArrayLike<number>; readonly high: ArrayLike<number> };
}

/** A band around y = x: |y - x| <= alpha (absolute) or <= alpha |x| (relative). */
export interface AlphaBand {
  readonly alpha: number;
  /** Default true: alpha is a fraction of the true value (0.2 means +-20 %). */
  readonly relative?: boolean;
  /** Legend text; default '±20%' or '±alpha'. */
  readonly label?: string;
}

/** Options of `scatterChart`. */
export interface ScatterOptions {
  readonly series: readonly ScatterSeries[];
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Default 800 x 400; with `identity`, a square plot centred in it. */
  readonly width?: number;
  readonly height?: number;
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly xLim?: Limits;
  readonly yLim?: Limits;
  /** Draw y = x and give both axes the same domain. */
  readonly identity?: boolean;
  readonly band?: AlphaBand;
  /** Default 'auto' when there is a legend entry to show. */
  readonly legend?: LegendPosition;
  readonly xFormat?: TickFormatter;
  readonly yFormat?: TickFormatter;
}

const CHART = 'scatterChart';
const BAND_SAMPLES = 64;

function bandPath(band: AlphaBand, frame: Frame, domain: Limits): string {
  const relative = band.relative ?? true;
  const xs = frame.x.scale;
  const ys = frame.y.scale;
  const [d0, d1] = [Math.min(...domain), Math.max(...domain)];
  const log = xs.kind === 'log';
  const upper: string[] = [];
  const lower: string[] = [];
  // Sampled in the axis' own spacing, so absolute bands on log axes curve correctly.
  for (let k = 0; k <= BAND_SAMPLES; k++) {
    const t = k / BAND_SAMPLES;
    const x = log ? d0 * (d1 / d0) ** t : d0 + (d1 - d0) * t;
    const half = relative ? band.alpha * Math.abs(x) : band.alpha;
    const px = xs.map(x);
    const hi = ys.map(x + half);
    const lo = ys.map(x - half);
    if (Number.isFinite(hi)) upper.push(`${px.toFixed(1)} ${hi.toFixed(1)}`);
    if (Number.isFinite(lo)) lower.push(`${px.toFixed(1)} ${lo.toFixed(1)}`);
  }
  return `M${upper.join('L')}L${lower.reverse().join('L')}Z`;
}

function bandLabel(band: AlphaBand): string {
  if (band.label !== undefined) return band.label;
  return (band.relative ?? true)
    ? `\u00b1${formatPercent(band.alpha).replace('.0%', '%')}`
    : `\u00b1${formatValue(band.alpha)}`;
}

/** A scatter chart as an SVG document string. */
export function scatterChart(opts: ScatterOptions): string {
  const width = opts.width ?? 800;
  const height = opts.height ?? 400;
  checkSize(CHART, width, height);
  for (const s of opts.series) {
    checkSameLength(CHART, `series "${s.name}"`, s.x.length, s.y.length);
    if (s.errorBars !== undefined) {
      checkSameLength(
        CHART,
        `series "${s.name}" errorBars.low`,
        s.x.length,
        s.errorBars.low.length,
      );
      checkSameLength(
        CHART,
        `series "${s.name}" errorBars.high`,
        s.x.length,
        s.errorBars.high.length,
      );
    }
  }
  const logX = opts.logX ?? false;
  const logY = opts.logY ?? false;
  const identity = opts.identity ?? false;
  const xExtent = new Extent(logX);
  const yExtent = new Extent(logY);
  for (const s of opts.series) {
    for (let i = 0; i < s.x.length; i++) {
      xExtent.add(s.x[i]!);
      yExtent.add(s.y[i]!);
      if (s.errorBars !== undefined) {
        yExtent.add(s.errorBars.low[i]!);
        yExtent.add(s.errorBars.high[i]!);
      }
    }
  }
  let xDomain = resolveDomain(CHART, 'x', opts.xLim, xExtent.range, logX, true);
  let yDomain = resolveDomain(CHART, 'y', opts.yLim, yExtent.range, logY, true);
  let nice = { x: opts.xLim === undefined, y: opts.yLim === undefined };
  if (identity && opts.xLim === undefined && opts.yLim === undefined) {
    // One domain for both axes, made nice here so the two axes cannot choose differently.
    const both = new Extent(logX || logY);
    for (const v of [...(xExtent.range ?? []), ...(yExtent.range ?? [])]) both.add(v);
    const shared = resolveDomain(CHART, 'x and y', undefined, both.range, logX, true);
    xDomain = yDomain = logX ? shared : niceDomain(shared[0], shared[1], 6);
    nice = { x: false, y: false };
  }
  const band = opts.band;
  if (band !== undefined && !(band.alpha >= 0 && Number.isFinite(band.alpha))) {
    throw new PdmError('PDM_INPUT_INVALID', `${CHART}: band.alpha must be >= 0, got ${band.alpha}`);
  }
  const styled = opts.series.map((s, i) => ({
    series: s,
    color: s.color ?? seriesColor(i),
    radius: s.radius ?? 3,
    opacity: s.opacity ?? 0.6,
  }));
  const entries: LegendEntry[] = styled.map(({ series, color, opacity }) => ({
    label: series.name,
    color,
    symbol: 'point',
    opacity: Math.max(opacity, 0.6),
  }));
  if (identity)
    entries.push({
      label: 'y = x',
      color: THEME.reference,
      symbol: 'line',
      dash: 'dashed',
      widthPx: 1.2,
    });
  if (band !== undefined) {
    entries.push({ label: bandLabel(band), color: THEME.reference, symbol: 'box', opacity: 0.18 });
  }

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
        nice: nice.x,
      },
      y: {
        kind: logY ? 'log' : 'linear',
        domain: yDomain,
        label: opts.yLabel,
        format: opts.yFormat,
        nice: nice.y,
      },
      reserveRightPx,
      plotAspect: identity ? 1 : undefined,
    });
    const data: Markup[] = [];
    if (band !== undefined) {
      data.push(
        el('path', {
          d: bandPath(band, frame, xDomain),
          fill: THEME.reference,
          'fill-opacity': 0.18,
        }),
      );
    }
    if (identity) {
      const [d0, d1] = xDomain;
      data.push(
        el('line', {
          x1: frame.x.scale.map(d0),
          y1: frame.y.scale.map(d0),
          x2: frame.x.scale.map(d1),
          y2: frame.y.scale.map(d1),
          stroke: THEME.reference,
          'stroke-width': 1.2,
          'stroke-dasharray': '5 3',
        }),
      );
    }
    const polylines: Polyline[] = [];
    if (identity) {
      const [d0, d1] = xDomain;
      const ends = [
        frame.x.scale.map(d0),
        frame.y.scale.map(d0),
        frame.x.scale.map(d1),
        frame.y.scale.map(d1),
      ];
      polylines.push({
        x: Float64Array.of(ends[0]!, ends[2]!),
        y: Float64Array.of(ends[1]!, ends[3]!),
      });
    }
    for (const { series, color, radius, opacity } of styled) {
      const bars = series.errorBars;
      if (bars !== undefined) {
        const d: string[] = [];
        // each bar a segment (NaN between) the legend must not cover
        const bx: number[] = [];
        const by: number[] = [];
        for (let i = 0; i < series.x.length; i++) {
          const lo = bars.low[i]!;
          const hi = bars.high[i]!;
          if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue;
          const cx = frame.x.scale.map(series.x[i]!);
          const y0 = frame.y.scale.map(lo);
          const y1 = frame.y.scale.map(hi);
          if (![cx, y0, y1].every(Number.isFinite)) continue;
          d.push(`M${cx.toFixed(1)} ${y0.toFixed(1)}V${y1.toFixed(1)}`);
          bx.push(cx, cx, NaN);
          by.push(y0, y1, NaN);
        }
        if (bx.length > 0) polylines.push({ x: Float64Array.from(bx), y: Float64Array.from(by) });
        if (d.length > 0)
          data.push(
            el('path', {
              d: d.join(''),
              stroke: color,
              'stroke-opacity': Math.min(1, opacity * 0.8),
              'stroke-width': 1,
              fill: 'none',
            }),
          );
      }
      const circles: Markup[] = [];
      const px: number[] = [];
      const py: number[] = [];
      for (let i = 0; i < series.x.length; i++) {
        const cx = frame.x.scale.map(series.x[i]!);
        const cy = frame.y.scale.map(series.y[i]!);
        const inside =
          cx >= frame.plot.left - radius &&
          cx <= frame.plot.left + frame.plot.width + radius &&
          cy >= frame.plot.top - radius &&
          cy <= frame.plot.top + frame.plot.height + radius;
        if (!inside) continue;
        circles.push(el('circle', { cx, cy, r: radius }));
        // Points as isolated polyline vertices (NaN between) for legend placement.
        px.push(cx, NaN);
        py.push(cy, NaN);
      }
      polylines.push({ x: Float64Array.from(px), y: Float64Array.from(py) });
      data.push(el('g', { fill: color, 'fill-opacity': opacity }, ...circles));
    }
    return { frame, data, overlay: [], obstacles: { polylines } };
  };

  const position = opts.legend ?? (entries.length > 1 ? 'auto' : 'none');
  const { chart, legend } = placeLegend(entries, position, build);
  return chartDocument(chart.frame, {
    data: chart.data,
    overlay: legend === undefined ? [] : [legend],
  });
}
