/**
 * Inference from a bundle's task model, in the project's own runtime: the same code that
 * `evaluate`, `policy` and an edge node run. Each model kind turns a row-major matrix of its
 * inputs into outputs: class probabilities (fault), a probability (horizon), RUL quantiles
 * (rul), or an anomaly score. Models that need normalised inputs carry `normalized: true`
 * and the bundle's scaler is applied first.
 */
import { PdmError } from '../core/errors.js';
import { deriveSeed } from '../core/random.js';
import { withNormalOdds } from './fault-decision.js';
import { RobustScaler } from '../features/normalize.js';
import type { RobustScalerJson } from '../features/normalize.js';
import type { IsolationForestModel } from './anomaly/isolation-forest.js';
import { isolationScore } from './anomaly/isolation-forest.js';
import type { MahalanobisModel } from './anomaly/mahalanobis.js';
import { mahalanobisScore } from './anomaly/mahalanobis.js';
import type { DegradationPrior } from './rul/exponential-degradation.js';
import { posterior, rulQuantiles } from './rul/exponential-degradation.js';
import { ForestModel, GbdtModel, matrix } from './trees/index.js';
import {
  buildSequences,
  parseMlpJSON,
  parseSequenceJSON,
  predictMlpMatrix,
  predictSequenceSet,
} from './nn/index.js';

/** The serialised model of a task (the `model` field of a bundle task). */
export type ModelJson =
  | { kind: 'gbdt'; model: unknown }
  | { kind: 'gbdt_quantiles'; quantiles: number[]; models: unknown[]; widen: number }
  | { kind: 'forest'; model: unknown }
  | { kind: 'forest_quantiles'; quantiles: number[]; model: unknown; widen: number }
  | { kind: 'mahalanobis'; model: MahalanobisModel }
  | { kind: 'isolation_forest'; model: IsolationForestModel }
  | { kind: 'mlp'; model: unknown; widen?: number }
  | { kind: 'lstm'; model: unknown; widen: number }
  | {
      /** Diagnosis by severity: a classifier says whether anything is wrong; regressors
       *  estimate each mode's severity (on the scale the training config's
       *  `fault.severityScale` names, stored with the task), and the largest names the fault
       *  (as the labels do). */
      kind: 'fault_severity';
      classifier: unknown;
      classes: string[];
      regressors: { mode: string; model: unknown }[];
      beta: number;
      /**
       * A capture whose context inputs (`columns`: positions of the thermal, electrical and
       * history inputs) are all missing, as a recording with vibration only has them, gets the
       * odds of normal multiplied by `normalOdds` (chosen on validation with those inputs
       * hidden; see train-fault.ts). Absent in older models: no such capture is treated apart.
       */
      vibrationOnly?: { columns: number[]; normalOdds: number };
    }
  | {
      kind: 'degradation';
      prior: DegradationPrior;
      indicator: MahalanobisModel;
      quantiles: number[];
      widen: number;
      /**
       * How `widen` applies: added to the upper and taken from the lower quantile (conformalised
       * quantile regression, as for the other models), or, in bundles from before this field,
       * multiplying the half-widths (1 + widen), which cannot widen a zero-width interval.
       */
      widenKind?: 'additive';
    };

const isNumbers = (a: unknown, length: number): boolean =>
  Array.isArray(a) && a.length === length && a.every((v) => typeof v === 'number');

function checkMahalanobis(m: MahalanobisModel): void {
  const d = m.dims;
  if (!Number.isInteger(d) || d < 1 || !isNumbers(m.mean, d) || !isNumbers(m.precision, d * d))
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      'mahalanobis model: expected dims, a mean of dims numbers and a dims x dims precision matrix',
    );
}

function checkIsolationForest(m: IsolationForestModel): void {
  const ok =
    Number.isInteger(m.dims) &&
    m.dims >= 1 &&
    Array.isArray(m.trees) &&
    m.trees.length > 0 &&
    m.trees.every((t) => {
      const k = Array.isArray(t.f) ? t.f.length : -1;
      return (
        k > 0 &&
        (['t', 'l', 'r', 'size', 'nanLeft'] as const).every((f) => isNumbers(t[f], k)) &&
        t.f.every((f, i) => {
          if (!Number.isInteger(f) || f >= m.dims) return false;
          if (f < 0) return true; // a leaf
          const [l, r] = [t.l[i]!, t.r[i]!];
          return l > i && r > i && l < k && r < k;
        })
      );
    });
  if (!ok)
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      'isolation forest model: expected dims and trees of matching node arrays (f, t, l, r, size, nanLeft) whose children follow their parents',
    );
}

/** True when every context input of the row at `offset` is missing (NaN). */
export function isVibrationOnly(
  x: ArrayLike<number>,
  offset: number,
  columns: readonly number[],
): boolean {
  if (columns.length === 0) return false;
  for (const j of columns) if (!Number.isNaN(x[offset + j]!)) return false;
  return true;
}

/** How many of the n rows of width d (row-major `x`) are vibration only (isVibrationOnly). */
export function countVibrationOnly(
  x: ArrayLike<number>,
  n: number,
  d: number,
  columns: readonly number[],
): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (isVibrationOnly(x, i * d, columns)) count++;
  return count;
}

/** Rows with the context sequence models need (machine and time of every row). */
export interface ScoreInput {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly machineIds: readonly string[];
  readonly time: Float64Array;
}

export interface Scorer {
  /** Outputs per row. */
  readonly outputs: number;
  /** n x outputs, row-major. */
  score(input: ScoreInput): Float64Array;
  /**
   * A diagnosis by severity (`fault_severity`) only: each mode's estimated severity per row, on
   * the regressors' scale, keyed by mode.
   */
  severities?(input: ScoreInput): Map<string, Float64Array>;
}

function normalizeRows(scaler: RobustScaler, x: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    scaler.transform(x.subarray(i * d, (i + 1) * d), out.subarray(i * d, (i + 1) * d));
  return out;
}

/** Builds the scorer of a task model; `scalerJson` is the bundle's normaliser over `inputs`. */
export function createScorer(model: ModelJson, scalerJson: RobustScalerJson | null): Scorer {
  const inner = scorerOf(model, scalerJson);
  return {
    ...inner,
    score: (input) => inner.score(checkedInput(input)),
    ...(inner.severities === undefined
      ? {}
      : { severities: (input: ScoreInput) => inner.severities!(checkedInput(input)) }),
  };
}

/**
 * A score input as the scorers read it: `x` a Float64Array (a plain array of numbers is copied
 * into one) of n rows of d values, refused with the field named when it is not.
 */
function checkedInput(input: ScoreInput): ScoreInput {
  const { n, d } = input;
  const raw: unknown = input.x;
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(d) && d >= 1))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `n, d: expected the row count (an integer >= 0) and the inputs per row (an integer >= 1), got ${n}, ${d}`,
    );
  const x =
    raw instanceof Float64Array
      ? raw
      : Array.isArray(raw) || raw instanceof Float32Array
        ? Float64Array.from(raw as ArrayLike<number>)
        : null;
  if (x === null)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `x: expected the rows as a Float64Array (row-major, n x d), got ${raw === null ? 'null' : typeof raw}`,
    );
  if (x.length !== n * d)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `x: expected n x d = ${n} x ${d} = ${n * d} values (row-major), got ${x.length}`,
    );
  return x === raw ? input : { ...input, x };
}

function scorerOf(model: ModelJson, scalerJson: RobustScalerJson | null): Scorer {
  const scaler = scalerJson === null ? null : RobustScaler.fromJSON(scalerJson);
  const norm = (x: Float64Array, n: number, d: number): Float64Array => {
    if (scaler === null)
      throw new PdmError(
        'PDM_BUNDLE_CORRUPT',
        "this model needs the bundle's normalisation, which is missing",
      );
    return normalizeRows(scaler, x, n, d);
  };
  switch (model.kind) {
    case 'gbdt': {
      const m = GbdtModel.fromJSON(model.model);
      return {
        // a classifier gives every class's probability (two for a binary one), a regressor one value
        outputs: m.nClasses >= 2 ? m.nClasses : 1,
        score: ({ x, n, d }) =>
          m.nClasses >= 2 ? m.predictProba(matrix(x, n, d)) : m.predict(matrix(x, n, d)),
      };
    }
    case 'gbdt_quantiles': {
      const ms = model.models.map((j) => GbdtModel.fromJSON(j));
      const q = model.quantiles.length;
      return {
        outputs: q,
        score: ({ x, n, d }) => {
          const preds = ms.map((m) => m.predict(matrix(x, n, d)));
          return assembleQuantiles(preds, n, q, model.widen);
        },
      };
    }
    case 'forest': {
      const m = ForestModel.fromJSON(model.model);
      return {
        outputs: m.nClasses >= 2 ? m.nClasses : 1,
        score: ({ x, n, d }) =>
          m.nClasses >= 2 ? m.predictProba(matrix(x, n, d)) : m.predict(matrix(x, n, d)),
      };
    }
    case 'forest_quantiles': {
      const m = ForestModel.fromJSON(model.model);
      const q = model.quantiles.length;
      return {
        outputs: q,
        score: ({ x, n, d }) => {
          const raw = m.predictQuantiles(matrix(x, n, d), model.quantiles);
          const preds = model.quantiles.map((_, j) =>
            Float64Array.from({ length: n }, (_, i) => raw[i * q + j]!),
          );
          return assembleQuantiles(preds, n, q, model.widen);
        },
      };
    }
    case 'mahalanobis':
      checkMahalanobis(model.model);
      return {
        outputs: 1,
        score: ({ x, n, d }) => {
          const z = norm(x, n, d);
          const scratch = new Float64Array(d);
          return Float64Array.from({ length: n }, (_, i) =>
            mahalanobisScore(model.model, z.subarray(i * d, (i + 1) * d), scratch),
          );
        },
      };
    case 'isolation_forest':
      checkIsolationForest(model.model);
      return {
        outputs: 1,
        score: ({ x, n, d }) => {
          // a current forest splits the raw features (isolation-forest.ts); an older one the
          // normalised ones
          const z = model.model.inputs === 'raw-float32' ? x : norm(x, n, d);
          return Float64Array.from({ length: n }, (_, i) =>
            isolationScore(model.model, z.subarray(i * d, (i + 1) * d)),
          );
        },
      };
    case 'mlp': {
      const json = parseMlpJSON(model.model);
      const k =
        json.output.kind === 'softmax'
          ? (json.layers[json.layers.length - 1]?.units ?? 1)
          : json.output.kind === 'quantiles'
            ? json.output.quantiles.length
            : 1;
      return {
        outputs: k,
        score: ({ x, n, d }) => {
          const out = predictMlpMatrix(json, { data: norm(x, n, d), rows: n, cols: d });
          return model.widen === undefined
            ? out
            : assembleQuantiles(
                Array.from({ length: k }, (_, j) =>
                  Float64Array.from({ length: n }, (_, i) => out[i * k + j]!),
                ),
                n,
                k,
                model.widen,
              );
        },
      };
    }
    case 'fault_severity': {
      const clf = GbdtModel.fromJSON(model.classifier);
      const regs = model.regressors.map((r) => ({ mode: r.mode, m: GbdtModel.fromJSON(r.model) }));
      const k = model.classes.length;
      const normal = model.classes.indexOf('normal');
      const slot = regs.map((r) => model.classes.indexOf(r.mode));
      const vo = model.vibrationOnly;
      if (
        vo !== undefined &&
        (!(vo.normalOdds > 0 && Number.isFinite(vo.normalOdds)) ||
          !vo.columns.every((j) => Number.isInteger(j) && j >= 0))
      )
        throw new PdmError(
          'PDM_BUNDLE_CORRUPT',
          `the diagnosis model's vibrationOnly: expected normalOdds > 0 and column positions, got ${JSON.stringify(vo)}`,
        );
      return {
        outputs: k,
        severities: ({ x, n, d }) => {
          const X = matrix(x, n, d);
          return new Map(regs.map((r) => [r.mode, r.m.predict(X)]));
        },
        score: ({ x, n, d }) => {
          const X = matrix(x, n, d);
          const pc = clf.predictProba(X);
          const sev = regs.map((r) => r.m.predict(X));
          const out = new Float64Array(n * k);
          const w = new Float64Array(regs.length);
          for (let i = 0; i < n; i++) {
            let pn = normal >= 0 ? pc[i * k + normal]! : 0;
            if (vo !== undefined && isVibrationOnly(x, i * d, vo.columns))
              pn = withNormalOdds(pn, vo.normalOdds);
            let max = -Infinity;
            for (let j = 0; j < regs.length; j++) max = Math.max(max, model.beta * sev[j]![i]!);
            let sum = 0;
            for (let j = 0; j < regs.length; j++)
              sum += w[j] = Math.exp(model.beta * sev[j]![i]! - max);
            if (normal >= 0) out[i * k + normal] = pn;
            for (let j = 0; j < regs.length; j++) out[i * k + slot[j]!] = ((1 - pn) * w[j]!) / sum;
          }
          return out;
        },
      };
    }
    case 'lstm': {
      const json = parseSequenceJSON(model.model);
      const q = json.output.kind === 'quantiles' ? json.output.quantiles.length : 1;
      return {
        outputs: q,
        score: (inp) => {
          const set = sequencesOf(norm(inp.x, inp.n, inp.d), inp, json.steps);
          const raw = predictSequenceSet(json, set);
          const byRow = new Float64Array(inp.n * q);
          for (let i = 0; i < set.count; i++)
            for (let j = 0; j < q; j++) byRow[set.end[i]! * q + j] = raw[i * q + j]!;
          const preds = Array.from({ length: q }, (_, j) =>
            Float64Array.from({ length: inp.n }, (_, i) => byRow[i * q + j]!),
          );
          return assembleQuantiles(preds, inp.n, q, model.widen);
        },
      };
    }
    case 'degradation': {
      const q = model.quantiles.length;
      return {
        outputs: q,
        score: (inp) => {
          const z = norm(inp.x, inp.n, inp.d);
          const hi = healthIndicator(model.indicator, z, inp.n, inp.d);
          // each quantile's sampled value per row, widened below
          const raw = model.quantiles.map(() => new Float64Array(inp.n));
          // Rows of each machine in time order, each predicted from its history so far.
          const byMachine = new Map<string, number[]>();
          inp.machineIds.forEach((id, i) => {
            let rows = byMachine.get(id);
            if (rows === undefined) byMachine.set(id, (rows = []));
            rows.push(i);
          });
          for (const rows of byMachine.values()) {
            rows.sort((a, b) => inp.time[a]! - inp.time[b]!);
            const t: number[] = [];
            const v: number[] = [];
            rows.forEach((r) => {
              t.push(inp.time[r]!);
              v.push(hi[r]!);
              // only the recent part of a life: the last 21 days
              let from = 0;
              while (t[from]! < inp.time[r]! - 504) from++;
              const post = posterior(model.prior, { t: t.slice(from), indicator: v.slice(from) });
              // the row's own random stream: its estimate does not depend on the rows beside it
              const seed = deriveSeed(1, inp.machineIds[r]!, String(inp.time[r]!));
              const qs = rulQuantiles(model.prior, post, inp.time[r]!, model.quantiles, 200, seed);
              qs.forEach((val, j) => (raw[j]![r] = val));
            });
          }
          if (model.widenKind === 'additive') return assembleQuantiles(raw, inp.n, q, model.widen);
          // Bundles from before widenKind: the half-widths multiplied by 1 + widen
          const out = new Float64Array(inp.n * q);
          const m = Math.floor(q / 2);
          for (let r = 0; r < inp.n; r++) {
            const mid = raw[m]![r]!;
            for (let j = 0; j < q; j++) {
              const val = raw[j]![r]!;
              // a remaining life is never negative, however wide the interval
              out[r * q + j] = Math.max(0, j === m ? val : mid + (val - mid) * (1 + model.widen));
            }
          }
          return out;
        },
      };
    }
    default:
      throw new PdmError(
        'PDM_BUNDLE_CORRUPT',
        `unknown model kind ${JSON.stringify((model as { kind?: unknown }).kind)}`,
      );
  }
}

/**
 * One sequence per row: that row and its machine's earlier rows (rows must be in time order
 * within each machine, as datasets store them).
 */
export function sequencesOf(z: Float64Array, inp: ScoreInput, steps: number) {
  const ids = new Map<string, number>();
  const machine = Float64Array.from(inp.machineIds, (id) => {
    let k = ids.get(id);
    if (k === undefined) ids.set(id, (k = ids.size));
    return k;
  });
  return buildSequences({ data: z, rows: inp.n, cols: inp.d }, machine, steps);
}

/** The degradation model's indicator: Mahalanobis distance from healthy rows (log-scaled). */
export function healthIndicator(
  m: MahalanobisModel,
  z: Float64Array,
  n: number,
  d: number,
): Float64Array {
  const scratch = new Float64Array(d);
  return Float64Array.from(
    { length: n },
    (_, i) => 1 + mahalanobisScore(m, z.subarray(i * d, (i + 1) * d), scratch),
  );
}

/** Sorted quantile rows, the outer ones widened by `widen` (conformal calibration). */
function assembleQuantiles(
  preds: readonly Float64Array[],
  n: number,
  q: number,
  widen: number,
): Float64Array {
  const out = new Float64Array(n * q);
  const row = new Float64Array(q);
  const mid = Math.floor(q / 2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < q; j++) row[j] = preds[j]![i]!;
    row.sort();
    for (let j = 0; j < q; j++) {
      const v = j < mid ? row[j]! - widen : j > mid ? row[j]! + widen : row[j]!;
      out[i * q + j] = Math.max(0, v);
    }
  }
  return out;
}

/**
 * The scorer of a bundle task (its normaliser is stored in the task's config, and must be the
 * one of the task's inputs, in their order).
 */
export function scorerForTask(task: {
  model: unknown;
  inputs?: readonly string[];
  config: Record<string, unknown>;
}): Scorer {
  const norm = task.config.normalization as RobustScalerJson | undefined;
  if (norm != null && task.inputs !== undefined) {
    const names = (norm as { names?: unknown }).names;
    const width = RobustScaler.fromJSON(norm).width;
    if (
      width !== task.inputs.length ||
      (Array.isArray(names) && names.some((f, j) => f !== task.inputs![j]))
    )
      throw new PdmError(
        'PDM_BUNDLE_CORRUPT',
        `config.normalization: ${width} features${Array.isArray(names) ? ` (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})` : ''}, but the model reads ${task.inputs.length} inputs (${task.inputs.slice(0, 3).join(', ')}${task.inputs.length > 3 ? ', ...' : ''}); a normaliser is fitted to its model's inputs, in their order`,
      );
  }
  return createScorer(task.model as ModelJson, norm ?? null);
}
