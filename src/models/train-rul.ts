/**
 * The RUL task: remaining life as quantiles, the interval calibrated on validation machines
 * (conformalised quantile regression, Romano, Patterson & Candes, NeurIPS 2019); also the
 * recurrent network on histories and the physics-informed degradation model.
 */
import { PdmError } from '../core/errors.js';
import type { RobustScalerJson } from '../features/normalize.js';
import { fitMahalanobis } from './anomaly/mahalanobis.js';
import { intervalMetrics, regressionMetrics } from './metrics/index.js';
import { fitDegradationPrior } from './rul/exponential-degradation.js';
import type { ModelJson } from './scorer.js';
import { createScorer, healthIndicator, sequencesOf } from './scorer.js';
import { capPerKey, perMachineWeights, pickRows, weightedQuantileOf } from './train-rows.js';
import { taskRows } from './training-data.js';
import { DEFAULT_GBDT_ROUNDS, matrix, trainForest, trainGbdt } from './trees/index.js';
import { trainMlp, trainSequenceModel } from './nn/index.js';
import { selectSequences } from './nn/sequence-data.js';
import type { TrainContext, TrainTaskResult } from './train-common.js';
import { importanceOf, normalized, requireRows, stopSignal, taskFeatures } from './train-common.js';
import { requireTrainingLabels } from './train-labels.js';
import { epochsOf } from './nn/config.js';

/**
 * The conformal widening that brings interval coverage on validation to `level`, counted
 * per machine as the metric is (each machine's rows weigh 1 / its row count, so a machine
 * that ran long does not decide the width for the others).
 */
function conformalWiden(
  truth: Float64Array,
  pred: Float64Array,
  q: number,
  level: number,
  weights: Float64Array,
): number {
  const n = truth.length;
  const e = Float64Array.from({ length: n }, (_, i) =>
    Math.max(pred[i * q]! - truth[i]!, truth[i]! - pred[i * q + q - 1]!),
  );
  return weightedQuantileOf(e, weights, level);
}

/**
 * The finite-sample level of split conformal prediction over `units` exchangeable units: the
 * ceil((n + 1) coverage) / n quantile of n scores covers a new unit with probability at least
 * `coverage`. The rows of one machine are not exchangeable with each other, its machines are,
 * so the units are the validation machines.
 */
export function conformalLevel(coverage: number, units: number): number {
  const n = Math.max(1, units);
  // (less a hair, so that a product like 100 x 0.55 = 55.00000000000001 is not taken as above 55)
  return Math.min(1, Math.ceil((n + 1) * coverage - 1e-9) / n);
}

/** The fewest calibration units whose `conformalLevel` at `coverage` is below 1 (9 at 0.8). */
export function minCalibrationUnits(coverage: number): number {
  let n = 1;
  while (conformalLevel(coverage, n) >= 1) n++;
  return n;
}

export async function trainRul(
  ctx: TrainContext,
  scaler: RobustScalerJson,
): Promise<TrainTaskResult> {
  const { ds, config } = ctx;
  const cfg = config.rul;
  requireTrainingLabels(ds, 'rul');
  const features = taskFeatures(ds, cfg, 'rul');
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
      const rounds = cfg.gbdt.rounds ?? DEFAULT_GBDT_ROUNDS;
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
          ...stopSignal(ctx),
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
    const epochs = epochsOf(cfg.lstm);
    const m = await trainSequenceModel(
      pick(trainSet, trainAll, cfg.maxRows),
      yAll,
      { seed: config.seed, ...cfg.lstm, task: 'regression', quantiles: qs },
      {
        valid: { set: pick(validSet, validAll, Math.ceil(cfg.maxRows / 4)), y: yValidAll },
        onEpoch: (p) => {
          progress('training recurrent network', p.epoch / epochs);
        },
        ...stopSignal(ctx),
      },
    );
    json = { kind: 'lstm', model: m.toJSON(), widen: 0 };
  } else if (cfg.algo === 'mlp') {
    const epochs = epochsOf(cfg.mlp);
    const m = await trainMlp(
      { data: normalized(scaler, train), rows: train.n, cols: train.d },
      y,
      { seed: config.seed, ...cfg.mlp, task: 'regression', quantiles: qs },
      {
        valid: { x: { data: normalized(scaler, valid), rows: valid.n, cols: valid.d }, y: yValid },
        onEpoch: (p) => {
          progress('training network', p.epoch / epochs);
        },
        ...stopSignal(ctx),
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
        ...stopSignal(ctx),
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
    const z = normalized(scaler, base);
    const indicator = fitMahalanobis(z, base.n, base.d, 0.1);
    const zt = normalized(scaler, train);
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
  const calibrationMachines = new Set(valid.machineIds).size;
  const level = conformalLevel(cfg.coverage, calibrationMachines);
  // Conformalised quantile regression: the quantiles move out by one width, chosen so that the
  // interval covers the level asked for on the validation machines. The degradation model's
  // quantiles can coincide (a machine with no trend gets the cap for all three), which only an
  // added width can open.
  json = {
    ...json,
    widen: Math.max(0, conformalWiden(yValid, pred, qs.length, level, weights)),
    ...(json.kind === 'degradation' ? { widenKind: 'additive' as const } : {}),
  };
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
        // as evaluate says it: counted per machine, the rows' share beside it
        interval_coverage: iv.interval_coverage_per_machine ?? iv.interval_coverage,
        interval_coverage_rows: iv.interval_coverage,
        // the finite-sample level the interval was widened to, and the machines it rests on
        calibration_level: level,
        calibration_machines: calibrationMachines,
      },
      config: { ...cfg, features, cap },
    },
    importance: importanceOf(features, importance),
  };
}
