/**
 * Axis domains for the charts: data extents that skip NaN (and non-positive values on log
 * axes), user limits checked at the edge, and automatic domains widened to tick multiples
 * (linear) or whole decades (log), so the frame starts and ends on a labelled tick.
 */
import { PdmError } from '../core/errors.js';
import { pow10 } from './scale.js';

/** An axis interval [from, to]. */
export type Limits = readonly [number, number];

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

/** Running min/max of finite values; `positive` skips values <= 0 (for log axes). */
export class Extent {
  min = Infinity;
  max = -Infinity;

  constructor(private readonly positive: boolean) {}

  add(value: number): void {
    if (!Number.isFinite(value) || (this.positive && value <= 0)) return;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** [min, max], or undefined when no value was added. */
  get range(): Limits | undefined {
    return this.min <= this.max ? [this.min, this.max] : undefined;
  }
}

/** Checks a picture size: finite, at least 120 x 80 px. */
export function checkSize(chart: string, width: number, height: number): void {
  if (!(Number.isFinite(width) && Number.isFinite(height) && width >= 120 && height >= 80)) {
    invalid(`${chart}: width and height must be at least 120 x 80 px, got ${width} x ${height}`);
  }
}

/** Checks that two arrays pair up. */
export function checkSameLength(chart: string, what: string, a: number, b: number): void {
  if (a !== b) invalid(`${chart}: ${what} has x length ${a} but y length ${b}; they must match`);
}

/**
 * The domain of an axis: `limits` when given (checked), else the data extent (whole decades on
 * a log axis when `decades` is set); a single value or no data gets an interval around it.
 * Linear domains are widened to nice ticks later, by the frame, which knows the tick count.
 */
export function resolveDomain(
  chart: string,
  axis: string,
  limits: Limits | undefined,
  extent: Limits | undefined,
  log: boolean,
  decades: boolean,
): Limits {
  if (limits !== undefined) {
    const [a, b] = limits;
    if (!(Number.isFinite(a) && Number.isFinite(b) && a !== b)) {
      invalid(`${chart}: ${axis} limits must be two different finite numbers, got [${a}, ${b}]`);
    }
    if (log && !(a > 0 && b > 0)) {
      invalid(`${chart}: ${axis} limits of a log axis must be > 0, got [${a}, ${b}]`);
    }
    return [a, b];
  }
  if (log) {
    const [a, b] = extent ?? [1, 10];
    if (!decades && a < b) return [a, b];
    const lo = pow10(Math.floor(Math.log10(a) + 1e-12));
    const hi = pow10(Math.ceil(Math.log10(b) - 1e-12));
    return hi > lo ? [lo, hi] : [lo, lo * 10];
  }
  let [a, b] = extent ?? [0, 1];
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= pad;
    b += pad;
  }
  return [a, b];
}
