/**
 * Heatmaps: a matrix of coloured cells with row and column names, optional text in each cell
 * (in white or near-black, whichever reads better on the cell, see colormap.ts), and a colour
 * bar. Cells are square; all cell texts share the largest font (up to 13 px) at which every
 * one fits, and are left out below 7 px. The confusion matrix (confusion-matrix.ts) is the
 * main user.
 */
import { PdmError } from '../core/errors.js';
import { chartDocument } from './chart-document.js';
import { checkSize, type Limits } from './domain.js';
import { formatValue } from './format.js';
import { colormap, textColorOn, type ColormapName } from './colormap.js';
import { layoutFrame, type Rect } from './frame.js';
import { linearTicks } from './scale.js';
import { el, type Markup, text } from './svg.js';
import { textWidthPx } from './text-metrics.js';
import { THEME } from './theme.js';

/** Options of `heatmap`. */
export interface HeatmapOptions {
  /** Row names, top to bottom. */
  readonly rowLabels: readonly string[];
  /** Column names, left to right. */
  readonly colLabels: readonly string[];
  /** values[row][col]; they set the colours. NaN cells are grey. */
  readonly values: readonly (readonly number[])[];
  /** Text of each cell, lines split at '\n'; default the value with 3 significant digits. */
  readonly cellText?: readonly (readonly string[])[];
  /** Values mapped to the ends of the colour map; default the values' min and max. */
  readonly colorDomain?: Limits;
  /** Default 'blues'. */
  readonly colormap?: ColormapName;
  /** Default true. */
  readonly colorbar?: boolean;
  readonly colorbarLabel?: string;
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Default 600 x 520. */
  readonly width?: number;
  readonly height?: number;
}

const CHART = 'heatmap';
const MISSING = '#eeeeee';
const BAR_GAP_PX = 16;
const BAR_WIDTH_PX = 14;
const BAR_STEPS = 64;

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', `${CHART}: ${message}`);
}

function colorDomainOf(opts: HeatmapOptions): Limits {
  if (opts.colorDomain !== undefined) {
    const [a, b] = opts.colorDomain;
    if (!(Number.isFinite(a) && Number.isFinite(b) && a !== b)) {
      invalid(`colorDomain must be two different finite numbers, got [${a}, ${b}]`);
    }
    return opts.colorDomain;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of opts.values) {
    for (const v of row) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!(lo <= hi)) return [0, 1];
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** Room the colour bar needs right of the plot, px. */
function colorbarRoomPx(domain: Limits, label: string | undefined): number {
  const ticks = linearTicks(domain[0], domain[1], 5);
  const labelPx = Math.max(0, ...ticks.map((t) => textWidthPx(t.label, THEME.tickFontPx)));
  return BAR_GAP_PX + BAR_WIDTH_PX + THEME.tickLengthPx + 4 + labelPx + (label ? 22 : 4);
}

function drawColorbar(
  plot: Rect,
  domain: Limits,
  map: ColormapName,
  label: string | undefined,
): Markup {
  const x = plot.left + plot.width + BAR_GAP_PX;
  const steps: Markup[] = [];
  const stepPx = plot.height / BAR_STEPS;
  for (let k = 0; k < BAR_STEPS; k++) {
    const y = plot.top + plot.height - (k + 1) * stepPx;
    // Overlap by half a pixel so anti-aliasing leaves no seams between steps.
    steps.push(
      el('rect', {
        x,
        y,
        width: BAR_WIDTH_PX,
        height: stepPx + 0.5,
        fill: colormap(map, (k + 0.5) / BAR_STEPS),
      }),
    );
  }
  const [d0, d1] = domain;
  const toY = (v: number): number => plot.top + plot.height - ((v - d0) / (d1 - d0)) * plot.height;
  const ticks = linearTicks(
    Math.min(d0, d1),
    Math.max(d0, d1),
    Math.max(2, Math.round(plot.height / 48)),
  );
  const right = x + BAR_WIDTH_PX;
  const marks = ticks.map((t) =>
    el('line', { x1: right, y1: toY(t.value), x2: right + THEME.tickLengthPx, y2: toY(t.value) }),
  );
  const labels = ticks.map((t) =>
    el(
      'text',
      { x: right + THEME.tickLengthPx + 3, y: toY(t.value) + THEME.tickFontPx * 0.36 },
      text(t.label),
    ),
  );
  const parts: Markup[] = [
    el('g', {}, ...steps),
    el('rect', {
      x,
      y: plot.top,
      width: BAR_WIDTH_PX,
      height: plot.height,
      fill: 'none',
      stroke: THEME.axis,
      'shape-rendering': 'crispEdges',
    }),
    el('g', { stroke: THEME.axis, 'shape-rendering': 'crispEdges' }, ...marks),
    el('g', { fill: THEME.mutedText, 'font-size': THEME.tickFontPx }, ...labels),
  ];
  if (label) {
    const widest = Math.max(0, ...ticks.map((t) => textWidthPx(t.label, THEME.tickFontPx)));
    const lx = right + THEME.tickLengthPx + 3 + widest + 8 + THEME.labelFontPx * 0.8;
    const ly = plot.top + plot.height / 2;
    parts.push(
      el(
        'text',
        {
          x: lx,
          y: ly,
          'text-anchor': 'middle',
          'font-size': THEME.labelFontPx,
          fill: THEME.text,
          transform: `rotate(-90 ${lx} ${ly})`,
        },
        text(label),
      ),
    );
  }
  return el('g', {}, ...parts);
}

/** The largest font (up to 13 px) at which `lines` fit in a cell; Infinity for no text. */
function fittingFontPx(lines: readonly string[], cell: { width: number; height: number }): number {
  if (lines.every((l) => l === '')) return Infinity;
  const widest = Math.max(...lines.map((l) => textWidthPx(l, 1)));
  return Math.min(
    13,
    (cell.height * 0.8) / (lines.length * 1.25),
    (cell.width - 6) / Math.max(widest, 1e-9),
  );
}

function cellLabel(lines: readonly string[], cell: Rect, fill: string, fontPx: number): Markup {
  const lineH = fontPx * 1.25;
  const cx = cell.left + cell.width / 2;
  const top = cell.top + cell.height / 2 - (lines.length * lineH) / 2;
  const texts = lines.map((line, i) =>
    el('text', { x: cx, y: top + lineH * i + lineH / 2 + fontPx * 0.36 }, text(line)),
  );
  return el(
    'g',
    { 'font-size': fontPx, fill: textColorOn(fill), 'text-anchor': 'middle' },
    ...texts,
  );
}

/** A heatmap as an SVG document string. */
export function heatmap(opts: HeatmapOptions): string {
  const width = opts.width ?? 600;
  const height = opts.height ?? 520;
  checkSize(CHART, width, height);
  const nr = opts.rowLabels.length;
  const nc = opts.colLabels.length;
  if (nr === 0 || nc === 0) invalid('rowLabels and colLabels must not be empty');
  if (opts.values.length !== nr || opts.values.some((row) => row.length !== nc)) {
    invalid(`values must be ${nr} rows of ${nc} numbers (one per row and column label)`);
  }
  if (
    opts.cellText !== undefined &&
    (opts.cellText.length !== nr || opts.cellText.some((row) => row.length !== nc))
  ) {
    invalid(`cellText must be ${nr} rows of ${nc} strings`);
  }
  const domain = colorDomainOf(opts);
  const map = opts.colormap ?? 'blues';
  const showBar = opts.colorbar ?? true;
  const frame = layoutFrame({
    width,
    height,
    title: opts.title,
    x: { kind: 'band', categories: opts.colLabels, label: opts.xLabel, padding: 0 },
    y: { kind: 'band', categories: opts.rowLabels, label: opts.yLabel, padding: 0 },
    reserveRightPx: showBar ? colorbarRoomPx(domain, opts.colorbarLabel) : 0,
    plotAspect: nc / nr,
  });
  const cells: Markup[] = [];
  const labels: Markup[] = [];
  const cw = frame.x.scale.bandwidthPx;
  const ch = frame.y.scale.bandwidthPx;
  const contents = opts.values.map((row, r) =>
    row.map((v, c) => opts.cellText?.[r]?.[c] ?? (Number.isFinite(v) ? formatValue(v) : '')),
  );
  // One font size for every cell, the largest at which all texts fit; none below 7 px.
  const fontPx = contents.reduce(
    (m, row) =>
      row.reduce((a, t) => Math.min(a, fittingFontPx(t.split('\n'), { width: cw, height: ch })), m),
    Infinity,
  );
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const v = opts.values[r]![c]!;
      const fill = Number.isFinite(v)
        ? colormap(map, (v - domain[0]) / (domain[1] - domain[0]))
        : MISSING;
      const cell = {
        left: frame.x.scale.map(c) - cw / 2,
        top: frame.y.scale.map(r) - ch / 2,
        width: cw,
        height: ch,
      };
      cells.push(
        el('rect', {
          class: 'cell',
          x: cell.left,
          y: cell.top,
          width: cell.width,
          height: cell.height,
          fill,
        }),
      );
      const content = contents[r]?.[c] ?? '';
      if (content !== '' && fontPx >= 7 && Number.isFinite(fontPx)) {
        labels.push(cellLabel(content.split('\n'), cell, fill, fontPx));
      }
    }
  }
  const overlay = showBar ? [drawColorbar(frame.plot, domain, map, opts.colorbarLabel)] : [];
  return chartDocument(frame, {
    data: [el('g', { stroke: THEME.background, 'stroke-width': 1 }, ...cells), ...labels],
    overlay,
  });
}
