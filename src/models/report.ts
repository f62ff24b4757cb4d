/**
 * A self-contained HTML evaluation report: metrics tables and inline SVG plots (confusion
 * matrix, ROC and precision-recall curves, RUL predicted vs true, lead-time histogram,
 * feature importance, and for alarm tasks the score over time of the machines whose failures
 * were missed or that raised false alarms). No scripts, no external resources: it opens anywhere, offline.
 */
import { maxOf } from '../core/large-arrays.js';
import { escapeXml } from '../plot/index.js';
import {
  EVENT_COLORS,
  PALETTE,
  THEME,
  barChart,
  confusionMatrixChart,
  histogramChart,
  lineChart,
  scatterChart,
  type LineChartOptions,
  type LineSeries,
  textWidthPx,
} from '../plot/index.js';
import type { Bundle } from './bundle.js';
import type { AlarmTimeline, Evaluation, TaskEvaluation } from './evaluate.js';
import { thin } from './evaluate.js';
import type { FaultPresence } from './fault-presence.js';

/**
 * `lead_time_h` ({median, p10}) in words; n/a when no failure was warned of. `unit` names the
 * data's time unit where it is not hours (an imported table in cycles: metrics.json `time_unit`).
 */
export function leadTimeText(v: unknown, unit?: string): string {
  const m = v as { median?: unknown; p10?: unknown } | null;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  const median = num(m?.median);
  const p10 = num(m?.p10);
  if (median === null) return 'n/a (no failure warned of)';
  const u = unit === undefined || unit === 'h' ? '' : ` ${unit}`;
  return `median ${median.toFixed(1)}${u}, p10 ${p10 === null ? 'n/a' : `${p10.toFixed(1)}${u}`}`;
}

/** "1 machine", "2 machines". */
export function countOf(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A metric as the report's tables show it: integers as they are (up to a million), other
 * numbers to three decimals, and numbers of a million and more (a PHM08 score summed in hours)
 * to four significant digits ("1.564e+22") instead of twenty.
 */
export function formatMetric(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'n/a';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (Math.abs(v) >= 1e6) return v.toExponential(3);
    return Math.abs(v) >= 1000 || Number.isInteger(v)
      ? String(Math.round(v * 1000) / 1000)
      : v.toFixed(3);
  }
  if (v === null || v === undefined) return 'n/a';
  if (typeof v === 'string') return escapeXml(v);
  return escapeXml(JSON.stringify(v));
}

/**
 * A `*_ci95` pair as "0.830 to 0.920" (each end by `format`, default `formatMetric`); n/a when
 * the interval is undefined (null, or ends that are not numbers).
 */
export function intervalText(v: unknown, format: (x: unknown) => string = formatMetric): string {
  const end = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  return Array.isArray(v) && v.length === 2 && end(v[0]) && end(v[1])
    ? `${format(v[0])} to ${format(v[1])}`
    : 'n/a';
}

/** Metrics whose values are times, in the data's unit (hours unless `time_unit` says). */
const TIME_METRICS = new Set([
  'horizon',
  'cap',
  'rmse',
  'mae',
  'mean_interval_width',
  'monitored_machine_h',
  'monitored_machine_time',
]);

/** The metrics of a task; times in the metrics' own unit, else the dataset's (`timeUnit`). */
export function metricsTable(m: Record<string, unknown>, datasetUnit: string): string {
  const timeUnit = typeof m.time_unit === 'string' ? m.time_unit : datasetUnit;
  const unitOf = (k: string) =>
    TIME_METRICS.has(k.replace(/_ci95$/, '')) ? ` ${escapeXml(timeUnit)}` : '';
  const rows = Object.entries(m)
    .filter(
      ([k, v]) =>
        !['per_class', 'confusion', 'per_failure', 'classes'].includes(k) &&
        (typeof v !== 'object' || v === null || k === 'lead_time_h' || k.endsWith('_ci95')),
    )
    .map(
      ([k, v]) =>
        `<tr><th>${escapeXml(k)}</th><td>${k === 'lead_time_h' ? escapeXml(leadTimeText(v, timeUnit)) : k.endsWith('_ci95') ? intervalText(v) : formatMetric(v)}${(typeof v === 'number' && Number.isFinite(v)) || (k.endsWith('_ci95') && intervalText(v) !== 'n/a') ? unitOf(k) : ''}</td></tr>`,
    )
    .join('');
  return `<table class="m">${rows}</table>`;
}

/** A share (precision, recall, F1) to three decimals, 1 as 1.000 like its neighbours. */
const share = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

function perClassTable(m: Record<string, unknown>): string {
  const pc = m.per_class as
    { label: string; precision: number; recall: number; f1: number; support: number }[] | undefined;
  if (pc === undefined) return '';
  const rows = pc
    .map(
      (c) =>
        `<tr><th>${escapeXml(c.label)}</th><td>${share(c.precision)}</td><td>${share(c.recall)}</td><td>${share(c.f1)}</td><td>${c.support}</td></tr>`,
    )
    .join('');
  return `<table class="m"><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>${rows}</table>`;
}

function taskSection(e: TaskEvaluation, timeUnit: string): string {
  const parts: string[] = [`<h2>${escapeXml(e.task)}</h2>`, metricsTable(e.metrics, timeUnit)];
  const plots: string[] = [];
  if (e.task === 'fault') {
    parts.push(perClassTable(e.metrics));
    type Group = { rows: number; accuracy: number; accuracy_any_active: number };
    const any = e.metrics.any_active as
      | {
          multi_mode_rows: number;
          accuracy: number;
          macro_f1: number;
          by_active_modes: { none: Group; one: Group; several: Group };
        }
      | undefined;
    if (any !== undefined) {
      const g = any.by_active_modes;
      parts.push(
        `<p>${any.multi_mode_rows} rows have several active modes; naming any of them counts as right: accuracy ${formatMetric(any.accuracy)}, macro F1 ${formatMetric(any.macro_f1)}.</p>`,
        `<p>Accuracy by the number of active modes: none (healthy) ${formatMetric(g.none.accuracy)} on ${countOf(g.none.rows, 'row')}; one ${formatMetric(g.one.accuracy)} on ${countOf(g.one.rows, 'row')}; several ${formatMetric(g.several.accuracy)} on ${countOf(g.several.rows, 'row')} (naming any of them: ${formatMetric(g.several.accuracy_any_active)}).</p>`,
      );
    }
    const vo = e.metrics.vibration_only as { rows: number; normal_odds: number } | undefined;
    if (vo !== undefined)
      parts.push(
        `<p>${vo.rows} rows have no thermal, electrical or history input (vibration only); the model multiplied their odds of normal by ${vo.normal_odds}, the factor chosen on validation with those inputs hidden.</p>`,
      );
    const present = e.metrics.presence as FaultPresence | undefined;
    if (present !== undefined) {
      parts.push(
        `<p>Every mode named present (each mode's severity estimate against its own threshold, chosen on validation), against the active modes: macro F1 ${formatMetric(present.macro_f1)}, micro F1 ${formatMetric(present.micro_f1)}; the whole set named exactly on a share ${formatMetric(present.subset_accuracy)} of the ${present.rows} rows.${present.modes_without_threshold.length > 0 ? ` Never named (no validation row had them, so no threshold): ${escapeXml(present.modes_without_threshold.join(', '))}.` : ''}</p>`,
        perClassTable({
          per_class: present.per_mode.map((m) => ({ ...m, label: m.mode })),
        }).replace('<th>class</th>', '<th>mode present</th>'),
      );
    }
    const classes = e.metrics.classes as string[];
    plots.push(
      confusionMatrixChart({
        classes,
        counts: e.metrics.confusion as number[][],
        title: 'Confusion matrix (rows: true class)',
        width: 640,
        height: 560,
      }),
    );
  }
  const perClass = e.curves.perClass ?? [];
  if (perClass.length > 0) {
    const wide = { width: 560, height: 420 };
    plots.push(
      rocChart('ROC curves, each class against the rest', wide, [
        ...perClass.map((c, i) => ({ name: c.label, x: c.roc.fpr, y: c.roc.tpr, ...styleOf(i) })),
        { name: 'chance', x: [0, 1], y: [0, 1], dash: 'dashed' as const, color: '#999999' },
      ]),
      prChart(
        'Precision-recall curves, each class against the rest',
        wide,
        perClass.map((c, i) => ({
          name: c.label,
          x: c.pr.recall,
          y: c.pr.precision,
          ...styleOf(i),
        })),
      ),
    );
  }
  const single = { width: 480, height: 380 };
  if (e.curves.roc !== undefined) {
    plots.push(
      rocChart(`ROC curve${aucText(e.metrics.roc_auc)}`, single, [
        { name: 'model', x: e.curves.roc.fpr, y: e.curves.roc.tpr },
        { name: 'chance', x: [0, 1], y: [0, 1], dash: 'dashed' },
      ]),
    );
  }
  if (e.curves.pr !== undefined) {
    plots.push(
      prChart(`Precision-recall curve${aucText(e.metrics.pr_auc)}`, single, [
        { name: 'model', x: e.curves.pr.recall, y: e.curves.pr.precision },
        // a model that ranks at random: precision at the share of positive rows
        ...(typeof e.metrics.prevalence === 'number'
          ? [
              {
                name: `chance (${formatMetric(e.metrics.prevalence)})`,
                x: [0, 1],
                y: [e.metrics.prevalence, e.metrics.prevalence],
                dash: 'dashed' as const,
                color: '#999999',
              },
            ]
          : []),
      ]),
    );
  }
  if (e.leadTimesH !== undefined && e.leadTimesH.length > 0) {
    // Twelve bins from 0 to the horizon (alarms warn within it), whatever the number of failures;
    // the median marked, the failures missed in the title.
    const H = typeof e.metrics.horizon === 'number' ? e.metrics.horizon : Math.max(...e.leadTimesH);
    const top = Math.max(H, ...e.leadTimesH);
    const edges = Array.from({ length: 13 }, (_, i) => (i * top) / 12);
    // the median metrics.json reports, not a second estimate of it
    const median = (e.metrics.lead_time_h as { median: number }).median;
    const missed = typeof e.metrics.missed_failures === 'number' ? e.metrics.missed_failures : 0;
    plots.push(
      histogramChart({
        title: `Warning lead time: ${countOf(e.leadTimesH.length, 'failure')} warned of, ${missed} missed`,
        series: [{ name: 'lead time', values: e.leadTimesH }],
        bins: edges,
        range: [0, top],
        markers: [
          { x: median, label: `median ${median.toFixed(0)} ${timeUnit}` },
          // alarms warn within the horizon: the edge of what counts
          ...(H < top || typeof e.metrics.horizon === 'number'
            ? [
                {
                  x: H,
                  label: `horizon ${formatMetric(H)}`,
                  dash: 'dotted' as const,
                  color: '#999999',
                },
              ]
            : []),
        ],
        xLabel: `lead time before the failure (${timeUnit}; horizon ${formatMetric(H)})`,
        yLabel: 'failures',
        integerCounts: true,
        width: 480,
        height: 380,
        legend: 'none',
      }),
    );
  }
  if (e.rul !== undefined && e.rul.truth.length > 0) {
    const r = e.rul;
    const scored = typeof e.metrics.rows === 'number' ? e.metrics.rows : r.truth.length;
    const level = typeof e.metrics.interval_level === 'number' ? e.metrics.interval_level : null;
    // the interval on a few rows spread over the sample: on all of them the bars would be a wall
    const bars = thin([...r.truth.keys()], 120);
    plots.push(
      scatterChart({
        title: 'RUL: predicted (median) vs true',
        series: [
          {
            name:
              r.truth.length < scored
                ? `median, ${r.truth.length} of ${scored} rows`
                : `median, ${scored} rows`,
            x: r.truth,
            y: r.pred,
            opacity: 0.35,
            radius: 2,
          },
          {
            name:
              e.metrics.interval_calibrated === false
                ? `interval (widened to the worst validation error), ${bars.length} rows`
                : `${level === null ? '' : `${formatMetric(100 * level)} % `}interval, ${bars.length} rows`,
            x: bars.map((k) => r.truth[k]!),
            y: bars.map((k) => r.pred[k]!),
            errorBars: { low: bars.map((k) => r.lo[k]!), high: bars.map((k) => r.hi[k]!) },
            opacity: 0.7,
            radius: 2,
            color: PALETTE[1]!,
          },
        ],
        identity: true,
        band: { alpha: 0.2, relative: true, label: '\u00b120 % of true' },
        xLabel:
          typeof e.metrics.cap === 'number'
            ? `true RUL, capped at ${formatMetric(e.metrics.cap)} (${timeUnit})`
            : `true RUL (${timeUnit})`,
        yLabel: `predicted RUL (${timeUnit})`,
        width: 760,
        height: 560,
      }),
    );
  }
  if (e.importance !== undefined && e.importance.length > 0) {
    const top = e.importance.slice(0, 20);
    plots.push(
      barChart({
        title: 'Feature importance (gain share)',
        categories: top.map((f) => f.name),
        series: [{ name: 'importance', values: top.map((f) => f.value) }],
        orientation: 'horizontal',
        sort: 'descending',
        valueLabel: 'share of the gain of all splits',
        // wide enough that the longest name fits the 30 % of the width labels may take
        width: Math.max(
          640,
          Math.ceil(Math.max(...top.map((f) => textWidthPx(f.name, THEME.tickFontPx))) / 0.28),
        ),
        height: 120 + 22 * top.length,
        legend: 'none',
      }),
    );
  }
  parts.push(`<div class="plots">${plots.map((p) => `<figure>${p}</figure>`).join('')}</div>`);
  const timelines = e.timelines ?? [];
  if (timelines.length > 0 && typeof e.metrics.threshold === 'number') {
    parts.push(
      `<p class="meta">Score over time of the machines worth a look (missed failures first, then false alarms, then failures warned of): the dashed line is the threshold; a failure is marked red when missed and green when warned of, an alarm's start purple when false and grey when it warned. An alarm warns of a failure only if it starts within the horizon (${escapeXml(formatMetric(e.metrics.horizon))} ${escapeXml(timeUnit)}) before it: one raised earlier counts as a false alarm even when it stays on until the failure, and the failure as missed.</p>`,
      `<div class="plots">${timelines
        .map(
          (m) =>
            `<figure>${alarmTimelineChart(m, e.metrics.threshold as number, timeUnit)}</figure>`,
        )
        .join('')}</div>`,
    );
  }
  return `<section>${parts.join('\n')}</section>`;
}

/** "missed failure", "false alarm" or "warned 93 h ahead": why a timeline is shown. */
export function timelineVerdict(m: AlarmTimeline, timeUnit: string): string {
  const missed = m.failures.filter((f) => f.leadTimeH === null).length;
  const falseAlarms = m.alarms.filter((a) => !a.warned).length;
  const warned = m.failures.flatMap((f) => (f.leadTimeH === null ? [] : [f.leadTimeH]));
  const parts = [
    ...(missed > 0 ? [`${missed} missed`] : []),
    ...(falseAlarms > 0 ? [`${falseAlarms} false alarm${falseAlarms === 1 ? '' : 's'}`] : []),
    ...(warned.length > 0
      ? [`warned ${warned.map((w) => w.toFixed(0)).join(', ')} ${timeUnit} ahead`]
      : []),
  ];
  // short enough for the chart's title
  return parts.join('; ');
}

/**
 * The points with a NaN between two rows more than three typical steps apart (the median
 * step), so a line does not bridge the time a machine was down.
 */
export function breakAtGaps(
  x: readonly number[],
  y: readonly number[],
): { x: number[]; y: number[] } {
  const steps = x.slice(1).map((v, i) => v - x[i]!);
  const sorted = [...steps].sort((a, b) => a - b);
  const typical = sorted.length > 0 ? sorted[sorted.length >> 1]! : Infinity;
  const ox: number[] = [];
  const oy: number[] = [];
  x.forEach((v, i) => {
    if (i > 0 && steps[i - 1]! > 3 * typical) {
      ox.push(Number.NaN);
      oy.push(Number.NaN);
    }
    ox.push(v);
    oy.push(y[i]!);
  });
  return { x: ox, y: oy };
}

/** One machine's score against time, with the threshold, its failures and its alarms. */
export function alarmTimelineChart(m: AlarmTimeline, threshold: number, timeUnit: string): string {
  // the rows' span, widened to the failures and alarms (a failure after the last row, as in a
  // test set cut before failure, is still drawn)
  const events = [...m.failures.map((f) => f.timeH), ...m.alarms.map((a) => a.startH)];
  const first = m.timeH[0] ?? events[0] ?? 0;
  const last = m.timeH[m.timeH.length - 1] ?? first;
  const t0 = Math.min(first, ...events);
  let t1 = Math.max(last, ...events);
  if (!(t1 > t0)) t1 = t0 + 1;
  const finite = m.score.filter((v) => Number.isFinite(v));
  // an unbounded score (a Mahalanobis distance), or a threshold near 0 that a linear axis would
  // lay on the axis itself, reads better on a log axis
  const logY =
    finite.length > 0 &&
    finite.every((v) => v > 0) &&
    threshold > 0 &&
    (maxOf(finite) > 10 || threshold < 0.01);
  const line = breakAtGaps(m.timeH, m.score);
  return lineChart({
    title: `${m.machineId}: ${timelineVerdict(m, timeUnit)}`,
    series: [
      { name: 'score', x: line.x, y: line.y },
      {
        name: 'threshold',
        x: [t0, t1],
        y: [threshold, threshold],
        dash: 'dashed',
        color: '#999999',
      },
    ],
    xLabel: `time (${timeUnit})`,
    yLabel: 'score',
    xLim: [t0, t1],
    logY,
    markers: [
      ...m.alarms.map((a) => ({
        x: a.startH,
        color: a.warned ? EVENT_COLORS.quiet : EVENT_COLORS.alarm,
        dash: 'dotted' as const,
      })),
      ...m.failures.map((f) => ({
        x: f.timeH,
        label: f.leadTimeH === null ? 'failure (missed)' : 'failure',
        color: f.leadTimeH === null ? EVENT_COLORS.failure : EVENT_COLORS.maintenance,
        dash: 'solid' as const,
      })),
    ],
    legend: 'none',
    width: 560,
    height: 260,
  });
}

type CurveLayout = Pick<LineChartOptions, 'width' | 'height' | 'legend'>;

/** ", AUC 0.976" for a chart title, or '' when there is none. */
function aucText(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? `, AUC ${v.toFixed(3)}` : '';
}

/** A ROC chart: true against false positive rate, both 0-1. */
function rocChart(title: string, layout: CurveLayout, series: LineSeries[]): string {
  const axes = { xLabel: 'false positive rate', yLabel: 'true positive rate' };
  return lineChart({ title, series, ...axes, xLim: [0, 1], yLim: [0, 1], ...layout });
}

/** A precision-recall chart, both 0-1. */
function prChart(title: string, layout: CurveLayout, series: LineSeries[]): string {
  const axes = { xLabel: 'recall', yLabel: 'precision' };
  return lineChart({ title, series, ...axes, xLim: [0, 1], yLim: [0, 1], ...layout });
}

/**
 * Ten colours a reader tells apart for the ten classes of a diagnosis (the Okabe-Ito palette
 * without its faint yellow, with black and three of Tol's muted colours); dotted once they come
 * round again.
 */
const CLASS_COLORS: readonly string[] = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#999933',
  '#882255',
  '#44AA99',
];

/** A class's line: a colour of its own for up to ten classes, dotted beyond. */
function styleOf(i: number): { color: string; dash?: 'dotted' } {
  return {
    color: CLASS_COLORS[i % CLASS_COLORS.length]!,
    ...(i >= CLASS_COLORS.length ? { dash: 'dotted' as const } : {}),
  };
}

/** The classes a restricted diagnosis chose among (evaluate --classes), as a line. */
function amongLine(ev: Evaluation): string {
  const among = ev.tasks.find((t) => t.task === 'fault')?.metrics.among;
  return Array.isArray(among)
    ? `<p class="meta">fault: the diagnosis is made among ${escapeXml(among.join(', '))} (--classes).</p>`
    : '';
}

export function renderReport(
  b: Bundle,
  ev: Evaluation,
  dataDir: string,
  timeUnit: string,
  generatedAt: string,
): string {
  const css = `body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
table.m{border-collapse:collapse;margin:8px 0;font-size:13px}table.m th,table.m td{border:1px solid #ddd;padding:3px 8px;text-align:left}
table.m th{background:#f4f4f4;font-weight:normal}.plots{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}svg{max-width:100%;height:auto}
.meta{color:#555;font-size:13px}`;
  const meta = `<p class="meta">Bundle <b>${escapeXml(b.name)}</b> ${escapeXml(b.version)} (${escapeXml(b.contentHash.slice(0, 23))}..., ${b.signature === null ? 'unsigned' : `signed by ${escapeXml(b.signature.keyId)}`}) on <b>${escapeXml(dataDir)}</b>, split <b>${escapeXml(ev.split)}</b>: ${countOf(ev.rows, 'row')} from ${countOf(ev.machines, 'machine')}. Generated ${escapeXml(generatedAt)}.</p>${ev.skipped.map((t) => `<p class="meta">${escapeXml(t.task)}: not scored: ${escapeXml(t.reason)}.</p>`).join('')}${ev.warnings.map((w) => `<p class="meta">${escapeXml(w)}.</p>`).join('')}${amongLine(ev)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pdm-twin evaluation: ${escapeXml(b.name)}</title><style>${css}</style></head><body><h1>Model evaluation</h1>${meta}${ev.tasks.map((t) => taskSection(t, timeUnit)).join('\n')}</body></html>\n`;
}
