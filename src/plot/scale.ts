/**
 * Scales map data values to pixels: linear, log10 and band (categories). Tick values follow the
 * 1-2-5 rule (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990; the thresholds at
 * the geometric means sqrt(2), sqrt(10), sqrt(50) are those of d3-array's tickIncrement). Tick
 * values are built from integers (i * m * 10^e, or i * m / 10^-e for small steps) so they print
 * as 0.3, not 0.30000000000000004. Log axes tick every decade with minor ticks at 2..9; long
 * ranges label every k-th decade, short ones label 2 and 5 as well.
 */
import { PdmError } from '../core/errors.js';
import { formatDecade, formatTicks, formatValue } from './format.js';

/** A mapping from data values to pixel positions. */
export interface Scale {
  readonly kind: 'linear' | 'log' | 'band';
  /** Data interval; for band scales [0, count - 1]. */
  readonly domain: readonly [number, number];
  /** Pixel interval the domain maps onto, in order (may decrease, as y axes do). */
  readonly range: readonly [number, number];
  /** Pixel position of a value; for band scales, the centre of band `value`. */
  readonly map: (value: number) => number;
  /** Width in px of one band (band scales); 0 for continuous scales. */
  readonly bandwidthPx: number;
}

/** A tick: its value, its label ('' for unlabelled minor ticks), and major or minor. */
export interface Tick {
  readonly value: number;
  readonly label: string;
  readonly major: boolean;
}

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

function lerp(r0: number, r1: number, t: number): number {
  // Exact at both ends: t = 0 gives r0 and t = 1 gives r1 without rounding.
  return r0 * (1 - t) + r1 * t;
}

/** Linear map of `domain` onto `range`; a zero-width domain maps to the middle of the range. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (![d0, d1, r0, r1].every(Number.isFinite)) invalid(`scale needs finite domain and range`);
  const span = d1 - d0;
  const map = span === 0 ? () => (r0 + r1) / 2 : (v: number) => lerp(r0, r1, (v - d0) / span);
  return { kind: 'linear', domain: [d0, d1], range: [r0, r1], map, bandwidthPx: 0 };
}

/** log10 map of `domain` (both ends > 0) onto `range`; values <= 0 map to NaN. */
export function logScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (!(d0 > 0 && d1 > 0 && Number.isFinite(d0) && Number.isFinite(d1))) {
    invalid(`log scale needs a domain of positive finite numbers, got [${d0}, ${d1}]`);
  }
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0;
  const map = (v: number): number => {
    if (!(v > 0)) return NaN;
    return span === 0 ? (r0 + r1) / 2 : lerp(r0, r1, (Math.log10(v) - l0) / span);
  };
  return { kind: 'log', domain: [d0, d1], range: [r0, r1], map, bandwidthPx: 0 };
}

/**
 * `count` equal bands across `range`, separated and flanked by `padding` (fraction of a step,
 * 0 to < 1). Band i is centred at map(i).
 */
export function bandScale(count: number, range: readonly [number, number], padding = 0.2): Scale {
  if (!(Number.isInteger(count) && count >= 1))
    invalid(`band scale needs count >= 1, got ${count}`);
  if (!(padding >= 0 && padding < 1)) invalid(`band padding must be in [0, 1), got ${padding}`);
  const [r0, r1] = range;
  const step = (r1 - r0) / (count + padding);
  const bandwidthPx = Math.abs(step) * (1 - padding);
  const map = (i: number): number => r0 + step * (padding + i) + (step * (1 - padding)) / 2;
  return { kind: 'band', domain: [0, count - 1], range: [r0, r1], map, bandwidthPx };
}

/** A tick step m * 10^e with m in {1, 2, 5}. */
interface Step {
  readonly m: number;
  readonly e: number;
}

function stepFor(min: number, max: number, count: number): Step | undefined {
  const raw = (max - min) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return undefined;
  let e = Math.floor(Math.log10(raw));
  const r = raw / 10 ** e;
  let m = r >= Math.sqrt(50) ? 10 : r >= Math.sqrt(10) ? 5 : r >= Math.SQRT2 ? 2 : 1;
  if (m === 10) {
    m = 1;
    e += 1;
  }
  return { m, e };
}

function stepValue(s: Step, i: number): number {
  const v = s.e >= 0 ? i * s.m * 10 ** s.e : (i * s.m) / 10 ** -s.e;
  return v === 0 ? 0 : v; // no -0 from Math.ceil(-tiny)
}

function stepIndex(s: Step, v: number): number {
  return s.e >= 0 ? v / (s.m * 10 ** s.e) : (v * 10 ** -s.e) / s.m;
}

/** The 1-2-5 step that puts about `count` intervals across [min, max]; NaN when degenerate. */
export function tickStep(min: number, max: number, count: number): number {
  const s = stepFor(Math.min(min, max), Math.max(min, max), count);
  return s === undefined ? NaN : stepValue(s, 1);
}

/** Multiples of the 1-2-5 step that lie in [min, max] (about `count` + 1 of them), ascending. */
export function niceTicks(min: number, max: number, count: number): number[] {
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  const s = stepFor(lo, hi, count);
  if (s === undefined) return Number.isFinite(lo) ? [lo] : [];
  const i0 = Math.ceil(stepIndex(s, lo) - 1e-9);
  const i1 = Math.floor(stepIndex(s, hi) + 1e-9);
  const out: number[] = [];
  for (let i = i0; i <= i1; i++) out.push(stepValue(s, i));
  return out;
}

/** [min, max] widened outwards to multiples of its 1-2-5 tick step. */
export function niceDomain(min: number, max: number, count: number): [number, number] {
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  // Widening can change the step; twice settles it (as d3's nice() does).
  for (let pass = 0; pass < 2; pass++) {
    const s = stepFor(lo, hi, count);
    if (s === undefined) break;
    lo = stepValue(s, Math.floor(stepIndex(s, lo) + 1e-9));
    hi = stepValue(s, Math.ceil(stepIndex(s, hi) - 1e-9));
  }
  return [lo, hi];
}

/** Linear ticks in [min, max], all major, labelled with one shared format. */
export function linearTicks(min: number, max: number, count: number): Tick[] {
  const values = niceTicks(min, max, count);
  const labels = formatTicks(values);
  return values.map((value, i) => ({ value, label: labels[i] ?? '', major: true }));
}

function decadeMultiple(m: number, e: number): number {
  return e >= 0 ? m * 10 ** e : m / 10 ** -e;
}

/** 10^e for an integer e, as the correctly rounded double (1e-3 is exactly 0.001). */
export function pow10(e: number): number {
  return decadeMultiple(1, e);
}

/**
 * Log10 ticks in [min, max] (both > 0): a major tick per decade and minor ticks at 2..9 (left
 * out past 12 decades). At most about `maxLabels` decades are labelled (every k-th); when fewer
 * than two decades fall inside, 2x and 5x are labelled too, and all minors when none does.
 */
export function logTicks(min: number, max: number, maxLabels: number): Tick[] {
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  if (!(lo > 0) || !Number.isFinite(hi))
    invalid(`log ticks need 0 < min <= max, got ${min}, ${max}`);
  const inside = (v: number): boolean => v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12);
  const e0 = Math.floor(Math.log10(lo) + 1e-12);
  const e1 = Math.ceil(Math.log10(hi) - 1e-12);
  const decades: number[] = [];
  for (let e = e0; e <= e1; e++) if (inside(decadeMultiple(1, e))) decades.push(e);
  const stride = Math.max(1, Math.ceil(decades.length / Math.max(1, maxLabels)));
  const plain = decades.every((e) => e >= -3 && e <= 4);
  const minors = e1 - e0 <= 12;
  const labelMinors = decades.length < 2 ? (decades.length === 0 ? 'all' : 'two-five') : 'none';
  const ticks: Tick[] = [];
  for (let e = e0; e <= e1; e++) {
    for (let m = 1; m <= 9; m++) {
      const value = decadeMultiple(m, e);
      if (!inside(value) || (m > 1 && !minors)) continue;
      let label = '';
      if (m === 1 && e % stride === 0) label = formatDecade(e, plain);
      else if (
        m > 1 &&
        (labelMinors === 'all' || (labelMinors === 'two-five' && (m === 2 || m === 5)))
      ) {
        label = formatValue(value);
      }
      ticks.push({ value, label, major: m === 1 });
    }
  }
  return ticks;
}
