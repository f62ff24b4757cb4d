/**
 * The plot library: dependency-free SVG charts for documentation figures and HTML reports,
 * multi-panel figures, and PNG output through resvg.
 */
export { barChart, type BarChartOptions, type BarSeries } from './bar-chart.js';
export {
  countInBins,
  histogramBins,
  histogramEdges,
  type BinOptions,
  type BinSpec,
  type Histogram,
} from './binning.js';
export { colormap, relativeLuminance, textColorOn, type ColormapName } from './colormap.js';
export { confusionMatrixChart, type ConfusionMatrixOptions } from './confusion-matrix.js';
export { decimateColumns, polylinePathData, type Polyline } from './decimate.js';
export type { Limits } from './domain.js';
export {
  composeFigure,
  svgSize,
  svgToPng,
  writeFigure,
  type FigureOptions,
  type PngOptions,
} from './figure.js';
export {
  formatDecade,
  formatPercent,
  formatTicks,
  formatValue,
  type TickFormatter,
} from './format.js';
export { heatmap, type HeatmapOptions } from './heatmap.js';
export { histogramChart, type HistogramOptions, type HistogramSeries } from './histogram.js';
export type { LegendPosition } from './legend.js';
export { lineChart, type LineChartOptions, type LineSeries } from './line-chart.js';
export type { Marker } from './markers.js';
export {
  bandScale,
  linearScale,
  linearTicks,
  logScale,
  logTicks,
  niceDomain,
  niceTicks,
  pow10,
  tickStep,
  type Scale,
  type Tick,
} from './scale.js';
export {
  scatterChart,
  type AlphaBand,
  type ScatterOptions,
  type ScatterSeries,
} from './scatter.js';
export { el, escapeXml, fmt, join, text, type Attrs, type Markup } from './svg.js';
export { dashArray, EVENT_COLORS, PALETTE, seriesColor, THEME, type Dash } from './theme.js';
export { textWidthPx } from './text-metrics.js';
