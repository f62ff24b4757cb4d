/**
 * Multi-panel figures and output. `composeFigure` places chart SVGs in a grid as nested
 * <svg> elements (each keeps its own coordinates and clips to its box) under an optional
 * title, with optional panel letters (a), (b) ... `svgToPng` rasterises with resvg
 * (@resvg/resvg-js, offline, system fonts with DejaVu Sans as the default family).
 * `writeFigure` is the only I/O of the plot folder: .svg or .png by extension, written
 * atomically (temp file + rename, see data/atomic-write.ts).
 */
import { Resvg } from '@resvg/resvg-js';
import { extname } from 'node:path';
import { PdmError } from '../core/errors.js';
import { writeBytesAtomic } from '../data/atomic-write.js';
import { svgRoot } from './chart-document.js';
import { el, type Markup, text } from './svg.js';
import { textWidthPx, truncateToWidth } from './text-metrics.js';
import { THEME } from './theme.js';

/** Options of `composeFigure`. */
export interface FigureOptions {
  /** Chart SVG documents, in reading order (left to right, then down). */
  readonly panels: readonly string[];
  /** Panels per row; default min(panels, 2). */
  readonly columns?: number;
  readonly title?: string;
  /** A second, plainer line under the title (a key shared by every panel). */
  readonly subtitle?: string;
  /** Space between panels, px; default 8. */
  readonly gapPx?: number;
  /** Letter the panels (a), (b), ... in their top-left corners. */
  readonly panelLabels?: boolean;
}

/** Options of `svgToPng` and `writeFigure`. */
export interface PngOptions {
  /** Output width in px; the height follows the aspect ratio. Default: the SVG's own width. */
  readonly width?: number;
}

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/** Width and height (px) declared on the root <svg> element of a document. */
export function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0];
  const read = (name: string): number =>
    Number(new RegExp(`\\s${name}="([0-9.]+)"`).exec(open ?? '')?.[1]);
  const width = read('width');
  const height = read('height');
  if (!(width > 0 && height > 0)) {
    invalid('figure panel must be an SVG document whose root has numeric width and height (px)');
  }
  return { width, height };
}

/** `text` in lines no wider than `maxPx`, broken after its '; ' separators (greedily). */
export function wrapAt(text: string, maxPx: number, fontPx: number): string[] {
  const parts = text.split('; ');
  const lines: string[] = [];
  for (const p of parts) {
    const last = lines[lines.length - 1];
    const joined = last === undefined ? p : `${last}; ${p}`;
    if (last !== undefined && textWidthPx(joined, fontPx) <= maxPx)
      lines[lines.length - 1] = joined;
    else lines.push(p);
  }
  return lines;
}

/** Several charts in one SVG document, laid out in a grid. */
export function composeFigure(opts: FigureOptions): string {
  const n = opts.panels.length;
  if (n === 0) invalid('composeFigure: panels must not be empty');
  const columns = opts.columns ?? Math.min(n, 2);
  if (!(Number.isInteger(columns) && columns >= 1)) {
    invalid(`composeFigure: columns must be a positive integer, got ${columns}`);
  }
  const gap = opts.gapPx ?? 8;
  const rows = Math.ceil(n / columns);
  const sizes = opts.panels.map(svgSize);
  const colWidths = new Array<number>(columns).fill(0);
  const rowHeights = new Array<number>(rows).fill(0);
  sizes.forEach((s, i) => {
    colWidths[i % columns] = Math.max(colWidths[i % columns]!, s.width);
    rowHeights[Math.floor(i / columns)] = Math.max(rowHeights[Math.floor(i / columns)]!, s.height);
  });
  const width = colWidths.reduce((a, b) => a + b, 0) + gap * (columns - 1);
  const title = opts.title !== undefined && opts.title !== '' ? opts.title : undefined;
  const subtitle = opts.subtitle !== undefined && opts.subtitle !== '' ? opts.subtitle : undefined;
  // a subtitle too wide for a narrow figure breaks at its '; ' into lines
  const subtitleLines =
    subtitle === undefined ? [] : wrapAt(subtitle, width - 2 * THEME.paddingPx, THEME.tickFontPx);
  const subtitleH =
    subtitleLines.length * THEME.tickFontPx * 1.4 + (subtitle === undefined ? 0 : 4);
  const titleH = (title === undefined ? 0 : THEME.titleFontPx * 1.6 + THEME.paddingPx) + subtitleH;
  const height = titleH + rowHeights.reduce((a, b) => a + b, 0) + gap * (rows - 1);
  const body: Markup[] = [];
  if (title !== undefined) {
    const label = truncateToWidth(title, width - 2 * THEME.paddingPx, THEME.titleFontPx + 1, true);
    body.push(
      el(
        'text',
        {
          x: width / 2,
          y: THEME.paddingPx + THEME.titleFontPx,
          'text-anchor': 'middle',
          'font-size': THEME.titleFontPx + 1,
          'font-weight': 'bold',
          fill: THEME.text,
        },
        text(label),
      ),
    );
  }
  subtitleLines.forEach((line, i) => {
    body.push(
      el(
        'text',
        {
          x: width / 2,
          y: titleH - subtitleH + THEME.tickFontPx * (1 + 1.4 * i),
          'text-anchor': 'middle',
          'font-size': THEME.tickFontPx,
          fill: THEME.text,
        },
        text(truncateToWidth(line, width - 2 * THEME.paddingPx, THEME.tickFontPx, false)),
      ),
    );
  });
  opts.panels.forEach((panel, i) => {
    const col = i % columns;
    const row = Math.floor(i / columns);
    const x = colWidths.slice(0, col).reduce((a, b) => a + b, 0) + gap * col;
    const y = titleH + rowHeights.slice(0, row).reduce((a, b) => a + b, 0) + gap * row;
    // The panel is trusted markup made by this folder's charts; strip any XML declaration.
    const inner = panel.replace(/^\s*<\?xml[^>]*\?>\s*/, '') as Markup;
    const parts: Markup[] = [inner];
    if (opts.panelLabels === true) {
      parts.push(
        el(
          'text',
          {
            x: 6,
            y: 6 + THEME.titleFontPx,
            'font-size': THEME.titleFontPx,
            'font-weight': 'bold',
            fill: THEME.text,
          },
          text(`(${String.fromCharCode(97 + (i % 26))})`),
        ),
      );
    }
    body.push(el('g', { transform: `translate(${x} ${y})` }, ...parts));
  });
  return svgRoot(width, height, body);
}

/** Renders an SVG document to PNG bytes, offline (system fonts, DejaVu Sans by default). */
export function svgToPng(svg: string, opts: PngOptions = {}): Uint8Array {
  const { width } = opts;
  if (width !== undefined && !(Number.isInteger(width) && width > 0 && width <= 16384)) {
    invalid(`svgToPng: width must be an integer from 1 to 16384 px, got ${width}`);
  }
  const resvg = new Resvg(svg, {
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    font: {
      loadSystemFonts: true,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    background: THEME.background,
    logLevel: 'off',
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/**
 * Writes a figure to `path`: SVG text for `.svg`, a PNG rendering for `.png` (other extensions
 * are rejected). The file is replaced atomically.
 */
export async function writeFigure(path: string, svg: string, opts: PngOptions = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  let bytes: Uint8Array;
  if (ext === '.svg') {
    const doc = svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
    bytes = new TextEncoder().encode(doc);
  } else if (ext === '.png') bytes = svgToPng(svg, opts);
  else invalid(`writeFigure: ${path} must end in .svg or .png`);
  await writeBytesAtomic(path, bytes);
}
