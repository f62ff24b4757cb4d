/**
 * Text width estimates for layout (margins, label overlap, truncation) without a font engine:
 * advance widths in em of DejaVu Sans and DejaVu Sans Bold, read from the hmtx tables of the
 * fonts shipped by the DejaVu project (version 2.37) for printable ASCII and a few symbols the
 * tick formatter emits. Browsers that substitute a narrower font (Verdana is close, Arial
 * narrower) only get more room than needed.
 */

// Advance widths of code points 32..126, in em.
const REGULAR = [
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318,
  0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838,
  0.838, 0.838, 0.531, 1, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295,
  0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685,
  0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635,
  0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634,
  0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
];
const BOLD = [
  0.348, 0.456, 0.521, 0.838, 0.696, 1.002, 0.872, 0.306, 0.457, 0.457, 0.523, 0.838, 0.38, 0.415,
  0.38, 0.365, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.4, 0.4,
  0.838, 0.838, 0.838, 0.58, 1, 0.774, 0.762, 0.734, 0.83, 0.683, 0.683, 0.821, 0.837, 0.372, 0.372,
  0.775, 0.637, 0.995, 0.837, 0.85, 0.733, 0.85, 0.77, 0.72, 0.682, 0.812, 0.774, 1.103, 0.771,
  0.724, 0.725, 0.457, 0.365, 0.457, 0.838, 0.5, 0.5, 0.675, 0.716, 0.593, 0.716, 0.678, 0.435,
  0.716, 0.712, 0.343, 0.343, 0.665, 0.343, 1.042, 0.712, 0.687, 0.716, 0.716, 0.493, 0.595, 0.478,
  0.712, 0.652, 0.924, 0.645, 0.652, 0.582, 0.712, 0.365, 0.712, 0.838,
];
// [regular, bold] widths of non-ASCII characters the charts emit.
const SYMBOLS = new Map<string, readonly [number, number]>([
  ['\u2212', [0.838, 0.838]], // minus sign
  ['\u00d7', [0.838, 0.838]], // multiplication sign
  ['\u00b5', [0.636, 0.736]], // micro sign
  ['\u2026', [1, 1]], // ellipsis
  ['\u00b0', [0.5, 0.5]], // degree sign
  ['\u00b1', [0.838, 0.838]], // plus-minus sign
  ['\u207b', [0.528, 0.528]], // superscript minus
]);
const SUPERSCRIPT_DIGITS = '\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079';
// Unknown characters (accents, Greek, CJK ...) are assumed fairly wide: overestimating is safe.
const FALLBACK_EM = 0.7;

function charEm(ch: string, bold: boolean): number {
  const code = ch.codePointAt(0) ?? 32;
  if (code >= 32 && code <= 126) return (bold ? BOLD : REGULAR)[code - 32] ?? FALLBACK_EM;
  if (SUPERSCRIPT_DIGITS.includes(ch)) return bold ? 0.438 : 0.401;
  const symbol = SYMBOLS.get(ch);
  if (symbol !== undefined) return bold ? symbol[1] : symbol[0];
  return FALLBACK_EM;
}

/** Estimated width in px of `text` set in DejaVu Sans at `fontPx`. */
export function textWidthPx(text: string, fontPx: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charEm(ch, bold);
  return em * fontPx;
}

/** `text`, cut and ended with an ellipsis when wider than `maxPx`. */
export function truncateToWidth(text: string, maxPx: number, fontPx: number, bold = false): string {
  if (textWidthPx(text, fontPx, bold) <= maxPx) return text;
  const budget = maxPx - charEm('\u2026', bold) * fontPx;
  let out = '';
  let width = 0;
  for (const ch of text) {
    const w = charEm(ch, bold) * fontPx;
    if (width + w > budget) break;
    out += ch;
    width += w;
  }
  return `${out.trimEnd()}\u2026`;
}
