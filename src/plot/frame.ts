/**
 * Layout of a chart's frame: where the plot area sits inside the SVG and which ticks each axis
 * shows. Margins are measured, not guessed: the left margin holds the widest y tick label, the
 * bottom one the x tick labels (rotated 45 degrees when category names would collide), the top
 * one the title and whatever the chart reserves (marker labels). Tick density follows the
 * axis length, and ticks are thinned until neighbouring labels keep a gap. The margins depend
 * on the ticks and the ticks on the plot size, so the layout iterates to a fixed point.
 */
import type { TickFormatter } from './format.js';
import {
  bandScale,
  linearScale,
  linearTicks,
  logScale,
  logTicks,
  niceDomain,
  type Scale,
  type Tick,
} from './scale.js';
import { textWidthPx, truncateToWidth } from './text-metrics.js';
import { THEME } from './theme.js';

/** A numeric axis. */
export interface ContinuousAxisSpec {
  readonly kind: 'linear' | 'log';
  readonly domain: readonly [number, number];
  readonly label?: string | undefined;
  readonly format?: TickFormatter | undefined;
  /** Widen a linear domain to the chosen tick step, so both ends carry a tick. */
  readonly nice?: boolean | undefined;
}

/** A categorical axis: one band per category, in order (left to right, top to bottom). */
export interface BandAxisSpec {
  readonly kind: 'band';
  readonly categories: readonly string[];
  readonly label?: string | undefined;
  /** Gap between bands as a fraction of a band step; default 0.2. */
  readonly padding?: number | undefined;
}

export type AxisSpec = ContinuousAxisSpec | BandAxisSpec;

/** What a chart asks of its frame. */
export interface FrameSpec {
  readonly width: number;
  readonly height: number;
  readonly title?: string | undefined;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  /** Room to keep between the title and the plot, given the final x scale. */
  readonly reserveTopPx?: ((x: Scale) => number) | undefined;
  /** Room to keep right of the plot (an outside legend, a colour bar). */
  readonly reserveRightPx?: number | undefined;
  /** Plot-area width / height to keep; the plot is shrunk and centred in its space. */
  readonly plotAspect?: number | undefined;
}

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** One laid-out axis. */
export interface AxisLayout {
  readonly spec: AxisSpec;
  readonly scale: Scale;
  readonly ticks: readonly Tick[];
  /** Tick labels rotated by 45 degrees (crowded category names on the x axis). */
  readonly rotated: boolean;
  /** Extent of the tick labels away from the axis: height on x, width on y (px). */
  readonly depthPx: number;
  /** How far labels stick out before the start and past the end of the axis (px). */
  readonly overhangStartPx: number;
  readonly overhangEndPx: number;
}

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly title: string | undefined;
  readonly plot: Rect;
  readonly x: AxisLayout;
  readonly y: AxisLayout;
  /** Height reserved above the plot by `reserveTopPx`. */
  readonly topReservePx: number;
}

const SIN45 = Math.SQRT1_2;
const X_LABEL_GAP_PX = 10; // minimum gap between neighbouring x tick labels
const PX_PER_X_TICK = 90;
const PX_PER_Y_TICK = 48;

function continuousTicks(
  spec: ContinuousAxisSpec,
  domain: readonly [number, number],
  count: number,
  minorLabels: boolean,
): Tick[] {
  const lo = Math.min(...domain);
  const hi = Math.max(...domain);
  let ticks = spec.kind === 'log' ? logTicks(lo, hi, count) : linearTicks(lo, hi, count);
  if (!minorLabels) ticks = ticks.map((t) => (t.major ? t : { ...t, label: '' }));
  const format = spec.format;
  if (format !== undefined) {
    ticks = ticks.map((t) => (t.label === '' ? t : { ...t, label: format(t.value) }));
  }
  return ticks;
}

function makeScale(
  spec: ContinuousAxisSpec,
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  return spec.kind === 'log' ? logScale(domain, range) : linearScale(domain, range);
}

/** Whether consecutive labelled ticks keep `gap(a, b)` px between their positions. */
function labelsFit(
  ticks: readonly Tick[],
  scale: Scale,
  gap: (a: Tick, b: Tick) => number,
): boolean {
  const labelled = ticks.filter((t) => t.label !== '').sort((a, b) => a.value - b.value);
  for (let i = 1; i < labelled.length; i++) {
    const a = labelled[i - 1]!;
    const b = labelled[i]!;
    if (Math.abs(scale.map(b.value) - scale.map(a.value)) < gap(a, b)) return false;
  }
  return true;
}

/**
 * The densest ticks (up to about length / pxPerTick) whose labels fit, with the scale they
 * go with (a nice linear domain follows the tick step).
 */
function fitContinuous(
  spec: ContinuousAxisSpec,
  range: readonly [number, number],
  pxPerTick: number,
  gap: (a: Tick, b: Tick) => number,
): { scale: Scale; ticks: Tick[] } {
  const lengthPx = Math.abs(range[1] - range[0]);
  const nice = spec.kind === 'linear' && spec.nice === true;
  const attempt = (count: number, minorLabels: boolean) => {
    const domain = nice ? niceDomain(spec.domain[0], spec.domain[1], count) : spec.domain;
    const scale = makeScale(spec, domain, range);
    return { scale, ticks: continuousTicks(spec, domain, count, minorLabels) };
  };
  for (const minorLabels of [true, false]) {
    for (let count = Math.max(2, Math.round(lengthPx / pxPerTick)); count >= 1; count--) {
      const fitted = attempt(count, minorLabels);
      if (labelsFit(fitted.ticks, fitted.scale, gap)) return fitted;
    }
  }
  return attempt(1, false);
}

function horizontalAxis(
  spec: AxisSpec,
  range: readonly [number, number],
  maxDepthPx: number,
): AxisLayout {
  const font = THEME.tickFontPx;
  const start = Math.min(range[0], range[1]);
  const end = Math.max(range[0], range[1]);
  if (spec.kind === 'band') {
    const scale = bandScale(spec.categories.length, range, spec.padding ?? 0.2);
    const step = (end - start) / spec.categories.length;
    const widest = Math.max(0, ...spec.categories.map((c) => textWidthPx(c, font)));
    const rotated = widest > step - 6;
    const labels = rotated
      ? spec.categories.map((c) => truncateToWidth(c, maxDepthPx / SIN45, font))
      : spec.categories.map((c) => truncateToWidth(c, Math.max(step - 4, font * 3), font));
    const widths = labels.map((l) => textWidthPx(l, font));
    const ticks = labels.map((label, i) => ({ value: i, label, major: true }));
    const first = scale.map(0) - start;
    const last = end - scale.map(spec.categories.length - 1);
    if (rotated) {
      const depthPx = Math.max(0, ...widths) * SIN45 + font * SIN45 + 2;
      const overhangStartPx = Math.max(0, (widths[0] ?? 0) * SIN45 - first);
      return { spec, scale, ticks, rotated, depthPx, overhangStartPx, overhangEndPx: 0 };
    }
    const overhangStartPx = Math.max(0, (widths[0] ?? 0) / 2 - first);
    const overhangEndPx = Math.max(0, (widths[widths.length - 1] ?? 0) / 2 - last);
    return { spec, scale, ticks, rotated, depthPx: font * 1.2, overhangStartPx, overhangEndPx };
  }
  const half = (t: Tick): number => textWidthPx(t.label, font) / 2;
  const { scale, ticks } = fitContinuous(
    spec,
    range,
    PX_PER_X_TICK,
    (a, b) => half(a) + half(b) + X_LABEL_GAP_PX,
  );
  let overhangStartPx = 0;
  let overhangEndPx = 0;
  for (const t of ticks) {
    if (t.label === '') continue;
    const px = scale.map(t.value);
    overhangStartPx = Math.max(overhangStartPx, start - (px - half(t)));
    overhangEndPx = Math.max(overhangEndPx, px + half(t) - end);
  }
  return {
    spec,
    scale,
    ticks,
    rotated: false,
    depthPx: font * 1.2,
    overhangStartPx,
    overhangEndPx,
  };
}

function verticalAxis(
  spec: AxisSpec,
  range: readonly [number, number],
  maxDepthPx: number,
): AxisLayout {
  const font = THEME.tickFontPx;
  const noOverhang = { rotated: false, overhangStartPx: 0, overhangEndPx: 0 };
  if (spec.kind === 'band') {
    const scale = bandScale(spec.categories.length, range, spec.padding ?? 0.2);
    const labels = spec.categories.map((c) => truncateToWidth(c, maxDepthPx, font));
    const ticks = labels.map((label, i) => ({ value: i, label, major: true }));
    const depthPx = Math.max(0, ...labels.map((l) => textWidthPx(l, font)));
    return { spec, scale, ticks, depthPx, ...noOverhang };
  }
  const { scale, ticks } = fitContinuous(spec, range, PX_PER_Y_TICK, () => font * 1.5);
  const depthPx = Math.max(0, ...ticks.map((t) => textWidthPx(t.label, font)));
  return { spec, scale, ticks, depthPx, ...noOverhang };
}

function tickGap(spec: AxisSpec): number {
  return spec.kind === 'band' ? 6 : THEME.tickLengthPx + 4;
}

/** Lays out the frame: plot rectangle, scales and ticks. */
export function layoutFrame(spec: FrameSpec): Frame {
  const pad = THEME.paddingPx;
  const title = spec.title !== undefined && spec.title !== '' ? spec.title : undefined;
  const titleH = title === undefined ? 0 : THEME.titleFontPx * 1.25 + 6;
  const xLabelH = spec.x.label ? THEME.labelFontPx * 1.3 + 2 : 0;
  const yLabelW = spec.y.label ? THEME.labelFontPx * 1.3 + 4 : 0;
  const reserveRight = spec.reserveRightPx ?? 0;
  const minTop = pad + titleH + (spec.y.kind === 'band' ? 0 : THEME.tickFontPx / 2);
  let margins = { left: pad + yLabelW + 40, right: pad + reserveRight, top: minTop, bottom: 60 };
  let x: AxisLayout = horizontalAxis(spec.x, [0, 1], 1);
  let y: AxisLayout = verticalAxis(spec.y, [1, 0], 1);
  let plot: Rect = { left: 0, top: 0, width: 1, height: 1 };
  let topReservePx = 0;
  for (let iter = 0; iter < 6; iter++) {
    const availW = Math.max(20, spec.width - margins.left - margins.right);
    const availH = Math.max(20, spec.height - margins.top - margins.bottom);
    let w = availW;
    let h = availH;
    const aspect = spec.plotAspect;
    if (aspect !== undefined && aspect > 0) {
      if (w / h > aspect) w = h * aspect;
      else h = w / aspect;
    }
    plot = {
      left: margins.left + (availW - w) / 2,
      top: margins.top + (availH - h) / 2,
      width: w,
      height: h,
    };
    const bottomPx = plot.top + plot.height;
    x = horizontalAxis(spec.x, [plot.left, plot.left + w], spec.height * 0.3);
    const yRange: [number, number] =
      spec.y.kind === 'band' ? [plot.top, bottomPx] : [bottomPx, plot.top];
    y = verticalAxis(spec.y, yRange, spec.width * 0.3);
    topReservePx = spec.reserveTopPx?.(x.scale) ?? 0;
    const next = {
      left: Math.max(pad + yLabelW + y.depthPx + tickGap(spec.y), pad + x.overhangStartPx),
      right: Math.max(pad, x.overhangEndPx + 4) + reserveRight,
      top: minTop + topReservePx,
      bottom: pad + xLabelH + x.depthPx + tickGap(spec.x),
    };
    const settled =
      Math.abs(next.left - margins.left) < 0.5 &&
      Math.abs(next.right - margins.right) < 0.5 &&
      Math.abs(next.top - margins.top) < 0.5 &&
      Math.abs(next.bottom - margins.bottom) < 0.5;
    if (settled) break;
    margins = next;
  }
  return { width: spec.width, height: spec.height, title, plot, x, y, topReservePx };
}

/** The tick-label gap from the axis line used by the drawing code, px. */
export function axisLabelGapPx(spec: AxisSpec): number {
  return tickGap(spec);
}
