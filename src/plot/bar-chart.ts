/**
 * Bar charts: one value per category (feature importance, drawn horizontal and sorted), or
 * grouped bars, one per series within each category (maintenance policies compared on several
 * metrics). Bars grow from zero, so negative values (a permutation importance below zero) point
 * the other way. Optional value labels sit at the bar ends; the value axis is widened until
 * they fit inside the plot.
 */
import { PdmError } from '../core/errors.js';
import { chartDocument } from './chart-document.js';
import { checkSize, Extent, resolveDomain, type Limits } from './domain.js';
import { formatValue, type TickFormatter } from './format.js';
import { layoutFrame, type AxisSpec, type Frame, type Rect } from './frame.js';
import { placeLegend, type LegendEntry, type LegendPosition } from './legend.js';
import { el, type Markup, text } from './svg.js';
import { textWidthPx } from './text-metrics.js';
import { seriesColor, THEME } from './theme.js';

/** One value per category. */
export interface BarSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly color?: string;
}

/** Options of `barChart`. */
export interface BarChartOptions {
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  /** Default 'vertical'. Horizontal bars list categories top to bottom. */
  readonly orientation?: 'vertical' | 'horizontal';
  /** Order categories by the first series; 'descending' puts the largest first (left or top). */
  readonly sort?: 'none' | 'ascending' | 'descending';
  /** Keep only the first `limit` categories (after sorting), e.g. the top 20 features. */
  readonly limit?: number;
  readonly valueLabels?: boolean;
  /** Text of a value label; default 3 significant digits. */
  readonly valueFormat?: (value: number) => string;
  readonly title?: string;
  /** Title of the value axis, with its unit. */
  readonly valueLabel?: string;
  /** Title of the category axis. */
  readonly categoryLabel?: string;
  readonly valueLim?: Limits;
  readonly valueTickFormat?: TickFormatter;
  /** Default 800 x 400. */
  readonly width?: number;
  readonly height?: number;
  /** Default 'auto' with two series or more. */
  readonly legend?: LegendPosition;
}

const CHART = 'barChart';
const LABEL_FONT = THEME.annotationFontPx;
const LABEL_GAP_PX = 4;

interface Bar {
  readonly category: number;
  readonly series: number;
  readonly value: number;
  readonly rect: Rect;
  readonly label: string;
}

function orderCategories(opts: BarChartOptions): number[] {
  const order = opts.categories.map((_, i) => i);
  const first = opts.series[0]?.values ?? [];
  const key = (i: number): number => {
    const v = first[i] ?? NaN;
    return Number.isNaN(v) ? -Infinity : v;
  };
  if (opts.sort === 'descending') order.sort((a, b) => key(b) - key(a));
  if (opts.sort === 'ascending') order.sort((a, b) => key(a) - key(b));
  return opts.limit === undefined ? order : order.slice(0, Math.max(0, opts.limit));
}

function checkOptions(opts: BarChartOptions, width: number, height: number): void {
  checkSize(CHART, width, height);
  if (opts.categories.length === 0) {
    throw new PdmError('PDM_INPUT_INVALID', `${CHART}: categories must not be empty`);
  }
  for (const s of opts.series) {
    if (s.values.length !== opts.categories.length) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${CHART}: series "${s.name}" has ${s.values.length} values for ${opts.categories.length} categories`,
      );
    }
  }
}

/** A bar chart as an SVG document string. */
export function barChart(opts: BarChartOptions): string {
  const width = opts.width ?? 800;
  const height = opts.height ?? 400;
  checkOptions(opts, width, height);
  const horizontal = opts.orientation === 'horizontal';
  const order = orderCategories(opts);
  const categories = order.map((i) => opts.categories[i]!);
  const nSeries = Math.max(1, opts.series.length);
  const format = opts.valueFormat ?? ((v: number) => formatValue(v));
  const colors = opts.series.map((s, j) => s.color ?? seriesColor(j));
  const extent = new Extent(false);
  extent.add(0);
  for (const s of opts.series) for (const i of order) extent.add(s.values[i] ?? NaN);
  const baseDomain = resolveDomain(CHART, 'value', opts.valueLim, extent.range, false, true);

  const layout = (domain: Limits, reserveRightPx: number): Frame => {
    const band: AxisSpec = {
      kind: 'band',
      categories,
      label: opts.categoryLabel,
      padding: nSeries > 1 ? 0.25 : 0.2,
    };
    const value: AxisSpec = {
      kind: 'linear',
      domain,
      label: opts.valueLabel,
      format: opts.valueTickFormat,
      nice: opts.valueLim === undefined,
    };
    return layoutFrame({
      width,
      height,
      title: opts.title,
      x: horizontal ? value : band,
      y: horizontal ? band : value,
      reserveRightPx,
    });
  };

  const barsOf = (frame: Frame): Bar[] => {
    const cat = horizontal ? frame.y.scale : frame.x.scale;
    const val = horizontal ? frame.x.scale : frame.y.scale;
    const sub = cat.bandwidthPx / nSeries;
    const thickness = nSeries > 1 ? sub * 0.9 : sub;
    const bars: Bar[] = [];
    order.forEach((ci, k) => {
      opts.series.forEach((s, j) => {
        const value = s.values[ci] ?? NaN;
        if (!Number.isFinite(value)) return;
        const start = cat.map(k) - cat.bandwidthPx / 2 + j * sub + (sub - thickness) / 2;
        const zero = val.map(0);
        const end = val.map(value);
        const rect = horizontal
          ? {
              left: Math.min(zero, end),
              top: start,
              width: Math.abs(end - zero),
              height: thickness,
            }
          : {
              left: start,
              top: Math.min(zero, end),
              width: thickness,
              height: Math.abs(end - zero),
            };
        bars.push({ category: k, series: j, value, rect, label: format(value) });
      });
    });
    return bars;
  };

  // On vertical bars a label wider than its bar is turned to run up along it.
  const rotated = (bar: Bar): boolean =>
    !horizontal && textWidthPx(bar.label, LABEL_FONT) > bar.rect.width + 2;
  // Extent of a value label along the value axis.
  const labelLength = (bar: Bar): number =>
    horizontal || rotated(bar) ? textWidthPx(bar.label, LABEL_FONT) : LABEL_FONT;

  /** How far value labels overflow the plot at the low and high ends of the value axis, px. */
  const overflow = (frame: Frame, bars: readonly Bar[]): [number, number] => {
    const { plot } = frame;
    let lo = 0;
    let hi = 0;
    for (const bar of bars) {
      const need = labelLength(bar) + LABEL_GAP_PX + 2;
      if (horizontal) {
        if (bar.value >= 0)
          hi = Math.max(hi, bar.rect.left + bar.rect.width + need - (plot.left + plot.width));
        else lo = Math.max(lo, plot.left - (bar.rect.left - need));
      } else if (bar.value >= 0) hi = Math.max(hi, plot.top - (bar.rect.top - need));
      else lo = Math.max(lo, bar.rect.top + bar.rect.height + need - (plot.top + plot.height));
    }
    return [lo, hi];
  };

  const build = (reserveRightPx: number) => {
    let domain = baseDomain;
    let frame = layout(domain, reserveRightPx);
    let bars = barsOf(frame);
    for (
      let pass = 0;
      opts.valueLabels === true && opts.valueLim === undefined && pass < 5;
      pass++
    ) {
      const [lo, hi] = overflow(frame, bars);
      if (lo <= 0 && hi <= 0) break;
      const lengthPx = horizontal ? frame.plot.width : frame.plot.height;
      const [d0, d1] = (horizontal ? frame.x : frame.y).scale.domain;
      const perPx = (d1 - d0) / lengthPx;
      domain = [d0 - Math.max(0, lo) * perPx * 1.05, d1 + Math.max(0, hi) * perPx * 1.05];
      frame = layout(domain, reserveRightPx);
      bars = barsOf(frame);
    }
    const rects = bars.map((bar) =>
      el('rect', {
        x: bar.rect.left,
        y: bar.rect.top,
        width: bar.rect.width,
        height: bar.rect.height,
        fill: colors[bar.series] ?? seriesColor(bar.series),
      }),
    );
    const val = horizontal ? frame.x.scale : frame.y.scale;
    const zero = val.map(0);
    const { plot } = frame;
    const zeroLine = horizontal
      ? el('line', { x1: zero, y1: plot.top, x2: zero, y2: plot.top + plot.height })
      : el('line', { x1: plot.left, y1: zero, x2: plot.left + plot.width, y2: zero });
    const data: Markup[] = [
      el('g', { 'shape-rendering': 'crispEdges' }, ...rects),
      el('g', { stroke: THEME.axis, 'shape-rendering': 'crispEdges' }, zeroLine),
    ];
    const overlay = opts.valueLabels === true ? [drawValueLabels(bars, horizontal, rotated)] : [];
    return { frame, data, overlay, obstacles: { rects: bars.map((b) => b.rect) } };
  };

  const entries: LegendEntry[] = opts.series.map((s, j) => ({
    label: s.name,
    color: colors[j] ?? seriesColor(j),
    symbol: 'box',
  }));
  const position = opts.legend ?? (opts.series.length > 1 ? 'auto' : 'none');
  const { chart, legend } = placeLegend(entries, position, build);
  const overlay = legend === undefined ? chart.overlay : [...chart.overlay, legend];
  return chartDocument(chart.frame, { data: chart.data, overlay });
}

function drawValueLabels(
  bars: readonly Bar[],
  horizontal: boolean,
  rotated: (bar: Bar) => boolean,
): Markup {
  const labels = bars.map((bar) => {
    const { rect } = bar;
    if (horizontal) {
      const positive = bar.value >= 0;
      const x = positive ? rect.left + rect.width + LABEL_GAP_PX : rect.left - LABEL_GAP_PX;
      const y = rect.top + rect.height / 2 + LABEL_FONT * 0.36;
      return el('text', { x, y, 'text-anchor': positive ? 'start' : 'end' }, text(bar.label));
    }
    const cx = rect.left + rect.width / 2;
    const positive = bar.value >= 0;
    if (!rotated(bar)) {
      const y = positive
        ? rect.top - LABEL_GAP_PX
        : rect.top + rect.height + LABEL_GAP_PX + LABEL_FONT * 0.8;
      return el('text', { x: cx, y, 'text-anchor': 'middle' }, text(bar.label));
    }
    const x = cx + LABEL_FONT * 0.36;
    const y = positive ? rect.top - LABEL_GAP_PX : rect.top + rect.height + LABEL_GAP_PX;
    return el(
      'text',
      { x, y, 'text-anchor': positive ? 'start' : 'end', transform: `rotate(-90 ${x} ${y})` },
      text(bar.label),
    );
  });
  return el('g', { 'font-size': LABEL_FONT, fill: THEME.text }, ...labels);
}
