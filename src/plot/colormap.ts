/**
 * Sequential colour maps for heatmaps and a text colour that stays readable on any cell.
 * 'blues' is ColorBrewer's 9-class Blues (Harrower & Brewer, "ColorBrewer.org", The
 * Cartographic Journal 40(1), 2003): one hue, so it reads under every colour-vision
 * deficiency and in greyscale print. 'viridis' (van der Walt & Smith, matplotlib 2.0, 2015) is
 * perceptually uniform; its stops are sampled at 0, 0.1, ... 1. Interpolation is linear in
 * sRGB between stops. The text colour follows the WCAG 2.1 relative luminance.
 */

/** Name of a built-in colour map. */
export type ColormapName = 'blues' | 'viridis';

const STOPS: Record<ColormapName, readonly string[]> = {
  blues: [
    '#f7fbff',
    '#deebf7',
    '#c6dbef',
    '#9ecae1',
    '#6baed6',
    '#4292c6',
    '#2171b5',
    '#08519c',
    '#08306b',
  ],
  viridis: [
    '#440154',
    '#482475',
    '#414487',
    '#355f8d',
    '#2a788e',
    '#21918c',
    '#22a884',
    '#44bf70',
    '#7ad151',
    '#bddf26',
    '#fde725',
  ],
};

type Rgb = readonly [number, number, number];

function parseHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  const h = (v: number): string => Math.round(v).toString(16).padStart(2, '0');
  return `#${h(r)}${h(g)}${h(b)}`;
}

/** The colour at t in [0, 1] (clamped; NaN gives the lowest colour) of a colour map. */
export function colormap(name: ColormapName, t: number): string {
  const stops = STOPS[name];
  const u = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const a = parseHex(stops[i]!);
  const b = parseHex(stops[i + 1]!);
  return toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/** WCAG 2.1 relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = parseHex(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * White or near-black text, whichever contrasts more with the background (the luminance where
 * both contrast ratios are equal is about 0.18).
 */
export function textColorOn(background: string): string {
  const l = relativeLuminance(background);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (relativeLuminance('#1a1a1a') + 0.05);
  return onWhite > onDark ? '#ffffff' : '#1a1a1a';
}
