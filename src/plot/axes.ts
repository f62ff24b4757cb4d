/**
 * Drawing of a laid-out frame (see frame.ts): grid lines under the data, and over it the axis
 * lines, ticks, tick labels, axis titles and the chart title. Grid and axis lines are drawn
 * with crispEdges so 1 px lines stay sharp at any position.
 */
import { axisLabelGapPx, type AxisLayout, type Frame } from './frame.js';
import { el, join, text, type Markup } from './svg.js';
import { textWidthPx, truncateToWidth } from './text-metrics.js';
import { THEME } from './theme.js';

// Baseline offsets that centre DejaVu Sans digits and capitals on a point (cap height 0.73 em).
const CENTRE_BASELINE_EM = 0.36;
const TOP_BASELINE_EM = 0.8;

// Minor grid lines of a log axis only where a decade is wide enough for them not to crowd.
const MIN_DECADE_PX_FOR_MINOR_GRID = 60;

function minorGrid(axis: AxisLayout): boolean {
  if (axis.scale.kind !== 'log') return true;
  return Math.abs(axis.scale.map(10) - axis.scale.map(1)) >= MIN_DECADE_PX_FOR_MINOR_GRID;
}

/** Grid lines at the ticks of continuous axes (minor log ticks lighter, when not crowded). */
export function drawGrid(frame: Frame): Markup {
  const { plot, x, y } = frame;
  const lines: Markup[] = [];
  const right = plot.left + plot.width;
  const bottom = plot.top + plot.height;
  const stroke = (major: boolean): string => (major ? THEME.grid : THEME.minorGrid);
  // Minor lines first so major lines are drawn over them.
  for (const pass of [false, true]) {
    if (x.spec.kind !== 'band' && (pass || minorGrid(x))) {
      for (const t of x.ticks.filter((tick) => tick.major === pass)) {
        const px = x.scale.map(t.value);
        lines.push(el('line', { x1: px, y1: plot.top, x2: px, y2: bottom, stroke: stroke(pass) }));
      }
    }
    if (y.spec.kind !== 'band' && (pass || minorGrid(y))) {
      for (const t of y.ticks.filter((tick) => tick.major === pass)) {
        const py = y.scale.map(t.value);
        lines.push(el('line', { x1: plot.left, y1: py, x2: right, y2: py, stroke: stroke(pass) }));
      }
    }
  }
  return el('g', { 'shape-rendering': 'crispEdges', 'stroke-width': 1 }, ...lines);
}

function tickLength(major: boolean): number {
  return major ? THEME.tickLengthPx : THEME.minorTickLengthPx;
}

function xAxis(frame: Frame, axis: AxisLayout): Markup {
  const bottom = frame.plot.top + frame.plot.height;
  const font = THEME.tickFontPx;
  const marks: Markup[] = [];
  const labels: Markup[] = [];
  const labelTop = bottom + axisLabelGapPx(axis.spec);
  for (const t of axis.ticks) {
    const px = axis.scale.map(t.value);
    if (axis.spec.kind !== 'band') {
      marks.push(el('line', { x1: px, y1: bottom, x2: px, y2: bottom + tickLength(t.major) }));
    }
    if (t.label === '') continue;
    if (axis.rotated) {
      const ax = px + font * 0.3;
      const ay = labelTop + font * 0.45;
      labels.push(
        el(
          'text',
          { x: ax, y: ay, 'text-anchor': 'end', transform: `rotate(-45 ${ax} ${ay})` },
          text(t.label),
        ),
      );
    } else {
      labels.push(
        el(
          'text',
          { x: px, y: labelTop + font * TOP_BASELINE_EM, 'text-anchor': 'middle' },
          text(t.label),
        ),
      );
    }
  }
  return join([
    el('g', { stroke: THEME.axis, 'shape-rendering': 'crispEdges' }, ...marks),
    el('g', { fill: THEME.mutedText, 'font-size': font }, ...labels),
  ]);
}

function yAxis(frame: Frame, axis: AxisLayout): Markup {
  const left = frame.plot.left;
  const font = THEME.tickFontPx;
  const marks: Markup[] = [];
  const labels: Markup[] = [];
  const labelRight = left - axisLabelGapPx(axis.spec);
  for (const t of axis.ticks) {
    const py = axis.scale.map(t.value);
    if (axis.spec.kind !== 'band') {
      marks.push(el('line', { x1: left - tickLength(t.major), y1: py, x2: left, y2: py }));
    }
    if (t.label === '') continue;
    labels.push(
      el(
        'text',
        { x: labelRight, y: py + font * CENTRE_BASELINE_EM, 'text-anchor': 'end' },
        text(t.label),
      ),
    );
  }
  return join([
    el('g', { stroke: THEME.axis, 'shape-rendering': 'crispEdges' }, ...marks),
    el('g', { fill: THEME.mutedText, 'font-size': font }, ...labels),
  ]);
}

function axisTitles(frame: Frame): Markup {
  const { plot, x, y } = frame;
  const out: Markup[] = [];
  const font = THEME.labelFontPx;
  if (x.spec.label) {
    const baseline = plot.top + plot.height + axisLabelGapPx(x.spec) + x.depthPx + font * 1.1;
    const label = truncateToWidth(x.spec.label, frame.width - 2 * THEME.paddingPx, font);
    out.push(
      el(
        'text',
        { x: plot.left + plot.width / 2, y: baseline, 'text-anchor': 'middle' },
        text(label),
      ),
    );
  }
  if (y.spec.label) {
    // Rotated -90 degrees the glyphs rise to the left of the baseline.
    const bx = plot.left - axisLabelGapPx(y.spec) - y.depthPx - font * 0.45;
    const by = plot.top + plot.height / 2;
    const label = truncateToWidth(y.spec.label, frame.height - 2 * THEME.paddingPx, font);
    out.push(
      el(
        'text',
        { x: bx, y: by, 'text-anchor': 'middle', transform: `rotate(-90 ${bx} ${by})` },
        text(label),
      ),
    );
  }
  if (frame.title !== undefined) {
    const tf = THEME.titleFontPx;
    const label = truncateToWidth(frame.title, frame.width - 2 * THEME.paddingPx, tf, true);
    const half = textWidthPx(label, tf, true) / 2;
    // Centred over the plot, but kept inside the picture.
    const cx = Math.min(
      Math.max(plot.left + plot.width / 2, THEME.paddingPx + half),
      frame.width - THEME.paddingPx - half,
    );
    out.push(
      el(
        'text',
        {
          x: cx,
          y: THEME.paddingPx + tf * TOP_BASELINE_EM,
          'text-anchor': 'middle',
          'font-size': tf,
          'font-weight': 'bold',
          fill: THEME.text,
        },
        text(label),
      ),
    );
  }
  return el('g', { fill: THEME.text, 'font-size': font }, ...out);
}

/** Axis lines, ticks, tick labels, axis titles and the title, drawn over the data. */
export function drawAxes(frame: Frame): Markup {
  const { plot, x, y } = frame;
  const bottom = plot.top + plot.height;
  const spines: Markup[] = [];
  if (x.spec.kind !== 'band' || y.spec.kind !== 'band') {
    spines.push(el('line', { x1: plot.left, y1: plot.top, x2: plot.left, y2: bottom }));
    spines.push(el('line', { x1: plot.left, y1: bottom, x2: plot.left + plot.width, y2: bottom }));
  }
  return join([
    el('g', { stroke: THEME.axis, 'stroke-width': 1, 'shape-rendering': 'crispEdges' }, ...spines),
    xAxis(frame, x),
    yAxis(frame, y),
    axisTitles(frame),
  ]);
}
