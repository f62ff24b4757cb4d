/**
 * The look every chart shares. Colours: the Okabe-Ito palette, distinguishable under the common
 * colour-vision deficiencies (Okabe & Ito, "Color Universal Design", 2008; Wong, "Points of
 * view: Color blindness", Nature Methods 8:441, 2011), reordered so the strongest colours come
 * first and yellow, weak on white, comes last. Text is DejaVu Sans, the font whose widths
 * text-metrics.ts holds, with generic fall-backs for browsers that lack it.
 */

/** Series colours in the order charts use them. */
export const PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

/**
 * Colours of a machine's events wherever they are drawn as reference lines (the fleet overview,
 * the report's alarm timelines): a fault's onset, a failure (missed, in a timeline), maintenance
 * or a failure warned of, a (false) alarm, and an alarm that warned.
 */
export const EVENT_COLORS = Object.freeze({
  onset: '#E69F00',
  failure: '#C0392B',
  maintenance: '#009E73',
  alarm: '#7B3294',
  quiet: '#888888',
});

/** The i-th series colour, cycling through the palette. */
export function seriesColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** Fonts, sizes (px) and the greys of text, axes and grid. */
export const THEME = {
  fontFamily: 'DejaVu Sans, Verdana, Arial, sans-serif',
  titleFontPx: 15,
  labelFontPx: 13,
  tickFontPx: 12,
  legendFontPx: 12,
  annotationFontPx: 11,
  text: '#222222',
  mutedText: '#444444',
  axis: '#555555',
  grid: '#e2e2e2',
  minorGrid: '#f0f0f0',
  reference: '#666666',
  background: '#ffffff',
  tickLengthPx: 5,
  minorTickLengthPx: 3,
  paddingPx: 12,
} as const;

/** Named dash patterns for lines; arrays are passed through as stroke-dasharray. */
export type Dash = 'solid' | 'dashed' | 'dotted' | 'dashdot' | readonly number[];

/** The stroke-dasharray of a dash pattern, scaled by the line width; undefined when solid. */
export function dashArray(dash: Dash | undefined, widthPx: number): string | undefined {
  const w = Math.max(1, widthPx);
  if (dash === undefined || dash === 'solid') return undefined;
  if (dash === 'dashed') return `${4 * w} ${2.5 * w}`;
  if (dash === 'dotted') return `${w} ${1.8 * w}`;
  if (dash === 'dashdot') return `${4 * w} ${1.8 * w} ${w} ${1.8 * w}`;
  return dash.length === 0 ? undefined : dash.join(' ');
}
