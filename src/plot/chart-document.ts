/**
 * Assembles a chart's SVG document: white background, grid, the data layers clipped to the
 * plot area, axes over the data, then overlays (legend, annotations) unclipped. The clip path
 * id is derived from a hash of the content, so several charts inlined in one HTML report do
 * not clash and the output stays deterministic (the same options give the same bytes).
 */
import { drawAxes, drawGrid } from './axes.js';
import type { Frame } from './frame.js';
import { el, join, type Markup } from './svg.js';
import { THEME } from './theme.js';

const CLIP_PLACEHOLDER = 'pdm-clip-id';

/** Layers of a chart, bottom to top. */
export interface ChartLayers {
  /** Drawn inside the plot area, clipped to it. */
  readonly data: readonly Markup[];
  /** Drawn last, not clipped. */
  readonly overlay?: readonly Markup[];
}

// FNV-1a, 32 bit: a stable, dependency-free content hash for ids.
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The root `<svg>` element of a picture width x height px holding `body`. */
export function svgRoot(width: number, height: number, body: readonly Markup[]): string {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      'font-family': THEME.fontFamily,
      'font-size': THEME.tickFontPx,
    },
    el('rect', { width, height, fill: THEME.background }),
    ...body,
  );
}

/** The chart as a standalone SVG document string. */
export function chartDocument(frame: Frame, layers: ChartLayers): string {
  const { plot } = frame;
  const body = svgRoot(frame.width, frame.height, [
    el(
      'defs',
      {},
      el(
        'clipPath',
        { id: CLIP_PLACEHOLDER },
        el('rect', { x: plot.left, y: plot.top, width: plot.width, height: plot.height }),
      ),
    ),
    drawGrid(frame),
    el('g', { 'clip-path': `url(#${CLIP_PLACEHOLDER})` }, join(layers.data)),
    drawAxes(frame),
    ...(layers.overlay ?? []),
  ]);
  // Text and attribute values are escaped, so a literal `"` only delimits attributes: these two
  // patterns can only be the id and its reference.
  const id = `pdm-${fnv1a(body)}`;
  return body
    .replace(`id="${CLIP_PLACEHOLDER}"`, `id="${id}"`)
    .replace(`clip-path="url(#${CLIP_PLACEHOLDER})"`, `clip-path="url(#${id})"`);
}
