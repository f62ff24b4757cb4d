/**
 * Ambient temperature around a machine: a daily cycle peaking mid-afternoon plus weather
 * noise as an Ornstein-Uhlenbeck process, advanced exactly (Gillespie, Phys. Rev. E 54, 1996):
 *   x(t + dt) = x(t) e^{-dt/tau} + sigma sqrt(1 - e^{-2 dt/tau}) N(0, 1).
 */
import type { Random } from '../core/random.js';

export interface AmbientParams {
  readonly meanC: number;
  readonly dailyAmplitudeC: number;
  /** Stationary standard deviation of the weather noise, K. */
  readonly noiseC: number;
  readonly noiseTimeConstantH: number;
}

export interface AmbientState {
  noiseC: number;
}

/** Hour of day of the daily maximum. */
const PEAK_HOUR = 15;

/** Ambient temperature at an hour of day (0-24), after advancing the weather noise by dtH. */
export function ambientAt(
  p: AmbientParams,
  s: AmbientState,
  hourOfDay: number,
  dtH: number,
  rng: Random,
): number {
  if (dtH > 0 && p.noiseC > 0) {
    const e = Math.exp(-dtH / p.noiseTimeConstantH);
    s.noiseC = s.noiseC * e + p.noiseC * Math.sqrt(1 - e * e) * rng.normal();
  }
  return (
    p.meanC + p.dailyAmplitudeC * Math.cos((2 * Math.PI * (hourOfDay - PEAK_HOUR)) / 24) + s.noiseC
  );
}
