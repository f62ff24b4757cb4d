/**
 * Alarm and event metrics for maintenance decisions: did the model warn of each failure in
 * time, how early, and how often did it cry wolf? Row-level scores hide this; a maintenance
 * planner acts on alarms and pays for failures.
 *
 * Definitions, per machine (rows in time order):
 * - A row is positive when `positive[i]` is true, or `score[i] >= threshold` (default 0.5).
 * - An alarm is a debounced run of positives: a run of at least `minRun` (k, default 2)
 *   consecutive positive rows makes one alarm. It starts at the run's first row (`startH`; a
 *   real-time system raises it at the k-th row, `raisedH`) and ends at the first negative row,
 *   at a failure, or at the start of a down period; positives after that must form a new run of
 *   k to raise a new alarm. A run is also cut by a failure or a down period (a repair), so no
 *   alarm spans one.
 * - Failures: a failure at time f cuts between the rows at t <= f and those at t > f. Rows inside
 *   a down period [startH, endH) are ignored (the machine is off), and the period's span is not
 *   monitored time.
 * - An alarm warns of the first failure at or after its start, if that failure follows the start
 *   within the horizon H (default 168 h): f - startH in [0, H]. Otherwise it is a false alarm. An
 *   alarm warns of at most one failure.
 * - A failure is detected when some alarm warned of it, else missed; its lead time is f minus
 *   the start of the earliest alarm that warned of it. Every listed failure counts, including
 *   one outside the rows' span.
 * - event_recall = detected / failures (NaN with no failures). lead_time_h.median and .p10 are
 *   type-7 quantiles (linear interpolation between order statistics, NumPy's default) of the
 *   detected failures' lead times; NaN when none was detected.
 * - false_alarms_per_machine_month = false alarms / monitored machine-hours * 730.5 (the mean
 *   month of the Gregorian year, 8766 h / 12). A machine's monitored hours are its last row time
 *   minus its first, less the down periods inside that span.
 */
import { PdmError } from '../../core/errors.js';
import { finiteQuantile } from '../../features/robust-stats.js';
import {
  requireFinite,
  requireFiniteScalar,
  requireNonEmpty,
  requireSameLength,
} from './validate.js';

/** Hours in a mean Gregorian month (365.25 d * 24 h / 12). */
export const HOURS_PER_MONTH = 730.5;

export interface DownPeriod {
  startH: number;
  endH: number;
}

interface MachineTimelineBase {
  machineId: string;
  /** Row times, strictly increasing. */
  timeH: ArrayLike<number>;
  failureTimesH: readonly number[];
  /** Periods when the machine was off (repair, maintenance); must not overlap. */
  downPeriods?: readonly DownPeriod[];
}

/** One machine's predictions: booleans, or scores compared with the threshold option. */
export type MachineTimeline = MachineTimelineBase &
  ({ positive: ArrayLike<boolean> } | { score: ArrayLike<number> });

export interface EventOptions {
  /** Consecutive positive rows needed to raise an alarm (k). Default 2. */
  minRun?: number;
  /** Warning horizon H: an alarm warns of a failure at most this long after its start. Default 168. */
  horizonH?: number;
  /** Score threshold (score >= threshold is positive); ignored for boolean input. Default 0.5. */
  threshold?: number;
}

export interface Alarm {
  machineId: string;
  startH: number;
  raisedH: number;
  endH: number;
  endedBy: 'negative' | 'failure' | 'down' | 'end_of_data';
  /** The failure this alarm warned of, or null for a false alarm. */
  warnedFailureH: number | null;
}

export interface FailureOutcome {
  machineId: string;
  failureH: number;
  detected: boolean;
  /** Failure time minus the earliest warning alarm's start; null when missed. */
  leadTimeH: number | null;
}

export interface EventMetrics {
  event_recall: number;
  failures: number;
  detected_failures: number;
  missed_failures: number;
  lead_time_h: { median: number; p10: number };
  false_alarms: number;
  monitored_machine_h: number;
  false_alarms_per_machine_month: number;
  per_failure: FailureOutcome[];
  alarms: Alarm[];
}

interface Resolved {
  minRun: number;
  horizonH: number;
  threshold: number;
}

function resolveOptions(options: EventOptions): Resolved {
  const minRun = options.minRun ?? 2;
  const horizonH = options.horizonH ?? 168;
  const threshold = options.threshold ?? 0.5;
  if (!(Number.isInteger(minRun) && minRun >= 1)) {
    throw new PdmError('PDM_INPUT_INVALID', `minRun: expected an integer >= 1, got ${minRun}`);
  }
  if (!(horizonH >= 0 && Number.isFinite(horizonH))) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `horizonH: expected a finite number >= 0, got ${horizonH}`,
    );
  }
  requireFiniteScalar('threshold', threshold);
  return { minRun, horizonH, threshold };
}

/** Validates one machine; returns its positives, sorted failures and sorted down periods. */
function prepare(m: MachineTimeline, at: string, threshold: number) {
  requireNonEmpty(`${at}.timeH`, m.timeH);
  requireFinite(`${at}.timeH`, m.timeH);
  for (let i = 1; i < m.timeH.length; i++) {
    if (!(m.timeH[i]! > m.timeH[i - 1]!)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${at}.timeH[${i}]: expected strictly increasing times, got ${m.timeH[i]!} after ${m.timeH[i - 1]!}`,
      );
    }
  }
  let positive: boolean[];
  if ('positive' in m) {
    requireSameLength(`${at}.timeH`, m.timeH, `${at}.positive`, m.positive);
    positive = Array.from(m.positive, (v) => v);
  } else {
    requireSameLength(`${at}.timeH`, m.timeH, `${at}.score`, m.score);
    requireFinite(`${at}.score`, m.score);
    positive = Array.from(m.score, (v) => v >= threshold);
  }
  requireFinite(`${at}.failureTimesH`, m.failureTimesH);
  const failures = [...m.failureTimesH].sort((a, b) => a - b);
  const downs = [...(m.downPeriods ?? [])].sort((a, b) => a.startH - b.startH);
  downs.forEach((d, i) => {
    if (!(Number.isFinite(d.startH) && Number.isFinite(d.endH) && d.startH < d.endH)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${at}.downPeriods: expected finite startH < endH, got [${d.startH}, ${d.endH})`,
      );
    }
    const prev = downs[i - 1];
    if (prev !== undefined && d.startH < prev.endH) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${at}.downPeriods: expected non-overlapping periods, got [${prev.startH}, ${prev.endH}) and [${d.startH}, ${d.endH})`,
      );
    }
  });
  return { positive, failures, downs };
}

/** The alarms of one machine, each tagged with the failure it warned of (or null). */
export function detectAlarms(machine: MachineTimeline, options: EventOptions = {}): Alarm[] {
  return machineAlarms(machine, 'machine', resolveOptions(options));
}

function machineAlarms(m: MachineTimeline, at: string, opt: Resolved): Alarm[] {
  const { positive, failures, downs } = prepare(m, at, opt.threshold);
  // Cuts in time order: a failure cuts rows after it, a down period rows from its start.
  const cuts = [
    ...failures.map((t) => ({ t, kind: 'failure' as const })),
    ...downs.map((d) => ({ t: d.startH, kind: 'down' as const })),
  ].sort((a, b) => a.t - b.t);
  const alarms: Alarm[] = [];
  let open: Omit<Alarm, 'endH' | 'endedBy' | 'warnedFailureH'> | null = null;
  let runStartH = 0;
  let runLen = 0;
  const close = (endH: number, endedBy: Alarm['endedBy']): void => {
    if (open !== null) alarms.push({ ...open, endH, endedBy, warnedFailureH: null });
    open = null;
    runLen = 0;
  };
  let c = 0;
  let d = 0;
  for (let i = 0; i < m.timeH.length; i++) {
    const t = m.timeH[i]!;
    for (let cut = cuts[c]; cut !== undefined; cut = cuts[c]) {
      if (cut.kind === 'failure' ? cut.t >= t : cut.t > t) break;
      close(cut.t, cut.kind);
      c++;
    }
    while (d < downs.length && downs[d]!.endH <= t) d++;
    if (d < downs.length && downs[d]!.startH <= t) continue; // machine down: row ignored
    if (!positive[i]) {
      close(t, 'negative');
      continue;
    }
    if (runLen === 0) runStartH = t;
    runLen++;
    if (runLen === opt.minRun) open = { machineId: m.machineId, startH: runStartH, raisedH: t };
  }
  const pending = cuts[c];
  if (pending !== undefined) close(pending.t, pending.kind);
  close(m.timeH[m.timeH.length - 1]!, 'end_of_data');
  for (const a of alarms) {
    const f = failures.find((x) => x >= a.startH);
    if (f !== undefined && f - a.startH <= opt.horizonH) a.warnedFailureH = f;
  }
  return alarms;
}

function monitoredHours(m: MachineTimeline): number {
  const first = m.timeH[0]!;
  const last = m.timeH[m.timeH.length - 1]!;
  let down = 0;
  for (const p of m.downPeriods ?? []) {
    down += Math.max(0, Math.min(p.endH, last) - Math.max(p.startH, first));
  }
  return last - first - down;
}

/** Event recall, lead times and false-alarm rate over a fleet (see the file header). */
export function eventMetrics(
  machines: readonly MachineTimeline[],
  options: EventOptions = {},
): EventMetrics {
  const opt = resolveOptions(options);
  requireNonEmpty('machines', machines);
  const seen = new Set<string>();
  const alarms: Alarm[] = [];
  const perFailure: FailureOutcome[] = [];
  let hours = 0;
  machines.forEach((m, k) => {
    if (seen.has(m.machineId)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `machines[${k}].machineId: expected unique ids, got ${m.machineId} twice`,
      );
    }
    seen.add(m.machineId);
    const own = machineAlarms(m, `machines[${k}]`, opt);
    alarms.push(...own);
    hours += monitoredHours(m);
    for (const f of [...m.failureTimesH].sort((a, b) => a - b)) {
      const warned = own.filter((a) => a.warnedFailureH === f);
      const earliest = Math.min(...warned.map((a) => a.startH));
      perFailure.push({
        machineId: m.machineId,
        failureH: f,
        detected: warned.length > 0,
        leadTimeH: warned.length > 0 ? f - earliest : null,
      });
    }
  });
  const leads = perFailure.flatMap((p) => (p.leadTimeH === null ? [] : [p.leadTimeH]));
  const falseAlarms = alarms.filter((a) => a.warnedFailureH === null).length;
  return {
    event_recall: perFailure.length === 0 ? Number.NaN : leads.length / perFailure.length,
    failures: perFailure.length,
    detected_failures: leads.length,
    missed_failures: perFailure.length - leads.length,
    lead_time_h: { median: finiteQuantile(leads, 0.5), p10: finiteQuantile(leads, 0.1) },
    false_alarms: falseAlarms,
    monitored_machine_h: hours,
    false_alarms_per_machine_month:
      hours > 0 ? (falseAlarms / hours) * HOURS_PER_MONTH : Number.NaN,
    per_failure: perFailure,
    alarms,
  };
}
