/**
 * Number formatting for tick labels and value annotations. A set of ticks shares one format:
 * the fewest decimals that show every tick exactly (0.0, 0.5, 1.0, as matplotlib and d3 do), and an SI prefix (engineering notation,
 * BIPM SI Brochure, 9th ed., table 7) when the largest magnitude is 1e5 or more or below 1e-3,
 * so a spectrum axis reads 0, 5k, 10k and an acceleration axis 0, 20µ, 40µ. Negative numbers
 * use the typographic minus sign (U+2212), as typesetting standards ask.
 */

/** Turns a tick value into its label. */
export type TickFormatter = (value: number) => string;

const MINUS = '\u2212';
const PREFIXES = new Map<number, string>([
  [-15, 'f'],
  [-12, 'p'],
  [-9, 'n'],
  [-6, '\u00b5'],
  [-3, 'm'],
  [0, ''],
  [3, 'k'],
  [6, 'M'],
  [9, 'G'],
  [12, 'T'],
]);
const SUPERSCRIPT: Record<string, string> = {
  '-': '\u207b',
  '0': '\u2070',
  '1': '\u00b9',
  '2': '\u00b2',
  '3': '\u00b3',
  '4': '\u2074',
  '5': '\u2075',
  '6': '\u2076',
  '7': '\u2077',
  '8': '\u2078',
  '9': '\u2079',
};

function withMinus(s: string): string {
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

/** Engineering exponent (a multiple of 3, within the SI prefixes) for a magnitude, or 0. */
function siExponent(maxAbs: number): number {
  if (maxAbs === 0 || (maxAbs >= 1e-3 && maxAbs < 1e5)) return 0;
  const e3 = Math.floor(Math.floor(Math.log10(maxAbs) + 1e-9) / 3) * 3;
  return Math.min(12, Math.max(-15, e3));
}

function scaleBy(value: number, e3: number): number {
  // Dividing by an exact power of ten rounds once; multiplying by 10^-e would round twice.
  return e3 >= 0 ? value / 10 ** e3 : value * 10 ** -e3;
}

/** The fewest decimals (up to 12) that represent all `values` to 1e-9 of their largest. */
function decimalsFor(values: readonly number[]): number {
  const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const tol = Math.max(maxAbs, 1e-300) * 1e-9;
  for (let d = 0; d < 12; d++) {
    const k = 10 ** d;
    if (values.every((v) => Math.abs(Math.round(v * k) / k - v) <= tol)) return d;
  }
  return 12;
}

/** Labels for a set of tick values: one shared number of decimals and SI prefix. */
export function formatTicks(values: readonly number[]): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  const maxAbs = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const e3 = siExponent(maxAbs);
  const prefix = PREFIXES.get(e3) ?? '';
  const scaled = finite.map((v) => scaleBy(v, e3));
  const decimals = decimalsFor(scaled);
  return values.map((v) => {
    if (!Number.isFinite(v)) return String(v);
    const s = scaleBy(v, e3).toFixed(decimals);
    // Zero keeps the shared decimals but never a sign or a prefix.
    return Number(s) === 0 ? (0).toFixed(decimals) : withMinus(s) + prefix;
  });
}

/**
 * One value with `significant` digits (default 3): 0.0123, 1.5, 12345, 123k, 4.56µ. Trailing
 * zeros are dropped; integers up to 1e5 print whole.
 */
export function formatValue(value: number, significant = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const e3 = siExponent(Math.abs(value));
  const scaled = scaleBy(value, e3);
  let s: string;
  if (Math.abs(scaled) >= 10 ** significant) s = Math.round(scaled).toString();
  else {
    s = scaled.toPrecision(significant);
    if (s.includes('e')) s = Number(s).toString();
    if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return withMinus(s) + (PREFIXES.get(e3) ?? '');
}

/** 10 raised to an integer exponent as a label: `1000`, `0.01`, or `10⁻⁵` when `plain` is false. */
export function formatDecade(exponent: number, plain: boolean): string {
  if (plain) return exponent >= 0 ? (10 ** exponent).toString() : (1 / 10 ** -exponent).toString();
  let sup = '';
  for (const ch of String(exponent)) sup += SUPERSCRIPT[ch] ?? ch;
  return `10${sup}`;
}

/** A fraction as a percentage with one decimal: 0.4567 -> `45.7%`. */
export function formatPercent(fraction: number): string {
  return `${withMinus((fraction * 100).toFixed(1))}%`;
}
