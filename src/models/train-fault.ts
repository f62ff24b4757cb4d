/**
 * The fault task: which mode is present (multiclass; rows capped per class; thermal and
 * electrical inputs hidden in part of the rows so the model also works from vibration alone),
 * with a severity regressor per mode when the data has severities, and the failure-flag
 * threshold of a two-class table chosen on validation.
 */
import { PdmError } from '../core/errors.js';
import type { RobustScalerJson } from '../features/normalize.js';
import { classificationMetrics } from './metrics/index.js';
import type { ModelJson } from './scorer.js';
import { createScorer } from './scorer.js';
import { capPerKey, maskColumns, pickRows } from './train-rows.js';
import {
  binaryRule,
  chooseBinaryThreshold,
  chooseNormalOdds,
  decideFault,
  failureFlag,
} from './fault-decision.js';
import { taskRows } from './training-data.js';
import { evidenceColumns } from './fault-evidence.js';
import { DEFAULT_GBDT_ROUNDS, matrix, trainGbdt } from './trees/index.js';
import type { TrainContext, TrainTaskResult } from './train-common.js';
import {
  contextColumns,
  taskInputs,
  fitClassifier,
  importanceOf,
  probaRows,
  requireRows,
  stopSignal,
} from './train-common.js';
import { requireTrainingLabels } from './train-labels.js';
import { activeSets, choosePresenceThreshold, presenceKey } from './fault-presence.js';
import type { Scorer } from './scorer.js';
import type { Dataset } from '../data/dataset.js';
import type { TaskRows } from './training-data.js';

/**
 * Each mode's presence threshold on its severity estimate, chosen on every validation row
 * against the rows' active modes (fault-presence.ts); none without severity regressors, an
 * `active_modes` column, or validation rows where the mode is active.
 */
function presenceThresholds(ds: Dataset, valid: TaskRows, scorer: Scorer): Record<string, number> {
  if (scorer.severities === undefined || valid.n === 0) return {};
  const sets = activeSets(ds, valid.index);
  if (sets === null) return {};
  const out: Record<string, number> = {};
  for (const [mode, est] of scorer.severities(valid)) {
    const t = choosePresenceThreshold(
      est,
      sets.map((s) => s.has(mode)),
    );
    if (t !== null) out[presenceKey(mode)] = t;
  }
  return out;
}

/**
 * The odds multiplier of normal for captures without their context inputs (vibration only),
 * chosen on every validation row with those inputs hidden. Without thermal, electrical and
 * history inputs an early fault and a healthy machine look much alike, and the classifier,
 * trained on classes capped to equal counts, gives a healthy machine a tenth of the prior it
 * has in a fleet: healthy recordings were named faulty (docs/models.md). Null for a model
 * that is not a diagnosis by severity, without context inputs or validation rows.
 */
function vibrationOnlyOdds(
  model: Extract<ModelJson, { kind: 'fault_severity' }>,
  context: readonly number[],
  validAll: TaskRows,
  scaler: RobustScalerJson,
): { odds: number; macroF1: number } | null {
  if (context.length === 0 || validAll.n === 0) return null;
  const hidden = { ...validAll, x: Float64Array.from(validAll.x) };
  maskColumns(hidden, context, 1, 0);
  const k = model.classes.length;
  const proba = probaRows(createScorer(model, scaler).score(hidden), hidden.n, k);
  return chooseNormalOdds(model.classes, hidden.mode, proba);
}

/**
 * Names the classes of the validation and test rows that no training row has: the model can
 * never name them, so each of those rows will be counted wrong.
 */
function noteUnlearnt(ctx: TrainContext, classes: readonly string[], heldOut: readonly string[]) {
  const counts = new Map<string, number>();
  for (const m of heldOut) if (!classes.includes(m)) counts.set(m, (counts.get(m) ?? 0) + 1);
  if (counts.size === 0) return;
  const list = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  ctx.onNote?.(
    'fault',
    `no training machine has ${list.map(([c]) => c).join(', ')}, which held-out (validation or test) machines hold ` +
      `(${list.map(([c, n]) => `${c}: ${n} rows`).join(', ')}): the model cannot name ${list.length > 1 ? 'them' : 'it'}; ` +
      'splits are by machine, so a class on few machines can miss the training split: more machines of it (for twin data, another --seed added with --data a,b) fix that',
  );
}

/** Rounds of each severity regressor when the config sets none (early stopping ends most sooner). */
const SEVERITY_ROUNDS = 150;

export async function trainFault(
  ctx: TrainContext,
  scaler: RobustScalerJson,
): Promise<TrainTaskResult> {
  const { ds, config } = ctx;
  const cfg = config.fault;
  requireTrainingLabels(ds, 'fault');
  const features = taskInputs(ds, cfg, 'fault');
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
  noteUnlearnt(ctx, classes, [...validAll.mode, ...taskRows(ds, ['test'], features).mode]);
  const valid = pickRows(
    validAll,
    capPerKey(validAll.mode, cfg.maxRowsPerClass, config.seed + 1).filter((i) =>
      classes.includes(validAll.mode[i]!),
    ),
  );
  const context = contextColumns(ds, features);
  maskColumns(train, context, cfg.maskNonVibration, config.seed);
  const idx = new Map(classes.map((c, i) => [c, i]));
  const y = Float64Array.from(train.mode, (m) => idx.get(m)!);
  const yValid = Float64Array.from(valid.mode, (m) => idx.get(m) ?? 0);
  const sevCols = classes.filter((c) => c !== 'normal').map((c) => `sev_${c}`);
  const hasSeverity = sevCols.every((c) => ds.table.columns.some((x) => x.name === c));
  const withHead =
    cfg.algo === 'gbdt' &&
    cfg.severityHead &&
    hasSeverity &&
    classes.length > 2 &&
    classes.includes('normal');
  // One progress scale for the classifier and the severity regressors after it, shared by
  // the trees each grows (a class's tree per round, one per regressor's round).
  const classifierRounds = cfg.gbdt.rounds ?? DEFAULT_GBDT_ROUNDS;
  const severityRounds = cfg.gbdt.rounds ?? SEVERITY_ROUNDS;
  const modes = classes.length - 1;
  const classifierShare = withHead
    ? (classifierRounds * classes.length) /
      (classifierRounds * classes.length + severityRounds * modes)
    : 1;
  const onProgress = ctx.onProgress;
  const classifierCtx: TrainContext =
    onProgress === undefined
      ? ctx
      : {
          ...ctx,
          onProgress: (p) => {
            onProgress({ ...p, fraction: p.fraction * classifierShare });
          },
        };
  const { json, importance } = await fitClassifier(
    classifierCtx,
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
  if (withHead && json.kind === 'gbdt') {
    const regressors: { mode: string; model: unknown }[] = [];
    // A monotone scale: the modes rank alike on either; the estimates (and with them the
    // probabilities the scorer makes of them) are on this scale (`fault.severityScale`).
    const scale =
      cfg.severityScale === 'sqrt' ? (v: number) => Math.sqrt(Math.max(0, v)) : (v: number) => v;
    for (const [k, mode] of classes.filter((c) => c !== 'normal').entries()) {
      const col = ds.table.columns.find((c) => c.name === `sev_${mode}`)!.data as Float64Array;
      const ys = Float64Array.from(train.index, (r) => scale(col[r]!));
      const yv = Float64Array.from(valid.index, (r) => scale(col[r]!));
      const evidence = cfg.severityInputs === 'evidence' ? evidenceColumns(mode, features) : null;
      const m = await trainGbdt(
        matrix(train.x, train.n, train.d),
        ys,
        { seed: config.seed, ...cfg.gbdt, rounds: severityRounds, loss: 'squared' },
        {
          ...(valid.n > 0 ? { valid: { X: matrix(valid.x, valid.n, valid.d), y: yv } } : {}),
          onRound: (p) => {
            ctx.onProgress?.({
              task: 'fault',
              stage: `severity of ${mode}`,
              fraction:
                classifierShare + ((1 - classifierShare) * (k + p.round / severityRounds)) / modes,
            });
          },
          ...(ctx.threads === undefined ? {} : { threads: ctx.threads }),
          ...stopSignal(ctx),
          ...(evidence === null ? {} : { features: evidence }),
        },
      );
      regressors.push({ mode, model: m.toJSON() });
    }
    model = { kind: 'fault_severity', classifier: json.model, classes, regressors, beta: 30 };
  }
  let vibrationOnly: { odds: number; macroF1: number } | null = null;
  if (model.kind === 'fault_severity') {
    vibrationOnly = vibrationOnlyOdds(model, context, validAll, scaler);
    if (vibrationOnly !== null)
      model = { ...model, vibrationOnly: { columns: context, normalOdds: vibrationOnly.odds } };
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
    threshold = chooseBinaryThreshold(classes, tune.mode, probaRows(scorer.score(tune), tune.n, 2));
  }
  const thresholds: Record<string, number> = {
    ...(threshold === null ? {} : { probability: threshold }),
    ...presenceThresholds(ds, validAll, scorer),
  };
  // Validation metrics as `evaluate --split validation` computes them: every validation row,
  // averaged over the classes that occur in the truth or the predictions.
  const proba = probaRows(scorer.score(validAll), validAll.n, classes.length);
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
        ...(vibrationOnly === null
          ? {}
          : {
              vibration_only_macro_f1: vibrationOnly.macroF1,
              vibration_only_normal_odds: vibrationOnly.odds,
            }),
      },
      config: { ...cfg, features },
    },
    importance: importanceOf(features, importance),
  };
}
