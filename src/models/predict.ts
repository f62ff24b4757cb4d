/**
 * A bundle's outputs on rows with or without labels (`pdm-twin predict`): every task's output
 * per row, each alarm task's alarm as a node running the model would raise it, and each
 * machine's state at its latest row: what a maintenance planner reads off a fleet.
 */
import type { Dataset } from '../data/dataset.js';
import type { SplitName } from '../data/splits.js';
import { SPLIT_NAMES } from '../data/splits.js';
import { PdmError } from '../core/errors.js';
import type { Column } from '../data/table.js';
import type { Bundle, Task } from './bundle.js';
import { anomalyVibrationOnly, outputColumns, scoringSetup } from './evaluate.js';
import { byMachine } from './timelines.js';
import { taskRows } from './training-data.js';

/** One machine at its latest row in the data. */
export interface MachineStatus {
  readonly machineId: string;
  readonly time: number;
  readonly rows: number;
  /**
   * The class named at the latest row and its probability, and (for a diagnosis by severity)
   * every mode named present there, in the bundle's mode order.
   */
  readonly fault?: {
    readonly name: string;
    readonly probability: number;
    readonly present?: readonly string[];
  };
  /** An alarm on at the latest row, and since when (the first row of its run). */
  readonly horizon?: {
    readonly alarm: boolean;
    readonly since: number | null;
    readonly score: number;
  };
  readonly anomaly?: {
    readonly alarm: boolean;
    readonly since: number | null;
    readonly score: number;
  };
  /** Remaining life at the latest row: the median and the interval's ends. */
  readonly rul?: { readonly median: number; readonly lo: number; readonly hi: number };
}

export interface Prediction {
  readonly rows: number;
  /** The unit the bundle's horizon and remaining life count in (its training data's). */
  readonly modelTimeUnit: string;
  readonly tasks: readonly Task[];
  /** machine_id, time, then each task's columns, one row per row of the split. */
  readonly columns: readonly Column[];
  readonly machines: readonly MachineStatus[];
  readonly warnings: readonly string[];
}

/**
 * Each row's alarm as a node raises it in real time: on at the `debounce`-th consecutive
 * positive row of its machine (in time order), on while positives go on, off at the first
 * negative. `since` is the time of the run's first row.
 */
export function realTimeAlarms(
  machineIds: readonly string[],
  time: ArrayLike<number>,
  positive: ArrayLike<number | boolean>,
  debounce: number,
): { alarm: Uint8Array; since: Float64Array } {
  const n = machineIds.length;
  if (!(Number.isInteger(debounce) && debounce >= 1))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `debounce: expected an integer >= 1 (consecutive positive rows), got ${debounce}`,
    );
  if (time.length !== n || positive.length !== n)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `machineIds, time, positive: expected one entry per row each, got ${n}, ${time.length}, ${positive.length}`,
    );
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(time[i]!))
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `time[${i}]: expected a finite time, got ${time[i]} (machine ${machineIds[i]})`,
      );
  const alarm = new Uint8Array(n);
  const since = new Float64Array(n).fill(Number.NaN);
  for (const rows of byMachine(machineIds)) {
    rows.sort((a, b) => time[a]! - time[b]!);
    let run = 0;
    let start = Number.NaN;
    for (const i of rows) {
      if (positive[i] === 1 || positive[i] === true) {
        if (run === 0) start = time[i]!;
        run++;
      } else run = 0;
      if (run >= debounce) {
        alarm[i] = 1;
        since[i] = start;
      }
    }
  }
  return { alarm, since };
}

function column<T extends Column['type']>(cols: readonly Column[], name: string, _type: T) {
  return cols.find((c) => c.name === name)?.data as
    (T extends 'string' ? string[] : ArrayLike<number>) | undefined;
}

export function predictBundle(
  b: Bundle,
  data: Dataset,
  split: SplitName | 'all',
  source: string,
  options: { readonly faultClasses?: readonly string[] } = {},
): Prediction {
  if (split !== 'all' && !SPLIT_NAMES.includes(split))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `split: expected all or one of ${SPLIT_NAMES.join(', ')}, got ${JSON.stringify(split)}`,
    );
  const { ds, splits, keys, among, warnings } = scoringSetup(b, data, split, source, options);
  const timed = b.tasks.filter((t) => t.task === 'horizon' || t.task === 'rul');
  if (timed.length > 0 && b.data.timeUnit !== ds.manifest.timeUnit)
    warnings.push(
      `the ${timed.map((t) => t.task).join(' and ')} model${timed.length > 1 ? 's' : ''} of ${source} count${timed.length > 1 ? '' : 's'} time in ${b.data.timeUnit}, the unit of the data ${timed.length > 1 ? 'they' : 'it'} learnt from, and ${data.dir} in ${ds.manifest.timeUnit}: ` +
        `remaining life is given in ${b.data.timeUnit}, and "fails within ${String(timed[0]!.thresholds.horizon ?? b.data.horizon)} ${b.data.timeUnit}" is what a horizon alarm means; for such data, read the diagnosis`,
    );
  const columns: Column[] = [
    { name: 'machine_id', type: 'string', data: [...keys.machineIds] },
    { name: 'time', type: 'float64', data: Float64Array.from(keys.time) },
  ];
  if (keys.n > 0)
    for (const t of b.tasks) {
      const rows = taskRows(ds, splits, t.inputs);
      const out = outputColumns(t, rows, among);
      columns.push(...out);
      if (t.task === 'anomaly') {
        const { warning } = anomalyVibrationOnly(b, ds, t, rows);
        if (warning !== null) warnings.push(warning);
      }
      if (t.task === 'horizon' || t.task === 'anomaly') {
        const positive = column(out, `${t.task}_positive`, 'bool')!;
        const { alarm, since } = realTimeAlarms(
          rows.machineIds,
          rows.time,
          positive,
          t.thresholds.debounce ?? 2,
        );
        columns.push(
          { name: `${t.task}_alarm`, type: 'bool', data: alarm },
          { name: `${t.task}_alarm_since`, type: 'float64', data: since },
        );
      }
    }
  return {
    rows: keys.n,
    modelTimeUnit: b.data.timeUnit,
    tasks: b.tasks.map((t) => t.task),
    columns,
    machines: machineStatus(columns),
    warnings,
  };
}

/** Each machine at its latest row, in the order machines first appear. */
function machineStatus(cols: readonly Column[]): MachineStatus[] {
  const ids = column(cols, 'machine_id', 'string')!;
  const time = column(cols, 'time', 'float64')!;
  const latest = new Map<string, { i: number; rows: number }>();
  ids.forEach((id, i) => {
    const seen = latest.get(id);
    if (seen === undefined) latest.set(id, { i, rows: 1 });
    else {
      seen.rows++;
      if (time[i]! >= time[seen.i]!) seen.i = i;
    }
  });
  const pred = column(cols, 'fault_pred', 'string');
  const present = column(cols, 'fault_present', 'string');
  const alarmOf = (task: 'horizon' | 'anomaly', i: number) => {
    const alarm = column(cols, `${task}_alarm`, 'bool');
    if (alarm === undefined) return undefined;
    const since = column(cols, `${task}_alarm_since`, 'float64')!;
    return {
      alarm: alarm[i] === 1,
      since: alarm[i] === 1 ? since[i]! : null,
      score: column(cols, `${task}_score`, 'float64')![i]!,
    };
  };
  const rulPred = column(cols, 'rul_pred', 'float64');
  return [...latest].map(([machineId, { i, rows }]) => {
    const horizon = alarmOf('horizon', i);
    const anomaly = alarmOf('anomaly', i);
    const name = pred?.[i];
    return {
      machineId,
      time: time[i]!,
      rows,
      ...(name === undefined
        ? {}
        : {
            fault: {
              name,
              probability: column(cols, `fault_p_${name}`, 'float64')?.[i] ?? Number.NaN,
              ...(present === undefined
                ? {}
                : { present: present[i] === '' ? [] : present[i]!.split(',') }),
            },
          }),
      ...(horizon === undefined ? {} : { horizon }),
      ...(anomaly === undefined ? {} : { anomaly }),
      ...(rulPred === undefined
        ? {}
        : {
            rul: {
              median: rulPred[i]!,
              lo: column(cols, 'rul_lo', 'float64')![i]!,
              hi: column(cols, 'rul_hi', 'float64')![i]!,
            },
          }),
    };
  });
}
