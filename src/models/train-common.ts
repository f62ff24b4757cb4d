/**
 * What every task's training shares: the context and result types, the input features of a
 * task, and fitting a classifier with any of the learners (trees, forests, boosting, MLP).
 */
import { PdmError } from '../core/errors.js';
import { nearestName } from '../core/schema-issues.js';
import type { Dataset } from '../data/dataset.js';
import { LEVEL_RESIDUAL_FEATURES } from '../features/machine-features.js';
import { RobustScaler } from '../features/normalize.js';
import type { RobustScalerJson } from '../features/normalize.js';
import type { Task, TaskModel } from './bundle.js';
import type { ModelJson } from './scorer.js';
import type { TrainConfig } from './train-config.js';
import type { TaskRows } from './training-data.js';
import {
  DEFAULT_GBDT_ROUNDS,
  matrix,
  trainDecisionTree,
  trainForest,
  trainGbdt,
} from './trees/index.js';
import { trainMlp } from './nn/index.js';
import { epochsOf } from './nn/config.js';

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
  /** What training chose for the data that a user should know (printed as `note:`). */
  readonly onNote?: (task: Task, message: string) => void;
  /** Training stops once this is aborted (PDM_INTERRUPTED from trees; networks stop early). */
  readonly signal?: AbortSignal;
}

/** `{ signal }` for a learner's options when the context has one. */
export function stopSignal(ctx: { readonly signal?: AbortSignal }): { signal?: AbortSignal } {
  return ctx.signal === undefined ? {} : { signal: ctx.signal };
}

/** gbdt's default smallest leaf (as LightGBM's min_data_in_leaf and scikit-learn's). */
export const DEFAULT_MIN_CHILD_SAMPLES = 20;

/**
 * The smallest leaf of gradient-boosted trees for classes y: the default (20 rows), or half the
 * rarest class's training rows when that is fewer, so that a class of a few dozen rows (a small
 * set of recordings: 6 windows of a fault) can get leaves of its own; with 20 no tree can split
 * it off, and every row gets one class. A value in the config is kept as it is.
 */
export function minChildSamplesFor(
  y: Float64Array,
  nClasses: number,
  configured: number | undefined,
): { value: number; smallest: number } {
  const counts = new Array<number>(nClasses).fill(0);
  for (const c of y) if (c >= 0 && c < nClasses) counts[c]!++;
  const present = counts.filter((n) => n > 0);
  const smallest = present.length > 0 ? Math.min(...present) : 0;
  if (configured !== undefined) return { value: configured, smallest };
  const value = Math.max(1, Math.min(DEFAULT_MIN_CHILD_SAMPLES, Math.floor(smallest / 2)));
  return { value, smallest };
}

export const NON_VIBRATION_GROUPS = new Set(['thermal', 'electrical', 'operating']);

/**
 * The positions among `inputs` of a capture's context: thermal, electrical and history inputs,
 * which a recording with vibration only lacks (none for a table, whose columns are all of one
 * kind).
 */
export function contextColumns(ds: Dataset, inputs: readonly string[]): number[] {
  if (ds.manifest.source === 'table') return [];
  const group = new Map(ds.manifest.features.map((f) => [f.name, f.group]));
  return inputs
    .map((f, j) =>
      NON_VIBRATION_GROUPS.has(group.get(f) ?? '') ||
      group.get(f) === 'trend' ||
      f.startsWith('temp_') ||
      f.startsWith('cur_')
        ? j
        : -1,
    )
    .filter((j) => j >= 0);
}

/**
 * A task's inputs: its `features`, by default the dataset's model features (the same for every
 * task; diagnosis hides history and thermal inputs in part of its training rows instead), plus
 * its `extraFeatures`.
 */
export function taskFeatures(
  ds: Dataset,
  cfg: { features?: string[] | undefined; extraFeatures?: string[] | undefined },
  task?: Task,
): string[] {
  for (const key of ['features', 'extraFeatures'] as const)
    for (const name of cfg[key] ?? [])
      checkInput(ds, name, `${task === undefined ? '' : `${task}.`}${key}`);
  return [
    ...new Set([...(cfg.features ?? ds.manifest.modelFeatures), ...(cfg.extraFeatures ?? [])]),
  ];
}

/**
 * Refuses a configured input that is not one of the dataset's features: a label (a model that
 * reads `rul` or `health_index` learns the answer, and validates perfectly), an identifier or
 * time, or a name the dataset lacks (a typo, most often), naming the config key.
 */
function checkInput(ds: Dataset, name: string, key: string): void {
  const features = ds.manifest.features.map((f) => f.name);
  if (features.includes(name)) return;
  const present = ds.table.columns.some((c) => c.name === name);
  const near = present ? undefined : nearestName(name, features);
  throw new PdmError(
    'PDM_CONFIG_INVALID',
    present
      ? `${key}: ${name} is a ${name === 'machine_id' || name === 'time' || name === 'source_file' ? 'row identifier' : 'label'} column of ${ds.dir}, not a feature: a model that reads it is told the answer (or the row) rather than learning it`
      : `${key}: ${ds.dir} has no feature ${name}${near === undefined ? '' : `; did you mean ${near}?`} (docs/features.md lists the features)`,
  );
}

/**
 * A task's inputs: `taskFeatures`, and the level residuals (vibration levels and the current's
 * sidebands) where the dataset has them
 * for the tasks that read them (`fault.levelResiduals`, `anomaly.levelResiduals`), unless
 * `features` lists the inputs.
 */
export function taskInputs(
  ds: Dataset,
  cfg: {
    features?: string[] | undefined;
    extraFeatures?: string[] | undefined;
    levelResiduals?: boolean;
  },
  task?: Task,
): string[] {
  const features = taskFeatures(ds, cfg, task);
  // Only the feature pipeline's own columns: an imported table's column of that name is the
  // table's, and its import chose the inputs.
  if (cfg.levelResiduals === true && cfg.features === undefined && ds.manifest.source !== 'table') {
    for (const f of LEVEL_RESIDUAL_FEATURES)
      if (!features.includes(f) && ds.table.columns.some((c) => c.name === f)) features.push(f);
  }
  return features;
}

export function requireRows(t: TaskRows, what: string, ds: Dataset): void {
  if (t.n === 0) throw new PdmError('PDM_DATA_INVALID', `${ds.dir}: no ${what} rows to train on`);
}

export function importanceOf(features: readonly string[], values: readonly number[] | undefined) {
  if (values === undefined) return [];
  return features
    .map((name, j) => ({ name, value: values[j] ?? 0 }))
    .sort((a, b) => b.value - a.value);
}

export async function fitClassifier(
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
    const rounds = cfg.gbdt.rounds ?? DEFAULT_GBDT_ROUNDS;
    const leaf = minChildSamplesFor(y, Math.max(2, nClasses), cfg.gbdt.minChildSamples);
    if (leaf.value < DEFAULT_MIN_CHILD_SAMPLES && cfg.gbdt.minChildSamples === undefined) {
      ctx.onNote?.(
        task,
        `the rarest class has ${leaf.smallest} training rows: gbdt leaves of at least ${leaf.value} rows ` +
          `instead of ${DEFAULT_MIN_CHILD_SAMPLES} (set ${task}.gbdt.minChildSamples in the config to choose)`,
      );
    }
    const m = await trainGbdt(
      X,
      y,
      {
        seed: ctx.config.seed,
        ...cfg.gbdt,
        minChildSamples: leaf.value,
        loss: nClasses > 2 ? 'multiclass' : 'binary',
      },
      {
        ...(valid.n > 0 ? { valid: { X: matrix(valid.x, valid.n, valid.d), y: yValid } } : {}),
        nClasses,
        onRound: (p) => {
          progress('boosting', p.round / rounds);
        },
        ...(threads === undefined ? {} : { threads }),
        ...stopSignal(ctx),
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
              ...stopSignal(ctx),
            },
          );
    return {
      json: { kind: 'forest', model: m.toJSON() },
      importance: m.toJSON().featureImportance,
    };
  }
  // algo === 'mlp': on normalised inputs
  const epochs = epochsOf(cfg.mlp);
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
      ...stopSignal(ctx),
    },
  );
  return { json: { kind: 'mlp', model: m.toJSON() }, importance: undefined };
}

/** Rows normalised with a bundle scaler. */
export function normalized(scaler: RobustScalerJson, t: TaskRows): Float64Array {
  const s = RobustScaler.fromJSON(scaler);
  const z = new Float64Array(t.x.length);
  for (let i = 0; i < t.n; i++)
    s.transform(t.x.subarray(i * t.d, (i + 1) * t.d), z.subarray(i * t.d, (i + 1) * t.d));
  return z;
}

/** Each row's k class probabilities (views into `probaMatrix`'s n x k), as decisions take them. */
export function probaRows(raw: Float64Array, n: number, k: number): Float64Array[] {
  const flat = probaMatrix(raw, n, k);
  return Array.from({ length: n }, (_, i) => flat.subarray(i * k, (i + 1) * k));
}

/** Class probabilities (n x k) from a scorer that may give one output for two classes. */
export function probaMatrix(raw: Float64Array, n: number, k: number): Float64Array {
  if (raw.length === n * k) return raw;
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[i * 2] = 1 - raw[i]!;
    out[i * 2 + 1] = raw[i]!;
  }
  return out;
}
