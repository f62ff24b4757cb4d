/**
 * Whether a task can be trained on a dataset's labels, and why not: diagnosis needs classes,
 * the horizon and RUL tasks remaining life, the horizon task rows on both sides of it, anomaly
 * healthy rows. train refuses, and `train --task all` skips, with these reasons.
 */
import { PdmError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import { getColumnData } from '../data/table.js';
import type { Task } from './bundle.js';
import type { TrainConfig } from './train-config.js';
import { labelGap } from './task-labels.js';

/**
 * Why a task cannot be trained on the dataset's labels (the whole message), or null when it
 * can: diagnosis needs classes, the horizon and RUL tasks remaining life (task-labels.ts);
 * anomaly trains on any data (healthy rows by class or remaining life where known, else every
 * row).
 */
export function missingTrainingLabels(
  ds: Dataset,
  task: Task,
  config?: TrainConfig,
): string | null {
  if (ds.manifest.splits.validation.length === 0) {
    return (
      `${ds.dir}: the validation split holds no machine, and every model chooses its thresholds ` +
      '(and its calibration and early stopping) on validation machines; use data of enough ' +
      'machines or units for all three splits (and import a table without --split)'
    );
  }
  if (task === 'anomaly') return anomalyWithoutHealthyRows(ds) ?? noHealthyTrainingRows(ds);
  const gap = labelGap(task, ds.manifest.labels.has);
  if (gap === null) {
    if (task === 'rul') return noKnownRul(ds);
    return task === 'horizon' ? oneSidedHorizon(ds, config?.horizon.labelHorizonH) : null;
  }
  const model = task === 'rul' ? 'an RUL model' : `a ${task} model`;
  const other =
    task === 'fault'
      ? ''
      : '; labelled recordings and tables imported with `--label` support --task fault and anomaly';
  return `${ds.dir}: the dataset has no ${gap.labels}, so ${model} cannot be trained; ${gap.source}${other}`;
}

/**
 * Why anomaly scores cannot be learnt or judged here: with class labels and no remaining life,
 * the healthy rows are those of the class `normal`, and there is none. Null otherwise.
 */
export function anomalyWithoutHealthyRows(ds: Dataset): string | null {
  const l = ds.manifest.labels;
  return l.has.mode && !l.has.rul && !l.classes.includes('normal')
    ? `${ds.dir}: no class is named normal (classes: ${l.classes.join(', ')}), and anomaly ` +
        'scores are learnt from the normal rows; name the healthy class normal when importing ' +
        '(`import table --normal-class NAME`, or the label normal in a recordings manifest)'
    : null;
}

/**
 * Why an anomaly model has nothing to learn from: no row of the training split is healthy
 * (remaining life above twice the horizon, when that is how health is known: records that all
 * end within 2 H of failure). Null when some row is.
 */
function noHealthyTrainingRows(ds: Dataset): string | null {
  const m = ds.manifest;
  if (m.labels.has.mode || !m.labels.has.rul) return null;
  const train = new Set(m.splits.train);
  const ids = getColumnData(ds.table, 'machine_id', 'string');
  const rul = getColumnData(ds.table, 'rul', 'float64');
  for (let i = 0; i < ids.length; i++) {
    if (train.has(ids[i]!) && isHealthyRow(ds, '', rul[i]!)) return null;
  }
  return (
    `${ds.dir}: no training row is healthy (remaining life above twice the horizon, ` +
    `${2 * m.horizon} ${m.timeUnit}), and anomaly scores are learnt from healthy rows; ` +
    'import longer records or a smaller --horizon'
  );
}

/**
 * Why an RUL model cannot be trained and calibrated: no training row, or no validation row, has
 * a known remaining life (every such machine's records end without a failure, as a short run
 * of a small fleet may). Null when both splits hold one.
 */
function noKnownRul(ds: Dataset): string | null {
  const m = ds.manifest;
  const ids = getColumnData(ds.table, 'machine_id', 'string');
  const rul = getColumnData(ds.table, 'rul', 'float64');
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i++) if (Number.isFinite(rul[i])) known.add(ids[i]!);
  for (const split of ['train', 'validation'] as const) {
    if (m.splits[split].some((id) => known.has(id))) continue;
    return (
      `${ds.dir}: no ${split} machine has a known remaining life (none of their records ends in ` +
      `a failure), so an RUL model has nothing to ${split === 'train' ? 'learn from' : 'calibrate its interval on'}; ` +
      'generate a longer run or a larger fleet, or import records that reach failure'
    );
  }
  return null;
}

/**
 * Why a horizon model has one class only: every training row with a known remaining life is
 * within the horizon of its failure (records shorter than the horizon, as accelerated-life
 * snapshots of a few hours are against the default 168 h), or none is. Null otherwise.
 */
function oneSidedHorizon(ds: Dataset, labelHorizon?: number): string | null {
  const m = ds.manifest;
  const train = new Set(m.splits.train);
  const ids = getColumnData(ds.table, 'machine_id', 'string');
  // Labelled as training labels them: the dataset's maintenance_due, or rul <= labelHorizonH
  // (a row without a known remaining life is "not due" either way).
  const rul = getColumnData(ds.table, 'rul', 'float64');
  const dueCol = getColumnData(ds.table, 'maintenance_due', 'bool');
  let due = 0;
  let later = 0;
  for (let i = 0; i < ids.length; i++) {
    if (!train.has(ids[i]!)) continue;
    const d = labelHorizon === undefined ? dueCol[i] === 1 : rul[i]! <= labelHorizon;
    if (d) due++;
    else later++;
  }
  if (due > 0 && later > 0) return null;
  const H = labelHorizon ?? m.horizon;
  const h = `${H} ${m.timeUnit}`;
  return later === 0
    ? `${ds.dir}: every training row is within the horizon (${h}) of its failure, so a horizon ` +
        'model has no row to learn "not yet" from; import with a --horizon shorter than the records ' +
        '(or set horizon.labelHorizonH in the training config)'
    : `${ds.dir}: no training row is within the horizon (${h}) of a failure, so a horizon model ` +
        'has no row to learn "due" from; import with a longer --horizon or records that reach failure';
}

export function requireTrainingLabels(ds: Dataset, task: Task, config?: TrainConfig): void {
  const missing = missingTrainingLabels(ds, task, config);
  if (missing !== null) throw new PdmError('PDM_DATA_INVALID', missing);
}

export function isHealthyRow(
  ds: Dataset,
  mode: string,
  rul: number,
  horizon = ds.manifest.horizon,
): boolean {
  const m = ds.manifest;
  if (m.labels.has.mode) return mode === 'normal';
  if (m.labels.has.rul) return !Number.isFinite(rul) || rul > 2 * horizon;
  return true;
}
