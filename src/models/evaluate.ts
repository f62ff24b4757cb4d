/**
 * Evaluation of a bundle on a split of a dataset: the metrics of every task it holds, and the
 * data the report plots (curves, predictions, alarms). Keys follow `metrics.json`:
 * accuracy, balanced_accuracy, macro_precision, macro_recall, macro_f1, per_class, confusion,
 * roc_auc, pr_auc, rmse, mae, phm08, alpha_lambda, interval_coverage, event_recall,
 * lead_time_h {median, p10}, false_alarms_per_machine_month, missed_failures. Besides the
 * metrics, every task gives its prediction for every row of the split (`predictions`), for a
 * user's own analysis.
 */
import { PdmError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import type { SplitName } from '../data/splits.js';
import type { Column } from '../data/table.js';
import type { Bundle, Task, TaskModel } from './bundle.js';
import { checkFeatures } from './bundle.js';
import { alignCategories } from './categories.js';
import type { EventMetrics, MachineTimeline, PrognosticUnit } from './metrics/index.js';
import {
  HOURS_PER_MONTH,
  alphaLambdaAccuracy,
  bootstrapInterval,
  classificationMetrics,
  confusionMatrix,
  eventMetrics,
  intervalCoverageByMachine,
  intervalMetrics,
  pooledMacroF1,
  ovrAveragePrecision,
  ovrRocAuc,
  precisionRecallCurve,
  rankingMetrics,
  regressionMetrics,
  rocCurve,
} from './metrics/index.js';
import { countVibrationOnly, scorerForTask } from './scorer.js';
import type { ModelJson, Scorer } from './scorer.js';
import type { FaultPresence } from './fault-presence.js';
import { activeSets, namedPresent, presenceKey, presenceMetrics } from './fault-presence.js';
import { timelines } from './timelines.js';
import { binaryRule, decideFault } from './fault-decision.js';
import { labelGap } from './task-labels.js';
import { anomalyWithoutHealthyRows, isHealthyRow } from './train.js';
import { byMachine, extrapolatedRateWarning, inTimeUnit } from './timelines.js';
import type { TaskRows } from './training-data.js';
import { taskRows } from './training-data.js';
import { contextColumns } from './train-common.js';
import { pickRows } from './train-rows.js';
import { getColumnData } from '../data/table.js';

export interface Curves {
  roc?: { fpr: number[]; tpr: number[] };
  pr?: { recall: number[]; precision: number[] };
  /** Diagnosis: each class against the rest (classes with rows of both kinds). */
  perClass?: {
    label: string;
    roc: { fpr: number[]; tpr: number[] };
    pr: { recall: number[]; precision: number[] };
  }[];
}

export interface TaskEvaluation {
  readonly task: TaskModel['task'];
  readonly metrics: Record<string, unknown>;
  readonly curves: Curves;
  /** For RUL: truth, median and interval per scored row (subsampled for plots). */
  readonly rul?: { truth: number[]; pred: number[]; lo: number[]; hi: number[] };
  readonly leadTimesH?: number[];
  /** For alarm tasks: the score over time of the machines worth a look (`alarmTimelines`). */
  readonly timelines?: AlarmTimeline[];
  readonly importance?: { name: string; value: number }[];
  /** The task's truth and prediction for every row of the split, aligned with `Evaluation.rows`. */
  readonly predictions: Column[];
}

export interface Evaluation {
  readonly split: SplitName | 'all';
  readonly rows: number;
  readonly machines: number;
  readonly tasks: TaskEvaluation[];
  /**
   * Tasks of the bundle that could not be scored on this data, and why (labels missing); with
   * rows to run on, their outputs for every row all the same (`predictions`, without truth).
   */
  readonly skipped: {
    readonly task: string;
    readonly reason: string;
    readonly predictions?: Column[];
  }[];
  /** What the user should know about how the data was scored (for standard error). */
  readonly warnings: string[];
  /** Machine and time of the split's rows, in dataset order: the rows of `predictions`. */
  readonly rowKeys: { readonly machineIds: readonly string[]; readonly time: Float64Array };
}

/** One machine's alarm score over time, with its failures and alarms, for the report. */
export interface AlarmTimeline {
  readonly machineId: string;
  readonly timeH: readonly number[];
  readonly score: readonly number[];
  readonly failures: readonly { readonly timeH: number; readonly leadTimeH: number | null }[];
  readonly alarms: readonly { readonly startH: number; readonly warned: boolean }[];
}

/**
 * The machines whose alarm timelines tell the most, at most `max`: those with a missed failure
 * first, then those with a false alarm, then those warned in time, each in the timelines'
 * order; machines with none of these are left out.
 */
export function alarmTimelines(
  tl: readonly MachineTimeline[],
  ev: Pick<EventMetrics, 'per_failure' | 'alarms'>,
  max: number,
): AlarmTimeline[] {
  const ranked = tl.flatMap((m, i) => {
    const failures = ev.per_failure.filter((f) => f.machineId === m.machineId);
    const alarms = ev.alarms.filter((a) => a.machineId === m.machineId);
    const rank = failures.some((f) => !f.detected)
      ? 0
      : alarms.some((a) => a.warnedFailureH === null)
        ? 1
        : failures.length > 0
          ? 2
          : -1;
    return rank < 0 || !('score' in m) ? [] : [{ m, i, rank, failures, alarms }];
  });
  ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return ranked.slice(0, Math.max(0, max)).map(({ m, failures, alarms }) => ({
    machineId: m.machineId,
    timeH: Array.from(m.timeH),
    score: Array.from((m as { score: ArrayLike<number> }).score),
    failures: failures.map((f) => ({ timeH: f.failureH, leadTimeH: f.leadTimeH })),
    alarms: alarms.map((a) => ({ startH: a.startH, warned: a.warnedFailureH !== null })),
  }));
}

/** At most `max` points, evenly by index, always keeping the first and the last (a curve's ends). */
export function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const step = (xs.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => xs[Math.round(i * step)]!);
}

/**
 * A 0-1 curve's points thinned by its shape, not its index: a point is kept once the curve has
 * moved `1 / max` (in |dx| + |dy|) from the last kept one, with both ends. Index thinning kept
 * a point per 100 thresholds, which drew a rare class's precision-recall curve, all of whose
 * changes come in its first few hundred thresholds, as one straight line. Falls back to index
 * thinning if a jagged curve still keeps too many.
 */
export function thinCurve(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  max: number,
): { x: number[]; y: number[] } {
  const n = x.length;
  if (n <= max) return { x: Array.from(x), y: Array.from(y) };
  const keep: number[] = [0];
  const step = 1 / max;
  for (let i = 1; i < n - 1; i++) {
    const k = keep[keep.length - 1]!;
    if (Math.abs(x[i]! - x[k]!) + Math.abs(y[i]! - y[k]!) >= step) keep.push(i);
  }
  keep.push(n - 1);
  const kept = keep.length <= 4 * max ? keep : thin(keep, 4 * max);
  return { x: kept.map((i) => x[i]!), y: kept.map((i) => y[i]!) };
}

function curveOf(truth: ArrayLike<number>, scores: ArrayLike<number>): Curves {
  let pos = 0;
  for (let i = 0; i < truth.length; i++) pos += truth[i]!;
  if (pos === 0 || pos === truth.length) return {};
  const roc = rocCurve(truth, scores);
  const pr = precisionRecallCurve(truth, scores);
  return {
    roc: (({ x, y }) => ({ fpr: x, tpr: y }))(thinCurve(roc.fpr, roc.tpr, 400)),
    pr: (({ x, y }) => ({ recall: x, precision: y }))(thinCurve(pr.recall, pr.precision, 400)),
  };
}

function eventSummary(m: EventMetrics) {
  return {
    event_recall: m.event_recall,
    failures: m.failures,
    missed_failures: m.missed_failures,
    lead_time_h: m.lead_time_h,
    false_alarms: m.false_alarms,
    false_alarms_per_machine_month: m.false_alarms_per_machine_month,
    monitored_machine_h: m.monitored_machine_h,
    per_failure: m.per_failure,
  };
}

/**
 * The modes a diagnosis names present and their thresholds: every mode it diagnoses (and in
 * `among`); one without a threshold (never active on validation) is never named.
 */
function presenceThresholds(
  t: TaskModel,
  among: readonly string[] | null,
): { modes: string[]; thresholds: Map<string, number> } {
  const modes = (t.classes ?? []).filter(
    (m) => m !== 'normal' && (among === null || among.includes(m)),
  );
  const thresholds = new Map<string, number>();
  for (const m of modes) {
    const v = t.thresholds[presenceKey(m)];
    if (v !== undefined) thresholds.set(m, v);
  }
  return { modes, thresholds };
}

/**
 * The `fault_present` cells of rows without labels (predict): the modes named present, in the
 * bundle's mode order; null for a diagnosis without severity estimates or thresholds.
 */
function presentCells(
  t: TaskModel,
  scorer: Scorer,
  rows: TaskRows,
  among: readonly string[] | null,
): string[] | null {
  if (scorer.severities === undefined) return null;
  const { modes, thresholds } = presenceThresholds(t, among);
  if (thresholds.size === 0) return null;
  const sev = scorer.severities(rows);
  return Array.from({ length: rows.n }, (_, i) => {
    const named = namedPresent(sev, thresholds, i);
    return modes.filter((m) => named.has(m)).join(',');
  });
}

/**
 * Every mode named present against the rows' active modes, over the modes the model diagnoses
 * (and in `among`); a mode without a presence threshold in the bundle is never named (listed
 * in `modes_without_threshold`). Null without severity estimates, any threshold or an
 * `active_modes` column. The sets as comma-separated cells, in the bundle's mode order.
 */
function presence(
  t: TaskModel,
  scorer: Scorer,
  rows: TaskRows,
  ds: Dataset,
  among: readonly string[] | null,
): { metrics: FaultPresence; truth: string[]; named: string[] } | null {
  if (scorer.severities === undefined) return null;
  const activeByRow = activeSets(ds, rows.index);
  if (activeByRow === null) return null;
  const { modes, thresholds } = presenceThresholds(t, among);
  if (thresholds.size === 0) return null;
  const sev = scorer.severities(rows);
  const truth = activeByRow.map((all) => new Set(modes.filter((m) => all.has(m))));
  const named = truth.map((_, i) => namedPresent(sev, thresholds, i));
  const cell = (s: ReadonlySet<string>) => modes.filter((m) => s.has(m)).join(',');
  return {
    metrics: {
      ...presenceMetrics(modes, truth, named),
      modes_without_threshold: modes.filter((m) => !thresholds.has(m)),
    },
    truth: truth.map(cell),
    named: named.map(cell),
  };
}

/** 95 % intervals of the event recall and false-alarm rate, from resampling the machines. */
function eventIntervals(
  tl: readonly MachineTimeline[],
  horizonH: number,
  minRun: number,
  threshold: number,
): {
  event_recall_ci95: [number, number] | null;
  false_alarms_per_machine_month_ci95: [number, number] | null;
} {
  const per = tl.map((m) => eventMetrics([m], { horizonH, minRun, threshold }));
  const sum = (xs: readonly EventMetrics[], f: (e: EventMetrics) => number) =>
    xs.reduce((a, e) => a + f(e), 0);
  // a recall read from fewer than five failing machines has no honest interval
  const failing = per.filter((e) => e.failures > 0).length;
  return {
    event_recall_ci95:
      failing < 5
        ? null
        : bootstrapInterval(per, (xs) => {
            const failures = sum(xs, (e) => e.failures);
            return failures > 0 ? sum(xs, (e) => e.detected_failures) / failures : Number.NaN;
          }),
    false_alarms_per_machine_month_ci95: bootstrapInterval(per, (xs) => {
      const hours = sum(xs, (e) => e.monitored_machine_h);
      return hours > 0 ? (sum(xs, (e) => e.false_alarms) / hours) * HOURS_PER_MONTH : Number.NaN;
    }),
  };
}

/**
 * Fault metrics when a prediction of any of the row's active modes counts as right: the
 * truth becomes the predicted class where the row's `active_modes` (comma-separated) hold it,
 * the dominant mode otherwise. Null when the dataset has no `active_modes` column (imports).
 */
function anyActiveMetrics(
  ds: Dataset,
  rows: TaskRows,
  pred: readonly string[],
  labels: readonly string[],
) {
  const activeByRow = activeSets(ds, rows.index);
  if (activeByRow === null) return null;
  // Rows by how many modes are active (none: healthy; several: the label is the dominant one).
  const groups = {
    none: { rows: 0, right: 0, rightAny: 0 },
    one: { rows: 0, right: 0, rightAny: 0 },
    several: { rows: 0, right: 0, rightAny: 0 },
  };
  const truth = rows.mode.map((m, i) => {
    const set = activeByRow[i]!;
    const g = set.size === 0 ? groups.none : set.size === 1 ? groups.one : groups.several;
    const any = set.has(pred[i]!) ? pred[i]! : m;
    g.rows++;
    if (pred[i] === m) g.right++;
    if (pred[i] === any) g.rightAny++;
    return any;
  });
  const any = classificationMetrics(truth, pred, labels);
  const share = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
  return {
    multi_mode_rows: groups.several.rows,
    accuracy: any.accuracy,
    macro_f1: any.macro_f1,
    per_class: any.per_class,
    // Accuracy of the dominant mode (and of any active mode) by how many modes are active.
    by_active_modes: Object.fromEntries(
      Object.entries(groups).map(([k, g]) => [
        k,
        {
          rows: g.rows,
          accuracy: share(g.right, g.rows),
          accuracy_any_active: share(g.rightAny, g.rows),
        },
      ]),
    ),
  };
}

/**
 * Diagnosis metrics. `among`: the classes the data can hold (say, recordings of four bearing
 * conditions scored with a model of ten modes): the answer is then chosen among those (the most
 * probable; a binary failure flag by its threshold).
 * Per-class and macro metrics cover the classes that occur in the truth or the predictions,
 * as scikit-learn's `f1_score` does by default, so classes the data cannot hold and the model
 * never names do not count as zeros.
 */
/**
 * The fault model's class probabilities and decision for every row; with `among`, the
 * probabilities given that the class is one of those.
 */
function faultOutputs(t: TaskModel, rows: TaskRows, among: readonly string[] | null) {
  const classes = t.classes ?? [];
  const scorer = scorerForTask(t);
  const raw = scorer.score(rows);
  const k = classes.length;
  const allowed = classes.map((c) => among === null || among.includes(c));
  const proba: Float64Array[] = Array.from({ length: rows.n }, (_, i) => {
    const p =
      raw.length === rows.n * k
        ? raw.slice(i * k, (i + 1) * k)
        : Float64Array.from([1 - raw[i]!, raw[i]!]);
    if (among === null) return p;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += allowed[j] ? p[j]! : 0;
    for (let j = 0; j < k; j++) p[j] = allowed[j] ? (sum > 0 ? p[j]! / sum : 0) : 0;
    return p;
  });
  const pred = decideFault(classes, binaryRule(classes, t.thresholds), proba, allowed);
  return { classes, scorer, allowed, proba, pred };
}

function faultColumns(classes: readonly string[], proba: Float64Array[], pred: string[]): Column[] {
  return [
    { name: 'fault_pred', type: 'string', data: pred },
    ...classes.map((c, j): Column => ({
      name: `fault_p_${c}`,
      type: 'float64',
      data: Float64Array.from(proba, (p) => p[j]!),
    })),
  ];
}

/** An alarm task's score for every row (the positive class's probability for a classifier). */
function alarmScores(t: TaskModel, rows: TaskRows): Float64Array {
  const raw = scorerForTask(t).score(rows);
  const s =
    raw.length === rows.n ? raw : Float64Array.from({ length: rows.n }, (_, i) => raw[i * 2 + 1]!);
  const bad = s.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${t.task}: the model gave a score of ${s[bad]} for machine ${rows.machineIds[bad]} at time ${rows.time[bad]} ` +
        `(${s.filter((v) => !Number.isFinite(v)).length} of ${rows.n} rows): look for absurd values in its inputs (${t.inputs.join(', ')})`,
    );
  }
  return s;
}

function alarmColumns(task: string, s: Float64Array, threshold: number): Column[] {
  return [
    { name: `${task}_score`, type: 'float64', data: Float64Array.from(s) },
    {
      name: `${task}_positive`,
      type: 'bool',
      data: Uint8Array.from(s, (v) => (v >= threshold ? 1 : 0)),
    },
  ];
}

/** The RUL model's quantiles, row-major (`q` per row: the lowest, ..., the highest). */
function rulOutputs(t: TaskModel, rows: TaskRows): { out: Float64Array; q: number } {
  const out = scorerForTask(t).score(rows);
  return { out, q: out.length / Math.max(1, rows.n) };
}

function rulColumns(out: Float64Array, q: number, n: number): Column[] {
  return (
    [
      ['rul_pred', Math.floor(q / 2)],
      ['rul_lo', 0],
      ['rul_hi', q - 1],
    ] as const
  ).map(([name, at]): Column => ({
    name,
    type: 'float64',
    data: Float64Array.from({ length: n }, (_, i) => out[i * q + at]!),
  }));
}

/**
 * A task's outputs for every row, without truth: what a task the data has no labels for
 * still gives (`predictions.parquet` holds them, so a model can be run on unlabelled rows).
 */
export function outputColumns(
  t: TaskModel,
  rows: TaskRows,
  among: readonly string[] | null,
): Column[] {
  if (t.task === 'fault') {
    const { classes, scorer, proba, pred } = faultOutputs(t, rows, among);
    const present = presentCells(t, scorer, rows, among);
    return [
      ...faultColumns(classes, proba, pred),
      ...(present === null
        ? []
        : [{ name: 'fault_present', type: 'string' as const, data: present }]),
    ];
  }
  if (t.task === 'rul') {
    const { out, q } = rulOutputs(t, rows);
    return rulColumns(out, q, rows.n);
  }
  return alarmColumns(t.task, alarmScores(t, rows), alarmThreshold(t));
}

/** The score at which an alarm task's row is positive: a probability (horizon), a score (anomaly). */
function alarmThreshold(t: TaskModel): number {
  return t.task === 'horizon' ? (t.thresholds.probability ?? 0.5) : (t.thresholds.score ?? 0);
}

function evalFault(
  t: TaskModel,
  rows: TaskRows,
  ds: Dataset,
  among: readonly string[] | null,
): TaskEvaluation {
  const { classes, scorer, allowed, proba, pred } = faultOutputs(t, rows, among);
  const labels = [...new Set([...rows.mode, ...pred])].sort();
  const cm = classificationMetrics(rows.mode, pred, labels);
  // One-vs-rest ranking of every class the model (restricted to `among`) can name, over every
  // row: rows of a class it cannot name are among the rest, and should rank low for each.
  const rankedAt = classes.flatMap((_, j) => (allowed[j] ? [j] : []));
  const ranked = rankedAt.map((j) => classes[j]!);
  const rankedProba = proba.map((p) => Float64Array.from(rankedAt, (j) => p[j]!));
  const rest = { othersAsRest: true };
  const any = anyActiveMetrics(ds, rows, pred, labels);
  const present = presence(t, scorer, rows, ds, among);
  // Captures without context inputs, whose odds of normal the model raised (scorer.ts)
  const m = t.model as ModelJson;
  const vo = m.kind === 'fault_severity' ? m.vibrationOnly : undefined;
  const vibrationOnlyRows =
    vo === undefined ? 0 : countVibrationOnly(rows.x, rows.n, rows.d, vo.columns);
  return {
    task: 'fault',
    metrics: {
      classes: labels,
      accuracy: cm.accuracy,
      balanced_accuracy: cm.balanced_accuracy,
      macro_precision: cm.macro_precision,
      macro_recall: cm.macro_recall,
      macro_f1: cm.macro_f1,
      // 95 % interval from resampling the machines (metrics/bootstrap.ts)
      macro_f1_ci95: bootstrapInterval(
        byMachine(rows.machineIds).map((ix) =>
          confusionMatrix(
            ix.map((i) => rows.mode[i]!),
            ix.map((i) => pred[i]!),
            labels,
          ),
        ),
        pooledMacroF1,
      ),
      per_class: cm.per_class,
      confusion: cm.confusion,
      roc_auc: ovrRocAuc(rows.mode, rankedProba, ranked, rest).macro,
      pr_auc: ovrAveragePrecision(rows.mode, rankedProba, ranked, rest).macro,
      unseen_classes: labels.filter((c) => !classes.includes(c)),
      ...(among === null ? {} : { among }),
      // Rows with several active modes have no single right answer: there naming any of them
      // counts (the dominant one is what macro_f1 above asks for).
      ...(any === null ? {} : { any_active: any }),
      // Every mode named present, each by its own threshold (fault-presence.ts)
      ...(present === null ? {} : { presence: present.metrics }),
      ...(vo === undefined || vibrationOnlyRows === 0
        ? {}
        : { vibration_only: { rows: vibrationOnlyRows, normal_odds: vo.normalOdds } }),
    },
    curves: {
      perClass: ranked.flatMap((label, r) => {
        const c = curveOf(
          Uint8Array.from(rows.mode, (m) => (m === label ? 1 : 0)),
          Float64Array.from(rankedProba, (p) => p[r]!),
        );
        return c.roc === undefined || c.pr === undefined ? [] : [{ label, roc: c.roc, pr: c.pr }];
      }),
    },
    predictions: [
      { name: 'fault_true', type: 'string', data: rows.mode },
      ...faultColumns(classes, proba, pred),
      ...(present === null
        ? []
        : [
            { name: 'fault_active_true', type: 'string' as const, data: present.truth },
            { name: 'fault_present', type: 'string' as const, data: present.named },
          ]),
    ],
  };
}

function knownRows(known: Uint8Array): number[] {
  const out: number[] = [];
  known.forEach((k, i) => {
    if (k === 1) out.push(i);
  });
  return out;
}

/**
 * Which rows' "fails within H" is known: a row with a remaining life, or one of a machine
 * without a failure in view whose records (for twin data, the simulation, which runs the data's
 * horizon past its end) go on at least H after it. Relabelled at a longer horizon than the
 * data's, the last rows of such a machine are unknown, not "not due": an import leaves them
 * out at its own horizon for the same reason.
 */
function knownDue(ds: Dataset, rows: TaskRows, H: number): Uint8Array {
  const ids = getColumnData(ds.table, 'machine_id', 'string');
  const time = getColumnData(ds.table, 'time', 'float64');
  const last = new Map<string, number>();
  ids.forEach((id, i) => last.set(id, Math.max(last.get(id) ?? -Infinity, time[i]!)));
  const beyond = ds.manifest.source === 'twin' ? ds.manifest.horizon : 0;
  return Uint8Array.from({ length: rows.n }, (_, i) =>
    Number.isFinite(rows.rul[i]!) || rows.time[i]! + H <= last.get(rows.machineIds[i]!)! + beyond
      ? 1
      : 0,
  );
}

/**
 * Ranking metrics of a score against 0/1 truth, and with `events` the alarm metrics over the
 * machines' timelines (they need failure times, from remaining-life labels).
 */
function evalAlarmTask(
  t: TaskModel,
  rows: TaskRows,
  horizon: number,
  truth: Uint8Array,
  threshold: number,
  debounce: number,
  events: 'all' | 'in_view' | 'none',
  /** Rows whose truth is known (null: all); the others are left out of every score. */
  known: Uint8Array | null = null,
): TaskEvaluation {
  const all = alarmScores(t, rows);
  const keep = known === null ? null : knownRows(known);
  const scored = keep === null ? rows : pickRows(rows, keep);
  const s = keep === null ? all : Float64Array.from(keep, (i) => all[i]!);
  const truthScored = keep === null ? truth : Uint8Array.from(keep, (i) => truth[i]!);
  const rank = rankingMetrics(truthScored, s);
  let tl = events === 'none' ? [] : timelines(scored, s);
  if (events === 'in_view') {
    // Records cut before failure (--final-rul): a failure more than H after a machine's last
    // row could not be warned of within the data, so it is not counted.
    tl = tl.map((m) => {
      const last = m.timeH[m.timeH.length - 1]!;
      return { ...m, failureTimesH: m.failureTimesH.filter((f) => f <= last + horizon) };
    });
  }
  const ev =
    events === 'none' ? null : eventMetrics(tl, { horizonH: horizon, minRun: debounce, threshold });
  return {
    task: t.task,
    metrics: {
      roc_auc: rank.roc_auc,
      pr_auc: rank.pr_auc,
      // the share of positive rows: the precision of a ranking by chance, PR-AUC's baseline
      prevalence:
        truthScored.length > 0 ? truthScored.reduce((a, b) => a + b, 0) / truthScored.length : null,
      threshold,
      debounce,
      ...(keep === null ? {} : { unknown_rows: rows.n - keep.length }),
      ...(ev === null
        ? {
            events:
              'not scored: the data has no remaining life, so no failure times to judge alarms by',
          }
        : { horizon, ...eventSummary(ev), ...eventIntervals(tl, horizon, debounce, threshold) }),
    },
    curves: curveOf(truthScored, s),
    leadTimesH: ev?.per_failure.flatMap((f) => (f.leadTimeH === null ? [] : [f.leadTimeH])) ?? [],
    ...(ev === null ? {} : { timelines: alarmTimelines(tl, ev, 8) }),
    predictions: [
      {
        name: `${t.task}_true`,
        type: 'int32',
        // -1: unknown (left out of the scores)
        data: Int32Array.from(truth, (v, i) => (known === null || known[i] === 1 ? v : -1)),
      },
      ...alarmColumns(t.task, all, threshold),
    ],
  };
}

function evalRul(t: TaskModel, rows: TaskRows, scoring: 'all' | 'last'): TaskEvaluation {
  const cap =
    typeof t.thresholds.cap === 'number' && t.thresholds.cap > 0 ? t.thresholds.cap : Infinity;
  const { out, q } = rulOutputs(t, rows);
  let idx = [...Array(rows.n).keys()].filter((i) => Number.isFinite(rows.rul[i]!));
  if (scoring === 'last') {
    const last = new Map<string, number>();
    for (const i of idx)
      if (
        !last.has(rows.machineIds[i]!) ||
        rows.time[i]! >= rows.time[last.get(rows.machineIds[i]!)!]!
      )
        last.set(rows.machineIds[i]!, i);
    idx = [...last.values()];
  }
  const scored = new Uint8Array(rows.n);
  for (const i of idx) scored[i] = 1;
  const truth = Float64Array.from(idx, (i) => Math.min(rows.rul[i]!, cap));
  const pred = Float64Array.from(idx, (i) => out[i * q + Math.floor(q / 2)]!);
  const lo = Float64Array.from(idx, (i) => out[i * q]!);
  const hi = Float64Array.from(idx, (i) => out[i * q + q - 1]!);
  const reg = regressionMetrics(truth, pred);
  const iv = intervalMetrics(
    truth,
    lo,
    hi,
    idx.map((i) => rows.machineIds[i]!),
  );
  // alpha-lambda over each life (machine and failure time) seen from its rows
  const lives = new Map<string, number[]>();
  idx.forEach((i, k) => {
    const key = `${rows.machineIds[i]!}@${Math.round(rows.time[i]! + rows.rul[i]!)}`;
    let a = lives.get(key);
    if (a === undefined) lives.set(key, (a = []));
    a.push(k);
  });
  const units: PrognosticUnit[] = [...lives]
    .map(([key, ks]) => {
      ks.sort((a, b) => rows.time[idx[a]!]! - rows.time[idx[b]!]!);
      return {
        unitId: key,
        timeH: ks.map((k) => rows.time[idx[k]!]!),
        // against the capped truth, as RMSE, MAE and coverage are (a capped model never says more)
        rulTrueH: ks.map((k) => Math.min(rows.rul[idx[k]!]!, cap)),
        rulPredH: ks.map((k) => pred[k]!),
      };
    })
    .filter((u) => u.timeH.length >= 2 && u.timeH.every((t, j) => j === 0 || t > u.timeH[j - 1]!));
  const al =
    units.length > 0 && scoring === 'all' ? alphaLambdaAccuracy(units).alpha_lambda : Number.NaN;
  const sample = thin([...truth.keys()], 3000);
  return {
    task: 'rul',
    metrics: {
      rows: idx.length,
      cap: Number.isFinite(cap) ? cap : null,
      scored_at:
        scoring === 'last' ? 'last row of each unit' : 'every row with a known remaining life',
      rmse: reg.rmse,
      rmse_ci95: bootstrapInterval(
        byMachine(idx.map((i) => rows.machineIds[i]!)).map((ks) => ({
          sse: ks.reduce((a, k) => a + (pred[k]! - truth[k]!) ** 2, 0),
          n: ks.length,
        })),
        (xs) => Math.sqrt(xs.reduce((a, x) => a + x.sse, 0) / xs.reduce((a, x) => a + x.n, 0)),
      ),
      mae: reg.mae,
      phm08: reg.phm08,
      alpha_lambda: al,
      interval_coverage: iv.interval_coverage_per_machine ?? iv.interval_coverage,
      interval_coverage_ci95: bootstrapInterval(
        intervalCoverageByMachine(
          idx.map((i) => rows.machineIds[i]!),
          truth,
          lo,
          hi,
        ).per_machine.map((m) => m.coverage),
        (xs) => xs.reduce((a, c) => a + c, 0) / xs.length,
      ),
      interval_coverage_rows: iv.interval_coverage,
      mean_interval_width: iv.mean_interval_width,
      // the level the interval was calibrated for (train's rul.coverage)
      interval_level: typeof t.thresholds.coverage === 'number' ? t.thresholds.coverage : null,
      // false when too few validation machines held a level under 1: the interval was then
      // widened to cover the worst validation error, and is wider than interval_level says
      interval_calibrated: !(rulCalibrationLevel(t) >= 1),
    },
    curves: {},
    rul: {
      truth: sample.map((k) => truth[k]!),
      pred: sample.map((k) => pred[k]!),
      lo: sample.map((k) => lo[k]!),
      hi: sample.map((k) => hi[k]!),
    },
    predictions: [
      { name: 'rul_true', type: 'float64', data: rows.rul.slice() },
      // the rows the RUL metrics score (known remaining life; the last of each unit for test
      // sets cut before failure), against min(rul_true, metrics.cap)
      { name: 'rul_scored', type: 'bool', data: scored },
      ...rulColumns(out, q, rows.n),
    ],
  };
}

/**
 * The classes of `--classes` the fault model can name (deduplicated). A class the data holds
 * but the model does not know is left out with a warning (it cannot be named anyway); a class
 * neither knows is an error (a typo, most likely), and so is an empty list. Warns when the rows
 * scored hold classes left out of the list: they can only be counted wrong.
 */
function restrictClasses(
  b: Bundle,
  ds: Dataset,
  list: readonly string[],
  source: string,
  warnings: string[],
  /** The classes of the rows scored (the split's, not the whole dataset's). */
  scored: ReadonlySet<string>,
): string[] {
  const known = b.tasks.find((t) => t.task === 'fault')?.classes;
  if (known === undefined)
    throw new PdmError('PDM_USAGE', `--classes: ${source} has no fault model to restrict`);
  const inData = new Set(ds.manifest.labels.classes);
  // As a manifest's labels are read: in any case, spaces or hyphens for underscores
  // (`Inner-race` is inner_race), where the name is not a class as written
  const norm = (c: string) => c.toLowerCase().replace(/[\s-]+/g, '_');
  const names = [...new Set([...known, ...inData])];
  const wanted = [
    ...new Set(
      list.map((c) => (names.includes(c) ? c : (names.find((k) => norm(k) === norm(c)) ?? c))),
    ),
  ];
  const typos = wanted.filter((c) => !known.includes(c) && !inData.has(c));
  const among = wanted.filter((c) => known.includes(c));
  if (typos.length > 0 || among.length === 0)
    throw new PdmError(
      'PDM_USAGE',
      `--classes: ${typos.length > 0 ? `unknown class ${typos.join(', ')}` : 'expected at least one class the model knows'}; the fault model of ${source} knows ${known.join(', ')}`,
    );
  if (among.length === 1)
    throw new PdmError(
      'PDM_USAGE',
      `--classes: only ${among[0]} is a class the fault model of ${source} knows, so every row would be named ${among[0]}; name at least two (it knows ${known.join(', ')})`,
    );
  const unnamed = wanted.filter((c) => !known.includes(c));
  if (unnamed.length > 0)
    warnings.push(
      `--classes: the fault model of ${source} cannot name ${unnamed.join(', ')} (it was not trained on ${unnamed.length > 1 ? 'them' : 'it'}); left out`,
    );
  const excluded = [...inData].filter((c) => scored.has(c) && !wanted.includes(c));
  if (excluded.length > 0)
    warnings.push(
      `--classes: the rows scored hold ${excluded.join(', ')}, left out of --classes: those rows can only be counted wrong`,
    );
  return among;
}

/**
 * The rows of an anomaly task without its thermal, electrical and history inputs (vibration-only
 * recordings), and why its scores there say little: null for none, or for a model trained on
 * recordings, which learnt without those inputs too. Evaluate and predict say it alike.
 */
export function anomalyVibrationOnly(
  b: Bundle,
  ds: Dataset,
  t: TaskModel,
  rows: TaskRows,
): { readonly rows: number; readonly warning: string | null } {
  const bare = countVibrationOnly(rows.x, rows.n, rows.d, contextColumns(ds, t.inputs));
  if (bare === 0 || b.data.source === 'waveforms') return { rows: bare, warning: null };
  return {
    rows: bare,
    warning:
      `anomaly: ${bare} of ${rows.n} rows have none of its thermal, electrical or history inputs (vibration only, as recordings are): ` +
      "the model scores how far a capture lies from healthy captures that had them, and from the machine's own healthy history, so its scores there say little; " +
      (b.tasks.some((x) => x.task === 'fault')
        ? 'read the diagnosis (fault) for recordings'
        : 'an anomaly model trained on recordings like these reads them on their own terms'),
  };
}

/** The level the RUL interval was widened to on validation (train-rul.ts); NaN if unknown. */
function rulCalibrationLevel(t: TaskModel): number {
  const v = t.validationMetrics.calibration_level;
  return typeof v === 'number' ? v : Number.NaN;
}

/** A warning when rows scored hold classes the fault model was not trained on. */
function unlearntWarning(t: TaskModel, truth: readonly string[], source: string): string[] {
  const known = new Set(t.classes ?? []);
  const counts = new Map<string, number>();
  for (const m of truth) if (!known.has(m)) counts.set(m, (counts.get(m) ?? 0) + 1);
  if (counts.size === 0) return [];
  const list = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return [
    `fault: the fault model of ${source} was not trained on ${list.map(([c, n]) => `${c} (${n} of ${truth.length} rows)`).join(', ')}: ` +
      `it cannot name ${list.length > 1 ? 'them' : 'it'}, so those rows count wrong (unseen_classes in metrics.json)`,
  ];
}

/** Why a task cannot be scored on rows with these labels, or null when it can. */
function missingLabels(task: Task, ds: Dataset, rows: TaskRows): string | null {
  const has = ds.manifest.labels.has;
  const gap = labelGap(task, has);
  if (gap !== null) return `the data has no ${gap.labels}; ${gap.source}`;
  if (task === 'rul' && !rows.rul.some((r) => Number.isFinite(r)))
    return 'no row of this split has a known remaining life (every unit is censored)';
  if (task === 'anomaly') {
    if (!has.mode && !has.rul)
      return 'the data has neither class nor remaining-life labels to tell healthy rows';
    return anomalyWithoutHealthyRows(ds);
  }
  return null;
}

/**
 * What scoring a bundle on a split starts from (evaluate and predict): the bundle's features
 * checked against the data, the data's categories coded as the bundle learnt them, the rows'
 * keys (every task scores every row of the split, so its outputs line up with them), and the
 * diagnosis's classes when `faultClasses` restricts them.
 */
export function scoringSetup(
  b: Bundle,
  data: Dataset,
  split: SplitName | 'all',
  source: string,
  options: { readonly faultClasses?: readonly string[] },
) {
  checkFeatures(
    b,
    data.table.columns.map((c) => c.name),
    source,
  );
  const warnings: string[] = [];
  const ds = alignCategories(b, data, source, warnings);
  const splits: SplitName[] | 'all' = split === 'all' ? 'all' : [split];
  const keys = taskRows(ds, splits, []);
  const among =
    options.faultClasses === undefined
      ? null
      : restrictClasses(b, ds, options.faultClasses, source, warnings, new Set(keys.mode));
  return { ds, splits, keys, among, warnings };
}

/**
 * Evaluates every task of a bundle on a split; a task whose labels the data lacks (a
 * diagnosis-only recording set has no remaining life) is listed in `skipped` instead.
 */
export function evaluateBundle(
  b: Bundle,
  data: Dataset,
  split: SplitName | 'all',
  source: string,
  options: { readonly faultClasses?: readonly string[] } = {},
): Evaluation {
  const { ds, splits, keys, among, warnings } = scoringSetup(b, data, split, source, options);
  const out: TaskEvaluation[] = [];
  const skipped: Evaluation['skipped'] = [];
  const has = ds.manifest.labels.has;
  const inView = ds.manifest.rulScoring === 'last' ? 'in_view' : 'all';
  const machines = new Set(keys.machineIds).size;
  for (const t of b.tasks) {
    const rows = taskRows(ds, splits, t.inputs);
    if (rows.n === 0) {
      skipped.push({ task: t.task, reason: `the ${split} split has no rows` });
      continue;
    }
    const reason = missingLabels(t.task, ds, rows);
    if (reason !== null) {
      skipped.push({ task: t.task, reason, predictions: outputColumns(t, rows, among) });
      continue;
    }
    // Times a model counts in (a horizon, a remaining life, alarms per month) are the unit of
    // the data it learnt from: 30 cycles read as 30 hours would be scored as if right.
    const timed = t.task === 'horizon' || t.task === 'rul' || (t.task === 'anomaly' && has.rul);
    if (timed && b.data.timeUnit !== ds.manifest.timeUnit)
      throw new PdmError(
        'PDM_BUNDLE_FEATURES',
        `${source}: its ${t.task} model counts time in ${b.data.timeUnit}, the unit of the data it was trained on, and ${data.dir} in ${ds.manifest.timeUnit}: ` +
          `import the data in ${b.data.timeUnit} (import table --time-unit), or train on data in ${ds.manifest.timeUnit}`,
      );
    const importance = (t.config.importance as { name: string; value: number }[] | undefined) ?? [];
    let e: TaskEvaluation;
    if (t.task === 'fault') {
      e = evalFault(t, rows, ds, among);
      // (with --classes, restrictClasses has said it of the classes left out)
      if (among === null) warnings.push(...unlearntWarning(t, rows.mode, source));
    } else if (t.task === 'horizon') {
      // The model's horizon, not the data's: a model that says "fails within 168 h" is judged
      // on that, and its labels come from the remaining life where the data's horizon differs.
      const modelH = t.thresholds.horizon;
      let H = ds.manifest.horizon;
      let due = rows.due;
      let known: Uint8Array | null = null;
      if (modelH !== undefined && modelH !== H) {
        if (has.rul) {
          due = Uint8Array.from(rows.rul, (r) => (Number.isFinite(r) && r <= modelH ? 1 : 0));
          warnings.push(
            `horizon: the model predicts failure within ${modelH} ${ds.manifest.timeUnit}, the data's labels use ${H}; scored at the model's ${modelH}, from the remaining life`,
          );
          known = knownDue(ds, rows, modelH);
          const unknown = known.length - known.reduce((a, b) => a + b, 0);
          if (unknown > 0)
            warnings.push(
              `horizon: ${unknown} of ${rows.n} rows are of machines whose records end without a failure less than ${modelH} ${ds.manifest.timeUnit} after them: ` +
                `whether the machine failed within ${modelH} is unknown there, so they are left out of the scores (horizon_true -1 in the predictions)`,
            );
          H = modelH;
        } else
          warnings.push(
            `horizon: the model predicts failure within ${modelH} ${ds.manifest.timeUnit}, but the data labels ${H} and has no remaining life to relabel from; scored against the data's ${H}`,
          );
      }
      e = evalAlarmTask(
        t,
        rows,
        H,
        due,
        alarmThreshold(t),
        t.thresholds.debounce ?? 2,
        inView,
        known,
      );
    } else if (t.task === 'anomaly') {
      // Alarms are judged at the horizon the threshold was chosen at (bundles since it is
      // stored), as the horizon task's are; with remaining life to place failures only.
      const modelH = t.thresholds.horizon;
      let H = ds.manifest.horizon;
      if (modelH !== undefined && modelH !== H && has.rul) {
        warnings.push(
          `anomaly: the alarm threshold was chosen for warnings within ${modelH} ${ds.manifest.timeUnit}, the data's labels use ${H}; alarms scored at the model's ${modelH}`,
        );
        H = modelH;
      }
      const truth = Uint8Array.from({ length: rows.n }, (_, i) =>
        isHealthyRow(ds, rows.mode[i]!, rows.rul[i]!, H) ? 0 : 1,
      );
      e = evalAlarmTask(
        t,
        rows,
        H,
        truth,
        alarmThreshold(t),
        t.thresholds.debounce ?? 2,
        // Alarms are scored against failures, which only remaining-life labels place.
        has.rul ? inView : 'none',
      );
      const bare = anomalyVibrationOnly(b, ds, t, rows);
      if (bare.rows > 0)
        e = { ...e, metrics: { ...e.metrics, vibration_only: { rows: bare.rows } } };
      if (bare.warning !== null) warnings.push(bare.warning);
    } else {
      e = evalRul(t, rows, ds.manifest.rulScoring);
      // A model of lives far longer than the data's (hours of a twin fleet against a rig's
      // accelerated tests) predicts on its own scale: say so, since the errors then say little.
      const cap = t.thresholds.cap;
      let longest = 0;
      for (const r of rows.rul) if (Number.isFinite(r) && r > longest) longest = r;
      if (typeof cap === 'number' && longest > 0 && longest < cap / 4)
        warnings.push(
          `rul: the longest remaining life in ${data.dir} is ${Number(longest.toPrecision(3))} ${ds.manifest.timeUnit}, under a quarter of the ${cap} ${ds.manifest.timeUnit} the model was trained up to: ` +
            'it predicts on the scale of the lives it learnt, so its errors here say more about the two fleets than about the model; train on data like this',
        );
      if (rulCalibrationLevel(t) >= 1)
        warnings.push(
          `rul: the interval of ${source} is not a calibrated ${String(t.thresholds.coverage)} interval: ` +
            `its ${String(t.validationMetrics.calibration_machines)} validation machines were too few, so it was widened to cover the worst validation error ` +
            '(interval_calibrated false in metrics.json); train on more machines for a tighter one',
        );
    }
    if (t.task === 'horizon' || t.task === 'anomaly') {
      const positive = e.predictions.find((c) => c.name === `${t.task}_positive`)?.data;
      if (positive !== undefined && !(positive as Uint8Array).includes(1))
        warnings.push(
          `${t.task}: no row reaches the alarm threshold (${Number(alarmThreshold(t).toPrecision(4))}), so the model raised no alarm on this data` +
            (t.validationMetrics.event_recall === 0
              ? ': train found no threshold that warned of a validation failure within its false-alarm budget, and set it above every validation score (train warned of it; with few validation failures, one alarm that starts a little early is a false alarm and a miss)'
              : ''),
        );
    }
    const extrapolated = extrapolatedRateWarning(t.task, e.metrics, ds.manifest.timeUnit);
    if (extrapolated !== null) warnings.push(extrapolated);
    // Event times are in the data's unit: say so where it is not hours (cycles, rows).
    if (ds.manifest.timeUnit !== 'h' && 'event_recall' in e.metrics)
      e = { ...e, metrics: inTimeUnit(e.metrics, ds.manifest.timeUnit) };
    out.push({ ...e, importance });
  }
  return {
    split,
    rows: keys.n,
    machines,
    tasks: out,
    skipped,
    warnings,
    rowKeys: { machineIds: keys.machineIds, time: keys.time },
  };
}
