/** The anomaly task: a score learnt from healthy rows only, thresholded on validation. */
import type { RobustScalerJson } from '../features/normalize.js';
import { fitIsolationForest } from './anomaly/isolation-forest.js';
import { fitMahalanobisRobust, OUTLIER_FACTOR } from './anomaly/mahalanobis.js';
import { rankingMetrics } from './metrics/index.js';
import type { ModelJson } from './scorer.js';
import { createScorer } from './scorer.js';
import { chooseAlarmThreshold, inDataUnit, shortValidationNote, timelines } from './timelines.js';
import { capPerKey, pickRows, quantileOf } from './train-rows.js';
import { taskRows } from './training-data.js';
import type { TaskRows } from './training-data.js';
import type { TrainContext, TrainTaskResult } from './train-common.js';
import { normalized, requireRows, taskInputs } from './train-common.js';
import { isHealthyRow } from './train-labels.js';

export function trainAnomaly(ctx: TrainContext, scaler: RobustScalerJson): TrainTaskResult {
  const { ds, config } = ctx;
  if (!ds.manifest.labels.has.mode && !ds.manifest.labels.has.rul)
    ctx.onNote?.(
      'anomaly',
      `${ds.dir} has no labels, so every training row is taken as healthy: the model learns what these machines usually look like and flags what departs from it, ` +
        'and a fault already present in the training rows is learnt as usual; label the healthy recordings normal to learn from them alone',
    );
  const cfg = config.anomaly;
  const features = taskInputs(ds, cfg, 'anomaly');
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
  ctx.onProgress?.({ task: 'anomaly', stage: 'fitting', fraction: 0 });
  const json: ModelJson =
    cfg.algo === 'mahalanobis'
      ? { kind: 'mahalanobis', model: fitHealthy(ctx, scaler, healthy) }
      : {
          kind: 'isolation_forest',
          // splits do not depend on scale: the forest reads the raw features
          model: fitIsolationForest(healthy.x, healthy.n, healthy.d, {
            seed: config.seed,
            trees: 200,
          }),
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
    const short = shortValidationNote(
      c.metrics,
      ds.manifest.timeUnit,
      cfg.maxFalseAlarmsPerMachineMonth,
    );
    if (short !== null) ctx.onNote?.('anomaly', short);
    vm = inDataUnit(ds.manifest.timeUnit, {
      event_recall: c.metrics.event_recall,
      lead_time_h: c.metrics.lead_time_h,
      false_alarms_per_machine_month: c.metrics.false_alarms_per_machine_month,
    });
  } else {
    const hv = [...Array(valid.n).keys()]
      .filter((i) => isHealthyRow(ds, valid.mode[i]!, valid.rul[i]!))
      .map((i) => scores[i]!);
    // A small set can hold no healthy validation machine: then the healthy training rows,
    // which the model was fit on (their scores run lower, so the threshold is tighter)
    const fromTraining = hv.length === 0;
    if (fromTraining) {
      const trained = createScorer(json, scaler).score(healthy);
      hv.push(...trained);
      ctx.onNote?.(
        'anomaly',
        `no validation row is healthy, so the alarm threshold is the ${cfg.healthyQuantile} quantile of the healthy training rows' scores, ` +
          'which the model was fit on: expect more false alarms than that on new machines; a healthy validation machine gives a fair one',
      );
    }
    threshold = quantileOf(hv, cfg.healthyQuantile);
    vm = {
      healthy_quantile: cfg.healthyQuantile,
      ...(fromTraining ? { threshold_from: 'healthy training rows' } : {}),
    };
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
      // the horizon its alarms were chosen at (and healthy rows defined by, on tables)
      thresholds: {
        score: threshold,
        debounce: cfg.debounce,
        ...(ds.manifest.labels.has.rul ? { horizon: ds.manifest.horizon } : {}),
      },
      validationMetrics: { ...vm, roc_auc: rank.roc_auc, pr_auc: rank.pr_auc },
      config: { ...cfg, features },
    },
    importance: [],
  };
}

/**
 * The Mahalanobis fit of the healthy rows; rows it leaves out as gross outliers (mahalanobis.ts)
 * are said in a note naming the machines most of them come from, for a user to look at.
 */
function fitHealthy(ctx: TrainContext, scaler: RobustScalerJson, healthy: TaskRows) {
  const fit = fitMahalanobisRobust(normalized(scaler, healthy), healthy.n, healthy.d, 0.1);
  if (fit.leftOutCount > 0) {
    const byMachine = new Map<string, number>();
    fit.leftOut.forEach((out, i) => {
      if (out === 1)
        byMachine.set(healthy.machineIds[i]!, (byMachine.get(healthy.machineIds[i]!) ?? 0) + 1);
    });
    const top = [...byMachine]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3)
      .map(([m, k]) => `${m} (${k})`);
    ctx.onNote?.(
      'anomaly',
      `left ${fit.leftOutCount} of ${healthy.n} healthy training rows out of the fit, scoring over ${OUTLIER_FACTOR} times the median ` +
        `(a sensor fault or an unlabelled fault among rows labelled healthy?); most from ${top.join(', ')}`,
    );
  }
  return fit.model;
}
