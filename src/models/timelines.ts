/**
 * From rows of a dataset to the per-machine timelines the alarm metrics need: each machine's
 * row times with a score, its failure times, read off the labels (a row with a finite
 * remaining life r at time t says a failure happens at t + r), and the time it was down after
 * each failure (until its next row).
 */
import type { MachineTimeline } from './metrics/index.js';
import { eventMetrics, HOURS_PER_MONTH } from './metrics/index.js';
import type { EventMetrics } from './metrics/index.js';
import type { TaskRows } from './training-data.js';

/** Failure times per machine from the rul labels (rounded to 1e-6 to merge rows). */
export function failureTimes(
  rows: Pick<TaskRows, 'machineIds' | 'time' | 'rul'>,
): Map<string, number[]> {
  const out = new Map<string, Set<number>>();
  rows.machineIds.forEach((id, i) => {
    const r = rows.rul[i]!;
    if (!Number.isFinite(r)) return;
    const f = Math.round((rows.time[i]! + r) * 1e6) / 1e6;
    let s = out.get(id);
    if (s === undefined) out.set(id, (s = new Set()));
    s.add(f);
  });
  return new Map([...out].map(([id, s]) => [id, [...s].sort((a, b) => a - b)]));
}

/** The rows of each machine (indices), in order of first appearance. */
export function byMachine(machineIds: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  machineIds.forEach((id, i) => {
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = []));
    g.push(i);
  });
  return [...groups.values()];
}

/** Timelines of machines (rows in time order, equal times merged by their larger score). */
export function timelines(
  rows: Pick<TaskRows, 'machineIds' | 'time' | 'rul'>,
  scores: ArrayLike<number>,
): MachineTimeline[] {
  const fails = failureTimes(rows);
  const out: MachineTimeline[] = [];
  for (const idx of byMachine(rows.machineIds)) {
    const id = rows.machineIds[idx[0]!]!;
    idx.sort((a, b) => rows.time[a]! - rows.time[b]!);
    const t: number[] = [];
    const s: number[] = [];
    for (const i of idx) {
      const ti = rows.time[i]!;
      if (t.length > 0 && ti <= t[t.length - 1]!) {
        s[s.length - 1] = Math.max(s[s.length - 1]!, scores[i]!);
        continue;
      }
      t.push(ti);
      s.push(scores[i]!);
    }
    const failuresH = fails.get(id) ?? [];
    out.push({
      machineId: id,
      timeH: t,
      failureTimesH: failuresH,
      downPeriods: downAfterFailures(t, failuresH),
      score: s,
    });
  }
  return out;
}

/**
 * A failed machine is down from its failure until it runs again, which its next row shows
 * (a repair's downtime): those hours are not monitored, and a false-alarm rate must not count
 * them. A failure after the machine's last row opens no period.
 */
export function downAfterFailures(
  timeH: readonly number[],
  failuresH: readonly number[],
): { startH: number; endH: number }[] {
  const out: { startH: number; endH: number }[] = [];
  let i = 0;
  for (const f of failuresH) {
    if (out.length > 0 && f < out[out.length - 1]!.endH) continue; // within the last period
    while (i < timeH.length && timeH[i]! <= f) i++;
    if (i === timeH.length) break;
    out.push({ startH: f, endH: timeH[i]! });
  }
  return out;
}

export interface ThresholdChoice {
  readonly threshold: number;
  readonly metrics: EventMetrics;
}

/**
 * The alarm threshold for a score on validation machines: among candidate thresholds (score
 * quantiles, and one above every score: never alarm), those whose false alarms per
 * machine-month stay within the limit; of those, the one warning of most failures, then with the
 * longest median lead time. Never alarming always stays within the limit, so a score that cannot
 * keep its false alarms down gets a threshold that never fires (event recall 0, plain in the
 * validation metrics) rather than one that alarms all the time: an alarm that never ends counts
 * as a single false alarm, which once made "always alarm" the fallback.
 */
export function chooseAlarmThreshold(
  tl: readonly MachineTimeline[],
  opts: { horizonH: number; minRun: number; maxFalseAlarmsPerMachineMonth: number },
): ThresholdChoice {
  const all: number[] = [];
  for (const m of tl)
    if ('score' in m)
      for (let i = 0; i < m.score.length; i++)
        if (Number.isFinite(m.score[i]!)) all.push(m.score[i]!);
  all.sort((a, b) => a - b);
  const candidates = new Set<number>();
  for (let k = 1; k < 200; k++) {
    const q = 1 - Math.pow(10, -3 * (k / 200)) + 0.0; // dense near the top of the distribution
    candidates.add(all[Math.min(all.length - 1, Math.floor(q * all.length))] ?? 0.5);
    candidates.add(all[Math.floor((k / 200) * (all.length - 1))] ?? 0.5);
  }
  if (all.length > 0) {
    const top = all[all.length - 1]!;
    candidates.add(top + Math.max(1e-9, Math.abs(top) * 1e-9));
  }
  let best: ThresholdChoice | null = null;
  let fallback: ThresholdChoice | null = null;
  for (const th of [...candidates].sort((a, b) => a - b)) {
    const m = eventMetrics(tl, { horizonH: opts.horizonH, minRun: opts.minRun, threshold: th });
    const fa = m.false_alarms_per_machine_month;
    if (fallback === null || fa < fallback.metrics.false_alarms_per_machine_month)
      fallback = { threshold: th, metrics: m };
    if (!(fa <= opts.maxFalseAlarmsPerMachineMonth)) continue;
    // Most failures warned of, then the longest median lead (ties: the lowest threshold); when
    // nothing is warned of, the fewest false alarms, so that never alarming beats alarming all
    // the time.
    const key = (x: EventMetrics) => {
      const recall = Number.isNaN(x.event_recall) ? 0 : x.event_recall;
      return [
        recall,
        Number.isNaN(x.lead_time_h.median) ? 0 : x.lead_time_h.median,
        recall === 0 ? -x.false_alarms_per_machine_month : 0,
      ];
    };
    if (best === null || isBetter(key(m), key(best.metrics))) best = { threshold: th, metrics: m };
  }
  const chosen = best ?? fallback;
  if (chosen === null)
    return {
      threshold: 0.5,
      metrics: eventMetrics(tl, { horizonH: opts.horizonH, minRun: opts.minRun, threshold: 0.5 }),
    };
  return { ...chosen, threshold: withMargin(chosen.threshold, all) };
}

/** Relative margin a threshold keeps below the validation score it was chosen at. */
export const THRESHOLD_MARGIN = 1e-5;

/**
 * A threshold chosen at a validation score (`th`, one of the sorted `scores`) moved down by a
 * relative 1e-5, never past the midpoint to the next lower score: every validation row is
 * decided as before, and the row it was chosen at is not lost to rounding where the same
 * model is run in float32 (ONNX: a score 2e-7 lower, relatively, would fall under it).
 */
export function withMargin(th: number, scores: readonly number[]): number {
  let lo = 0;
  let hi = scores.length; // first index with scores[i] >= th
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (scores[mid]! < th) lo = mid + 1;
    else hi = mid;
  }
  const below = lo > 0 ? scores[lo - 1]! : -Infinity;
  const moved = th - Math.max(Math.abs(th), 1e-12) * THRESHOLD_MARGIN;
  const kept = Math.max(moved, below === -Infinity ? moved : (below + th) / 2);
  return kept > below ? kept : th; // adjacent doubles: no room between them
}

/** Lexicographic comparison with a tolerance: a strictly better than b. */
function isBetter(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]! + 1e-12) return true;
    if (a[i]! < b[i]! - 1e-12) return false;
  }
  return false;
}

/**
 * Alarm metrics of data whose time is not in hours (a table in cycles): a machine-month means
 * nothing there, so false alarms are counted per machine and 1,000 of the data's unit
 * (`false_alarms_per_1000`, with `time_unit`), and the monitored time is named without hours.
 */
export function inTimeUnit(m: Record<string, unknown>, unit: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...m, time_unit: unit };
  const per = 1000 / HOURS_PER_MONTH;
  if (typeof m.false_alarms_per_machine_month === 'number')
    out.false_alarms_per_1000 = m.false_alarms_per_machine_month * per;
  const ci = m.false_alarms_per_machine_month_ci95;
  if (Array.isArray(ci)) out.false_alarms_per_1000_ci95 = ci.map((v: number) => v * per);
  if ('monitored_machine_h' in m) out.monitored_machine_time = m.monitored_machine_h;
  delete out.false_alarms_per_machine_month;
  delete out.false_alarms_per_machine_month_ci95;
  delete out.monitored_machine_h;
  return out;
}

/** `inTimeUnit` for data in another unit than hours; metrics in hours as they are. */
export function inDataUnit(unit: string, m: Record<string, unknown>): Record<string, unknown> {
  return unit === 'h' ? m : inTimeUnit(m, unit);
}

/** Monitoring of some hours, but under one machine-month (time in hours only). */
function underAMonth(hours: number, timeUnit: string): boolean {
  return timeUnit === 'h' && hours > 0 && hours < HOURS_PER_MONTH;
}

/**
 * A false-alarm rate per machine-month read from under one machine-month of monitoring (the
 * snapshots of an accelerated test: minutes or hours) extrapolates a handful of alarms, or
 * none, many times over: a warning with the count and the hours, or null.
 */
export function extrapolatedRateWarning(
  task: string,
  metrics: Record<string, unknown>,
  timeUnit: string,
): string | null {
  const hours = metrics.monitored_machine_h;
  const alarms = metrics.false_alarms;
  if (typeof hours !== 'number' || typeof alarms !== 'number') return null;
  if (!underAMonth(hours, timeUnit)) return null;
  return (
    `${task}: false_alarms_per_machine_month extrapolates ${alarms} false alarm${alarms === 1 ? '' : 's'} ` +
    `in ${hours.toPrecision(3)} monitored machine-hours to a month; the count says more than the rate`
  );
}

/**
 * The note `train` gives when its validation machines were monitored for under a machine-month:
 * the false-alarm budget per machine-month then admits no false alarm at all (one in a few
 * hours is hundreds a month), so the threshold is the one that raises none there. Null when
 * the validation time is a month or more, or not in hours.
 */
export function shortValidationNote(
  metrics: { readonly false_alarms: number; readonly monitored_machine_h: number },
  timeUnit: string,
  budget: number,
): string | null {
  const hours = metrics.monitored_machine_h;
  if (!underAMonth(hours, timeUnit)) return null;
  const admitted = Math.floor((budget * hours) / HOURS_PER_MONTH);
  return (
    `the validation machines were monitored for ${hours.toPrecision(3)} machine-hours, under a month: ` +
    `a budget of ${budget} false alarms per machine-month admits ${admitted} there, ` +
    `so the threshold was chosen to raise ${admitted === 0 ? 'none' : 'that few'} (it raised ${metrics.false_alarms})`
  );
}
