/**
 * Training: from a dataset to the body of a model bundle holding one model per task.
 * - fault: which mode is present (multiclass; rows capped per class; thermal and electrical
 *   inputs hidden in part of the rows so the model also works from vibration alone);
 * - horizon: will the machine fail within H (binary), with the alarm threshold chosen on
 *   validation machines by event metrics under a false-alarm budget;
 * - rul: remaining life as quantiles, the interval calibrated on validation machines
 *   (conformalised quantile regression, Romano, Patterson & Candes, NeurIPS 2019);
 * - anomaly: a score from healthy rows only, thresholded on validation.
 * Pure apart from the clock passed in; progress through a callback.
 */
import { PdmError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import { getColumnData } from '../data/table.js';
import { RobustScaler } from '../features/normalize.js';
import type { RobustScalerJson } from '../features/normalize.js';
import type { Task, TaskModel } from './bundle.js';
import { fitIsolationForest } from './anomaly/isolation-forest.js';
import { fitMahalanobis } from './anomaly/mahalanobis.js';
import {
  classificationMetrics,
  intervalMetrics,
  regressionMetrics,
  rankingMetrics,
} from './metrics/index.js';
import { fitDegradationPrior } from './rul/exponential-degradation.js';
import type { ModelJson } from './scorer.js';
import { createScorer, healthIndicator, sequencesOf } from './scorer.js';
import { chooseAlarmThreshold, timelines } from './timelines.js';
import type { TrainConfig } from './train-config.js';
import {
  capPerKey,
  maskColumns,
  perMachineWeights,
  pickRows,
  quantileOf,
  weightedQuantileOf,
} from './train-rows.js';
import type { TaskRows } from './training-data.js';
import { labelGap } from './task-labels.js';
import { binaryRule, chooseBinaryThreshold, decideFault, failureFlag } from './fault-decision.js';
import { taskRows } from './training-data.js';
import { matrix, trainDecisionTree, trainForest, trainGbdt } from './trees/index.js';
import { trainMlp, trainSequenceModel } from './nn/index.js';
import { selectSequences } from './nn/sequence-data.js';

export interface TrainProgress {
  readonly task: Task;
  readonly stage: string;
  /** 0..1 within the stage. */
  readonly fraction: number;
}

export interface TrainTaskResult {
  readonly model: TaskModel;
  readonly importance: readonly { name: string; value: number }[];
}

export interface TrainContext {
  readonly ds: Dataset;
  readonly config: TrainConfig;
  readonly threads?: number;
  readonly onProgress?: (p: TrainProgress) => void;
}

const NON_VIBRATION_GROUPS = new Set(['thermal', 'electrical', 'operating']);

/**
 * Why a task cannot be trained on the dataset's labels (the whole message), or null when it
 * can: diagnosis needs classes, the horizon and RUL tasks remaining life (task-labels.ts);
 * anomaly trains on any data (healthy rows by class or remaining life where known, else every
 * row).
 */
export function missingTrainingLabels(ds: Dataset, task: Task): string | null {
  if (task === 'anomaly') return anomalyWithoutHealthyRows(ds) ?? noHealthyTrainingRows(ds);
  const gap = labelGap(task, ds.manifest.labels.has);
  if (gap === null) return task === 'horizon' ? oneSidedHorizon(ds) : null;
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
 * Why a horizon model has one class only: every training row with a known remaining life is
 * within the horizon of its failure (records shorter than the horizon, as accelerated-life
 * snapshots of a few hours are against the default 168 h), or none is. Null otherwise.
 */
function oneSidedHorizon(ds: Dataset): string | null {
  const m = ds.manifest;
  const train = new Set(m.splits.train);
  const ids = getColumnData(ds.table, 'machine_id', 'string');
  const rul = getColumnData(ds.table, 'rul', 'float64');
  let due = 0;
  let later = 0;
  for (let i = 0; i < ids.length; i++) {
    if (!train.has(ids[i]!) || !Number.isFinite(rul[i]!)) continue;
    if (rul[i]! <= m.horizon) due++;
    else later++;
  }
  if (due > 0 && later > 0) return null;
  const h = `${m.horizon} ${m.timeUnit}`;
  return later === 0
    ? `${ds.dir}: every training row is within the horizon (${h}) of its failure, so a horizon ` +
        'model has no row to learn "not yet" from; import with a --horizon shorter than the records'
    : `${ds.dir}: no training row is within the horizon (${h}) of a failure, so a horizon model ` +
        'has no row to learn "due" from; import with a longer --horizon or records that reach failure';
}

function requireTrainingLabels(ds: Dataset, task: Task): void {
  const missing = missingTrainingLabels(ds, task);
  if (missing !== null) throw new PdmError('PDM_DATA_INVALID', missing);
}

/**
 * A task's inputs: its `features`, by default the dataset's model features (the same for every
 * task; diagnosis hides history and thermal inputs in part of its training rows instead), plus
 * its `extraFeatures`.
 */
export function taskFeatures(
  ds: Dataset,
  cfg: { features?: string[] | undefined; extraFeatures?: string[] | undefined },
): string[] {
  return [
    ...new Set([...(cfg.features ?? ds.manifest.modelFeatures), ...(cfg.extraFeatures ?? [])]),
  ];
}

function requireRows(t: TaskRows, what: string, ds: Dataset): void {
  if (t.n === 0) throw new PdmError('PDM_DATA_INVALID', `${ds.dir}: no ${what} rows to train on`);
}

function importanceOf(features: readonly string[], values: readonly number[] | undefined) {
  if (values === undefined) return [];
  return features
    .map((name, j) => ({ name, value: values[j] ?? 0 }))
    .sort((a, b) => b.value - a.value);
}

async function fitClassifier(
  ctx: TrainContext,
  task: Task,
  algo: 'gbdt' | 'rf' | 'tree' | 'mlp',
  cfg: TrainConfig['fault'] | TrainConfig['horizon'],
  train: TaskRows,
  y: Float64Array,
  valid: TaskRows,
  yValid: Float64Array,
  nClasses: number,
  scaler: RobustScalerJson,
): Promise<{ json: ModelJson; importance: number[] | undefined }> {
  const progress = (stage: string, fraction: number) => ctx.onProgress?.({ task, stage, fraction });
  const X = matrix(train.x, train.n, train.d);
  const threads = ctx.threads;
  if (algo === 'gbdt') {
    const rounds = cfg.gbdt.rounds ?? 200;
    const m = await trainGbdt(
      X,
      y,
      { seed: ctx.config.seed, ...cfg.gbdt, loss: nClasses > 2 ? 'multiclass' : 'binary' },
      {
        ...(valid.n > 0 ? { valid: { X: matrix(valid.x, valid.n, valid.d), y: yValid } } : {}),
        nClasses,
        onRound: (p) => {
          progress('boosting', p.round / rounds);
        },
        ...(threads === undefined ? {} : { threads }),
      },
    );
    return { json: { kind: 'gbdt', model: m.toJSON() }, importance: m.toJSON().featureImportance };
  }
  if (algo === 'rf' || algo === 'tree') {
    const base = algo === 'rf' ? cfg.rf : cfg.tree;
    const m =
      algo === 'tree'
        ? trainDecisionTree(X, y, {
            seed: ctx.config.seed,
            maxDepth: 12,
            minSamplesLeaf: 5,
            ...base,
            task: 'classification',
          })
        : await trainForest(
            X,
            y,
            {
              seed: ctx.config.seed,
              trees: 100,
              minSamplesLeaf: 3,
              ...base,
              task: 'classification',
            },
            {
              onTree: (p) => {
                progress('growing trees', p.treesDone / p.trees);
              },
              ...(threads === undefined ? {} : { threads }),
            },
          );
    return {
      json: { kind: 'forest', model: m.toJSON() },
      importance: m.toJSON().featureImportance,
    };
  }
  // algo === 'mlp': on normalised inputs
  const epochs = typeof cfg.mlp.epochs === 'number' ? cfg.mlp.epochs : 60;
  const m = await trainMlp(
    { data: normalized(scaler, train), rows: train.n, cols: train.d },
    y,
    {
      seed: ctx.config.seed,
      classWeights: 'balanced',
      ...cfg.mlp,
      ...(nClasses > 2 ? { task: 'multiclass', classes: nClasses } : { task: 'binary' }),
    },
    {
      ...(valid.n > 0
        ? {
            valid: {
              x: { data: normalized(scaler, valid), rows: valid.n, cols: valid.d },
              y: yValid,
            },
          }
        : {}),
      onEpoch: (p) => {
        progress('training network', p.epoch / epochs);
      },
    },
  );
  return { json: { kind: 'mlp', model: m.toJSON() }, importance: undefined };
}

/** Rows normalised with a bundle scaler. */
function normalized(scaler: RobustScalerJson, t: TaskRows): Float64Array {
  const s = RobustScaler.fromJSON(scaler);
  const z = new Float64Array(t.x.length);
  for (let i = 0; i < t.n; i++)
    s.transform(t.x.subarray(i * t.d, (i + 1) * t.d), z.subarray(i * t.d, (i + 1) * t.d));
  return z;
}

/** Class probabilities (n x k) from a scorer that may give one output for two classes. */
function probaMatrix(raw: Float64Array, n: number, k: number): Float64Array {
  if (raw.length === n * k) return raw;
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[i * 2] = 1 - raw[i]!;
    out[i * 2 + 1] = raw[i]!;
  }
  return out;
}

export async function trainFault(
  ctx: TrainContext,
  scaler: RobustScalerJson,
): Promise<TrainTaskResult> {
  const { ds, config } = ctx;
  const cfg = config.fault;
  requireTrainingLabels(ds, 'fault');
  const features = taskFeatures(ds, cfg);
  const all = taskRows(ds, ['train'], features, () => true);
  requireRows(all, 'training', ds);
  const train = pickRows(all, capPerKey(all.mode, cfg.maxRowsPerClass, config.seed));
  const classes = [...new Set(train.mode)].sort();
  if (classes.length < 2)
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${ds.dir}: the training split has one class only (${classes.join('')})`,
    );
  const validAll = taskRows(ds, ['validation'], features, () => true);
  const valid = pickRows(
    validAll,
    capPerKey(validAll.mode, cfg.maxRowsPerClass, config.seed + 1).filter((i) =>
      classes.includes(validAll.mode[i]!),
    ),
  );
  if (ds.manifest.source !== 'table') {
    const group = new Map(ds.manifest.features.map((f) => [f.name, f.group]));
    const cols = features
      .map((f, j) =>
        NON_VIBRATION_GROUPS.has(group.get(f) ?? '') ||
        group.get(f) === 'trend' ||
        f.startsWith('temp_') ||
        f.startsWith('cur_')
          ? j
          : -1,
      )
      .filter((j) => j >= 0);
    maskColumns(train, cols, cfg.maskNonVibration, config.seed);
  }
  const idx = new Map(classes.map((c, i) => [c, i]));
  const y = Float64Array.from(train.mode, (m) => idx.get(m)!);
  const yValid = Float64Array.from(valid.mode, (m) => idx.get(m) ?? 0);
  const { json, importance } = await fitClassifier(
    ctx,
    'fault',
    cfg.algo,
    cfg,
    train,
    y,
    valid,
    yValid,
    classes.length,
    scaler,
  );
  let model: ModelJson = json;
  const sevCols = classes.filter((c) => c !== 'normal').map((c) => `sev_${c}`);
  const hasSeverity = sevCols.every((c) => ds.table.columns.some((x) => x.name === c));
  if (
    cfg.algo === 'gbdt' &&
    cfg.severityHead &&
    hasSeverity &&
    json.kind === 'gbdt' &&
    classes.length > 2 &&
    classes.includes('normal')
  ) {
    const regressors: { mode: string; model: unknown }[] = [];
    for (const [k, mode] of classes.filter((c) => c !== 'normal').entries()) {
      const col = ds.table.columns.find((c) => c.name === `sev_${mode}`)!.data as Float64Array;
      const ys = Float64Array.from(train.index, (r) => col[r]!);
      const yv = Float64Array.from(valid.index, (r) => col[r]!);
      const m = await trainGbdt(
        matrix(train.x, train.n, train.d),
        ys,
        { seed: config.seed, rounds: 150, ...cfg.gbdt, loss: 'squared' },
        {
          ...(valid.n > 0 ? { valid: { X: matrix(valid.x, valid.n, valid.d), y: yv } } : {}),
          onRound: (p) => {
            ctx.onProgress?.({
              task: 'fault',
              stage: `severity of ${mode}`,
              fraction: (k + p.round / 150) / (classes.length - 1),
            });
          },
          ...(ctx.threads === undefined ? {} : { threads: ctx.threads }),
        },
      );
      regressors.push({ mode, model: m.toJSON() });
    }
    model = { kind: 'fault_severity', classifier: json.model, classes, regressors, beta: 30 };
  }
  const scorer = createScorer(model, scaler);
  // A failure flag (normal and one other class): its threshold from every validation row of the
  // two classes, not the per-class capped ones, so that it is tuned at the failures' real share.
  let threshold: number | null = null;
  if (failureFlag(classes) !== null) {
    const tune = pickRows(
      validAll,
      validAll.mode.flatMap((m, i) => (classes.includes(m) ? [i] : [])),
    );
    const raw = probaMatrix(scorer.score(tune), tune.n, 2);
    const tuneProba = Array.from({ length: tune.n }, (_, i) => raw.subarray(2 * i, 2 * i + 2));
    threshold = chooseBinaryThreshold(classes, tune.mode, tuneProba);
  }
  const thresholds = threshold === null ? {} : { probability: threshold };
  // Validation metrics as `evaluate --split validation` computes them: every validation row,
  // averaged over the classes that occur in the truth or the predictions.
  const flat = probaMatrix(scorer.score(validAll), validAll.n, classes.length);
  const proba = Array.from({ length: validAll.n }, (_, i) =>
    flat.subarray(i * classes.length, (i + 1) * classes.length),
  );
  const pred = decideFault(classes, binaryRule(classes, thresholds), proba);
  const cm = classificationMetrics(
    validAll.mode,
    pred,
    [...new Set([...validAll.mode, ...pred])].sort(),
  );
  return {
    model: {
      task: 'fault',
      algo: cfg.algo,
      model,
      inputs: features,
      classes,
      thresholds,
      validationMetrics: {
        accuracy: cm.accuracy,
        balanced_accuracy: cm.balanced_accuracy,
        macro_f1: cm.macro_f1,
        rows: validAll.n,
      },
      config: { ...cfg, features },
    },
    importance: importanceOf(features, importance),
  };
}

export async function trainHorizon(
  ctx: TrainContext,
  scaler: RobustScalerJson,
): Promise<TrainTaskResult> {
  const { ds, config } = ctx;
  const cfg = config.horizon;
  requireTrainingLabels(ds, 'horizon');
  const features = taskFeatures(ds, cfg);
  const all = taskRows(ds, ['train'], features);
  requireRows(all, 'training', ds);
  const labelH = cfg.labelHorizonH;
  const dueOf = (t: TaskRows) =>
    labelH === undefined ? t.due : Uint8Array.from(t.rul, (r) => (r <= labelH ? 1 : 0));
  const allDue = dueOf(all);
  if (labelH !== undefined && (allDue.every((v) => v === 1) || allDue.every((v) => v === 0))) {
    throw new PdmError(
      'PDM_USAGE',
      `horizon.labelHorizonH ${labelH}: every training row is ${allDue[0] === 1 ? 'positive' : 'negative'} ` +
        `(remaining life ${allDue[0] === 1 ? 'within' : 'beyond'} it); choose a horizon inside the ` +
        'range of the data',
    );
  }
  const cap = Math.ceil(cfg.maxRows / 2);
  const train = pickRows(all, capPerKey(Array.from(allDue, String), cap, config.seed));
  const valid = taskRows(ds, ['validation'], features);
  const y = Float64Array.from(dueOf(train));
  const yValid = Float64Array.from(dueOf(valid));
  const { json, importance } = await fitClassifier(
    ctx,
    'horizon',
    cfg.algo,
    cfg,
    train,
    y,
    valid,
    yValid,
    2,
    scaler,
  );
  const scorer = createScorer(json, scaler);
  const raw = scorer.score(valid);
  const p =
    raw.length === valid.n
      ? raw
      : Float64Array.from({ length: valid.n }, (_, i) => raw[i * 2 + 1]!);
  const H = ds.manifest.horizon;
  const choice = chooseAlarmThreshold(timelines(valid, p), {
    horizonH: H,
    minRun: cfg.debounce,
    maxFalseAlarmsPerMachineMonth: cfg.maxFalseAlarmsPerMachineMonth,
  });
  const rank = rankingMetrics(valid.due, p);
  return {
    model: {
      task: 'horizon',
      algo: cfg.algo,
      model: json,
      inputs: features,
      classes: ['later', 'due'],
      thresholds: { probability: choice.threshold, debounce: cfg.debounce, horizon: H },
      validationMetrics: {
        roc_auc: rank.roc_auc,
        pr_auc: rank.pr_auc,
        event_recall: choice.metrics.event_recall,
        lead_time_h: choice.metrics.lead_time_h,
        false_alarms_per_machine_month: choice.metrics.false_alarms_per_machine_month,
      },
      config: { ...cfg, features },
    },
    importance: importanceOf(features, importance),
  };
}

/**
 * The conformal widening that brings interval coverage on validation to `coverage`, counted
 * per machine as the metric is (each machine's rows weigh 1 / its row count, so a machine
 * that ran long does not decide the width for the others).
 */
function conformalWiden(
  truth: Float64Array,
  pred: Float64Array,
  q: number,
  coverage: number,
  weights: Float64Array,
): number {
  const n = truth.length;
  const e = Float64Array.from({ length: n }, (_, i) =>
    Math.max(pred[i * q]! - truth[i]!, truth[i]! - pred[i * q + q - 1]!),
  );
  return weightedQuantileOf(e, weights, Math.min(1, coverage * (1 + 1 / Math.max(1, n))));
}

export async function trainRul(
  ctx: TrainContext,
  scaler: RobustScalerJson,
): Promise<TrainTaskResult> {
  const { ds, config } = ctx;
  const cfg = config.rul;
  requireTrainingLabels(ds, 'rul');
  const features = taskFeatures(ds, cfg);
  // The cap the data was imported with (import table --rul-cap), else 4 horizons.
  const importCap = ds.manifest.details.rulCap;
  const cap =
    cfg.cap ??
    (typeof importCap === 'number'
      ? importCap
      : ds.manifest.horizon > 0
        ? 4 * ds.manifest.horizon
        : 0);
  const capped = (r: number) => (cap > 0 ? Math.min(r, cap) : r);
  const all = taskRows(ds, ['train'], features, (i) =>
    Number.isFinite(ds.table.columns.find((c) => c.name === 'rul')!.data[i]),
  );
  requireRows(all, 'training rows with a known remaining life', ds);
  const rng = capPerKey(new Array<string>(all.n).fill(''), cfg.maxRows, config.seed);
  const train = pickRows(all, rng);
  const valid = taskRows(ds, ['validation'], features, (i) =>
    Number.isFinite(ds.table.columns.find((c) => c.name === 'rul')!.data[i]),
  );
  const y = Float64Array.from(train.rul, capped);
  const yValid = Float64Array.from(valid.rul, capped);
  const qs = [...cfg.quantiles];
  let json: ModelJson;
  let importance: number[] | undefined;
  const progress = (stage: string, fraction: number) =>
    ctx.onProgress?.({ task: 'rul', stage, fraction });
  if (cfg.algo === 'gbdt') {
    const models: unknown[] = [];
    for (const [k, alpha] of qs.entries()) {
      const rounds = cfg.gbdt.rounds ?? 200;
      const m = await trainGbdt(
        matrix(train.x, train.n, train.d),
        y,
        { seed: config.seed, ...cfg.gbdt, loss: 'pinball', alpha },
        {
          ...(valid.n > 0 ? { valid: { X: matrix(valid.x, valid.n, valid.d), y: yValid } } : {}),
          onRound: (p) => {
            progress(`quantile ${alpha}`, (k + p.round / rounds) / qs.length);
          },
          ...(ctx.threads === undefined ? {} : { threads: ctx.threads }),
        },
      );
      const j = m.toJSON();
      models.push(j);
      if (alpha === 0.5) importance = j.featureImportance;
    }
    json = { kind: 'gbdt_quantiles', quantiles: qs, models, widen: 0 };
  } else if (cfg.algo === 'lstm') {
    // A recurrent network over each row's recent history (its machine's last captures).
    const trainAll = taskRows(ds, ['train'], features);
    const validAll = taskRows(ds, ['validation'], features);
    const steps = typeof cfg.lstm.steps === 'number' ? cfg.lstm.steps : 16;
    const trainSet = sequencesOf(normalized(scaler, trainAll), trainAll, steps);
    const validSet = sequencesOf(normalized(scaler, validAll), validAll, steps);
    const pick = (set: typeof trainSet, rows: typeof trainAll, cap: number) => {
      const known = [...Array(set.count).keys()].filter((i) =>
        Number.isFinite(rows.rul[set.end[i]!]!),
      );
      const keep = capPerKey(
        known.map(() => ''),
        cap,
        config.seed,
      ).map((k) => known[k]!);
      return selectSequences(set, keep);
    };
    const yAll = Float64Array.from(trainAll.rul, (r) => (Number.isFinite(r) ? capped(r) : 0));
    const yValidAll = Float64Array.from(validAll.rul, (r) => (Number.isFinite(r) ? capped(r) : 0));
    const epochs = typeof cfg.lstm.epochs === 'number' ? cfg.lstm.epochs : 30;
    const m = await trainSequenceModel(
      pick(trainSet, trainAll, cfg.maxRows),
      yAll,
      { seed: config.seed, ...cfg.lstm, task: 'regression', quantiles: qs },
      {
        valid: { set: pick(validSet, validAll, Math.ceil(cfg.maxRows / 4)), y: yValidAll },
        onEpoch: (p) => {
          progress('training recurrent network', p.epoch / epochs);
        },
      },
    );
    json = { kind: 'lstm', model: m.toJSON(), widen: 0 };
  } else if (cfg.algo === 'mlp') {
    const epochs = typeof cfg.mlp.epochs === 'number' ? cfg.mlp.epochs : 60;
    const m = await trainMlp(
      { data: normalized(scaler, train), rows: train.n, cols: train.d },
      y,
      { seed: config.seed, ...cfg.mlp, task: 'regression', quantiles: qs },
      {
        valid: { x: { data: normalized(scaler, valid), rows: valid.n, cols: valid.d }, y: yValid },
        onEpoch: (p) => {
          progress('training network', p.epoch / epochs);
        },
      },
    );
    json = { kind: 'mlp', model: m.toJSON(), widen: 0 };
  } else if (cfg.algo === 'rf') {
    const m = await trainForest(
      matrix(train.x, train.n, train.d),
      y,
      {
        seed: config.seed,
        trees: 100,
        minSamplesLeaf: 5,
        ...cfg.rf,
        task: 'regression',
        leafSamples: 16,
      },
      {
        onTree: (p) => {
          progress('growing trees', p.treesDone / p.trees);
        },
        ...(ctx.threads === undefined ? {} : { threads: ctx.threads }),
      },
    );
    importance = m.toJSON().featureImportance;
    json = { kind: 'forest_quantiles', quantiles: qs, model: m.toJSON(), widen: 0 };
  } else {
    // Physics-informed: an exponential degradation of a health indicator (distance from healthy).
    const healthy = taskRows(ds, ['train'], features, (i) => {
      const r = ds.table.columns.find((c) => c.name === 'rul')!.data[i] as number;
      return !Number.isFinite(r) || r > (cap > 0 ? cap : 1e9);
    });
    const base = healthy.n >= 10 ? healthy : train;
    const scalerObj = RobustScaler.fromJSON(scaler);
    const z = new Float64Array(base.x.length);
    for (let i = 0; i < base.n; i++)
      scalerObj.transform(
        base.x.subarray(i * base.d, (i + 1) * base.d),
        z.subarray(i * base.d, (i + 1) * base.d),
      );
    const indicator = fitMahalanobis(z, base.n, base.d, 0.1);
    const zt = new Float64Array(train.x.length);
    for (let i = 0; i < train.n; i++)
      scalerObj.transform(
        train.x.subarray(i * train.d, (i + 1) * train.d),
        zt.subarray(i * train.d, (i + 1) * train.d),
      );
    const hi = healthIndicator(indicator, zt, train.n, train.d);
    const units = new Map<string, { t: number[]; indicator: number[] }>();
    for (let i = 0; i < train.n; i++) {
      const key = `${train.machineIds[i]!}@${Math.round(train.time[i]! + train.rul[i]!)}`;
      let u = units.get(key);
      if (u === undefined) units.set(key, (u = { t: [], indicator: [] }));
      u.t.push(train.time[i]!);
      u.indicator.push(hi[i]!);
    }
    const prior = fitDegradationPrior(
      [...units.values()].map((u) => {
        const order = u.t.map((_, i) => i).sort((a, b) => u.t[a]! - u.t[b]!);
        return { t: order.map((i) => u.t[i]!), indicator: order.map((i) => u.indicator[i]!) };
      }),
      0,
      cap > 0 ? cap : 1e6,
    );
    json = { kind: 'degradation', prior, indicator, quantiles: qs, widen: 0 };
  }
  progress('calibrating interval', 0);
  if (valid.n === 0) {
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${ds.dir}: the validation split has no rows with a known remaining life to calibrate the RUL interval on; use a larger dataset`,
    );
  }
  const pred = createScorer(json, scaler).score(valid);
  const weights = perMachineWeights(valid.machineIds);
  let weightTotal = 0;
  for (const w of weights) weightTotal += w;
  if (json.kind === 'degradation') {
    // widen relative to the median, in units of the half-width (see scorer)
    const q = qs.length;
    let lo = 0;
    let hi = 8;
    for (let it = 0; it < 30; it++) {
      const w = (lo + hi) / 2;
      let covered = 0;
      for (let i = 0; i < valid.n; i++) {
        const mid = pred[i * q + 1]!;
        const l = mid + (pred[i * q]! - mid) * (1 + w);
        const h = mid + (pred[i * q + 2]! - mid) * (1 + w);
        if (yValid[i]! >= l && yValid[i]! <= h) covered += weights[i]!;
      }
      if (covered / weightTotal < cfg.coverage) lo = w;
      else hi = w;
    }
    json = { ...json, widen: hi };
  } else {
    json = {
      ...json,
      widen: Math.max(0, conformalWiden(yValid, pred, qs.length, cfg.coverage, weights)),
    };
  }
  const calibrated = createScorer(json, scaler).score(valid);
  const q = qs.length;
  const mid = Float64Array.from(
    { length: valid.n },
    (_, i) => calibrated[i * q + Math.floor(q / 2)]!,
  );
  const reg = regressionMetrics(yValid, mid);
  const iv = intervalMetrics(
    yValid,
    Float64Array.from({ length: valid.n }, (_, i) => calibrated[i * q]!),
    Float64Array.from({ length: valid.n }, (_, i) => calibrated[i * q + q - 1]!),
    valid.machineIds,
  );
  return {
    model: {
      task: 'rul',
      algo: cfg.algo,
      model: json,
      inputs: features,
      thresholds: { cap, coverage: cfg.coverage },
      validationMetrics: {
        rmse: reg.rmse,
        mae: reg.mae,
        interval_coverage: iv.interval_coverage,
        interval_coverage_per_machine: iv.interval_coverage_per_machine ?? Number.NaN,
      },
      config: { ...cfg, features, cap },
    },
    importance: importanceOf(features, importance),
  };
}

export function isHealthyRow(ds: Dataset, mode: string, rul: number): boolean {
  const m = ds.manifest;
  if (m.labels.has.mode) return mode === 'normal';
  if (m.labels.has.rul) return !Number.isFinite(rul) || rul > 2 * m.horizon;
  return true;
}

export function trainAnomaly(ctx: TrainContext, scaler: RobustScalerJson): TrainTaskResult {
  const { ds, config } = ctx;
  const cfg = config.anomaly;
  const features = taskFeatures(ds, cfg);
  const allTrain = taskRows(ds, ['train'], features);
  const healthyIdx = [...Array(allTrain.n).keys()].filter((i) =>
    isHealthyRow(ds, allTrain.mode[i]!, allTrain.rul[i]!),
  );
  const healthy = pickRows(
    allTrain,
    capPerKey(
      healthyIdx.map(() => ''),
      cfg.maxRows,
      config.seed,
    ).map((k) => healthyIdx[k]!),
  );
  requireRows(healthy, 'healthy training', ds);
  const s = RobustScaler.fromJSON(scaler);
  const z = new Float64Array(healthy.x.length);
  for (let i = 0; i < healthy.n; i++)
    s.transform(
      healthy.x.subarray(i * healthy.d, (i + 1) * healthy.d),
      z.subarray(i * healthy.d, (i + 1) * healthy.d),
    );
  ctx.onProgress?.({ task: 'anomaly', stage: 'fitting', fraction: 0 });
  const json: ModelJson =
    cfg.algo === 'mahalanobis'
      ? { kind: 'mahalanobis', model: fitMahalanobis(z, healthy.n, healthy.d, 0.1) }
      : {
          kind: 'isolation_forest',
          model: fitIsolationForest(z, healthy.n, healthy.d, { seed: config.seed, trees: 200 }),
        };
  const valid = taskRows(ds, ['validation'], features);
  const scores = createScorer(json, scaler).score(valid);
  const tl = timelines(valid, scores);
  const hasFailures = tl.some((m) => m.failureTimesH.length > 0);
  let threshold: number;
  let vm: Record<string, unknown>;
  if (hasFailures) {
    const c = chooseAlarmThreshold(tl, {
      horizonH: ds.manifest.horizon,
      minRun: cfg.debounce,
      maxFalseAlarmsPerMachineMonth: cfg.maxFalseAlarmsPerMachineMonth,
    });
    threshold = c.threshold;
    vm = {
      event_recall: c.metrics.event_recall,
      lead_time_h: c.metrics.lead_time_h,
      false_alarms_per_machine_month: c.metrics.false_alarms_per_machine_month,
    };
  } else {
    const hv = [...Array(valid.n).keys()]
      .filter((i) => isHealthyRow(ds, valid.mode[i]!, valid.rul[i]!))
      .map((i) => scores[i]!);
    threshold = quantileOf(hv, cfg.healthyQuantile);
    vm = { healthy_quantile: cfg.healthyQuantile };
  }
  const truth = Uint8Array.from({ length: valid.n }, (_, i) =>
    isHealthyRow(ds, valid.mode[i]!, valid.rul[i]!) ? 0 : 1,
  );
  const rank = rankingMetrics(truth, scores);
  return {
    model: {
      task: 'anomaly',
      algo: cfg.algo,
      model: json,
      inputs: features,
      thresholds: { score: threshold, debounce: cfg.debounce },
      validationMetrics: { ...vm, roc_auc: rank.roc_auc, pr_auc: rank.pr_auc },
      config: { ...cfg, features },
    },
    importance: [],
  };
}
