/**
 * The horizon task: will the machine fail within H (binary), with the alarm threshold chosen
 * on validation machines by event metrics under a false-alarm budget.
 */
import { PdmError } from '../core/errors.js';
import type { RobustScalerJson } from '../features/normalize.js';
import { rankingMetrics } from './metrics/index.js';
import { createScorer } from './scorer.js';
import { chooseAlarmThreshold, inDataUnit, shortValidationNote, timelines } from './timelines.js';
import { capPerKey, pickRows } from './train-rows.js';
import type { TaskRows } from './training-data.js';
import { taskRows } from './training-data.js';
import type { TrainContext, TrainTaskResult } from './train-common.js';
import { fitClassifier, importanceOf, requireRows, taskFeatures } from './train-common.js';
import { requireTrainingLabels } from './train-labels.js';

export async function trainHorizon(
  ctx: TrainContext,
  scaler: RobustScalerJson,
): Promise<TrainTaskResult> {
  const { ds, config } = ctx;
  const cfg = config.horizon;
  requireTrainingLabels(ds, 'horizon', config);
  const features = taskFeatures(ds, cfg, 'horizon');
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
  const short = shortValidationNote(
    choice.metrics,
    ds.manifest.timeUnit,
    cfg.maxFalseAlarmsPerMachineMonth,
  );
  if (short !== null) ctx.onNote?.('horizon', short);
  const rank = rankingMetrics(valid.due, p);
  return {
    model: {
      task: 'horizon',
      algo: cfg.algo,
      model: json,
      inputs: features,
      classes: ['later', 'due'],
      thresholds: { probability: choice.threshold, debounce: cfg.debounce, horizon: H },
      validationMetrics: inDataUnit(ds.manifest.timeUnit, {
        roc_auc: rank.roc_auc,
        pr_auc: rank.pr_auc,
        event_recall: choice.metrics.event_recall,
        lead_time_h: choice.metrics.lead_time_h,
        false_alarms_per_machine_month: choice.metrics.false_alarms_per_machine_month,
      }),
      config: { ...cfg, features },
    },
    importance: importanceOf(features, importance),
  };
}
