/**
 * A trained random forest (forest.ts) or single tree (decision-tree.ts): classification
 * probabilities are the mean of the trees' leaf class frequencies (Breiman 2001), regression
 * predictions the mean of their leaf means. Regression forests also give each tree's
 * prediction (for spread-based intervals) and quantiles from the targets kept in the leaves
 * (quantile regression forests, Meinshausen 2006, with a few targets per leaf). Round-trips
 * through plain JSON (`toJSON` / `ForestModel.fromJSON`).
 */
import { z } from 'zod';
import { PdmError } from '../../core/errors.js';
import { PackedEnsemble } from './ensemble.js';
import type { ForestConfig, ForestTask } from './forest-config.js';
import { FOREST_TASKS, forestConfigSchema } from './forest-config.js';
import type { Matrix } from './matrix.js';
import { checkMatrix } from './matrix.js';
import type { Tree } from './tree.js';
import { treeFromParsed, treeJsonSchema, treeToJson } from './tree.js';

export const FOREST_FORMAT = 'pdm-twin/forest';

export const forestModelJsonSchema = z.strictObject({
  format: z.literal(FOREST_FORMAT),
  version: z.literal(1),
  task: z.enum(FOREST_TASKS),
  /** Classes for classification, 0 for regression. */
  nClasses: z.number().int().min(0),
  nFeatures: z.number().int().min(1),
  /** Impurity decrease per feature, normalised to sum 1. */
  featureImportance: z.array(z.number()),
  config: forestConfigSchema,
  trees: z.array(treeJsonSchema).min(1),
  /** Per tree, config.leafSamples targets of each leaf in node order (regression only). */
  leafSamples: z.array(z.array(z.number())).nullable(),
});

export type ForestModelJson = z.infer<typeof forestModelJsonSchema>;

export interface ForestModelParts {
  readonly config: Readonly<ForestConfig>;
  readonly nClasses: number;
  readonly nFeatures: number;
  readonly trees: readonly Tree[];
  /** Per tree, nodeCount x config.leafSamples targets (NaN at internal nodes), or empty. */
  readonly leafSamples: readonly Float32Array[];
  readonly featureImportance: Float64Array;
}

export class ForestModel {
  readonly config: Readonly<ForestConfig>;
  readonly task: ForestTask;
  readonly nClasses: number;
  readonly nFeatures: number;
  readonly trees: readonly Tree[];
  readonly leafSamples: readonly Float32Array[];
  readonly featureImportance: Float64Array;
  /** Values per leaf: nClasses for classification, 1 for regression. */
  readonly nOutputs: number;
  private readonly packed: PackedEnsemble;

  constructor(parts: ForestModelParts) {
    this.config = parts.config;
    this.task = parts.config.task;
    this.nClasses = parts.nClasses;
    this.nFeatures = parts.nFeatures;
    this.nOutputs = this.task === 'classification' ? parts.nClasses : 1;
    if (parts.trees.length === 0)
      throw new PdmError('PDM_INPUT_INVALID', 'trees: expected at least one');
    parts.trees.forEach((t, i) => {
      if (t.nOutputs !== this.nOutputs) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `trees[${i}].nOutputs: expected ${this.nOutputs}, got ${t.nOutputs}`,
        );
      }
      for (let j = 0; j < t.nodeCount; j++) {
        if (t.feature[j]! >= this.nFeatures) {
          throw new PdmError(
            'PDM_INPUT_INVALID',
            `trees[${i}]: node ${j} splits on feature ${t.feature[j]}, expected < ${this.nFeatures}`,
          );
        }
      }
      const s = parts.leafSamples[i];
      if (s !== undefined && s.length !== 0 && s.length !== t.nodeCount * this.config.leafSamples) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `leafSamples[${i}]: expected ${t.nodeCount * this.config.leafSamples} values, got ${s.length}`,
        );
      }
    });
    this.trees = parts.trees;
    this.leafSamples = parts.leafSamples;
    this.featureImportance = parts.featureImportance;
    this.packed = new PackedEnsemble(parts.trees, this.nOutputs);
  }

  /** Mean of the trees' leaf values for one row into out (nOutputs values). */
  predictRowInto(x: ArrayLike<number>, out: Float64Array, offset = 0, outOffset = 0): void {
    const p = this.packed;
    const K = this.nOutputs;
    const values = p.values;
    for (let k = 0; k < K; k++) out[outOffset + k] = 0;
    for (let t = 0; t < p.treeCount; t++) {
      const leaf = p.leaf(t, x, offset) * K;
      for (let k = 0; k < K; k++) out[outOffset + k] = out[outOffset + k]! + values[leaf + k]!;
    }
    for (let k = 0; k < K; k++) out[outOffset + k] = out[outOffset + k]! / p.treeCount;
  }

  /** Class probabilities (rows x nClasses); classification only. */
  predictProba(x: Matrix): Float64Array {
    if (this.task !== 'classification') {
      throw new PdmError('PDM_INPUT_INVALID', 'predictProba: the model is a regression forest');
    }
    return this.meanOutputs(x);
  }

  /** Class index (classification) or mean prediction (regression) per row. */
  predict(x: Matrix): Float64Array {
    const mean = this.meanOutputs(x);
    if (this.task === 'regression') return mean;
    const K = this.nOutputs;
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (mean[i * K + k]! > mean[i * K + best]!) best = k;
      out[i] = best;
    }
    return out;
  }

  /** `predict` for one row. */
  predictRow(x: ArrayLike<number>, scratch = new Float64Array(this.nOutputs)): number {
    this.predictRowInto(x, scratch);
    if (this.task === 'regression') return scratch[0]!;
    let best = 0;
    for (let k = 1; k < this.nOutputs; k++) if (scratch[k]! > scratch[best]!) best = k;
    return best;
  }

  /** Each tree's prediction, rows x trees (regression: for spread-based intervals). */
  predictTrees(x: Matrix): Float64Array {
    this.requireRegression('predictTrees');
    checkMatrix(x, 'X', this.nFeatures);
    const p = this.packed;
    const T = p.treeCount;
    const out = new Float64Array(x.rows * T);
    for (let i = 0; i < x.rows; i++) {
      for (let t = 0; t < T; t++) out[i * T + t] = p.values[p.leaf(t, x.data, i * x.cols)]!;
    }
    return out;
  }

  /**
   * Quantiles of the target given each row (rows x quantiles.length), from the targets kept
   * in the leaves the row reaches, each tree weighing equally. Needs leafSamples > 0.
   */
  predictQuantiles(x: Matrix, quantiles: readonly number[]): Float64Array {
    this.requireRegression('predictQuantiles');
    checkMatrix(x, 'X', this.nFeatures);
    const q = this.config.leafSamples;
    if (q === 0 || this.leafSamples.length !== this.trees.length) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        'predictQuantiles: train with leafSamples >= 1 to keep targets in the leaves',
      );
    }
    for (const a of quantiles) {
      if (!(a >= 0 && a <= 1)) {
        throw new PdmError('PDM_INPUT_INVALID', `quantiles: expected values in [0, 1], got ${a}`);
      }
    }
    const p = this.packed;
    const T = p.treeCount;
    const pool = new Float64Array(T * q);
    const out = new Float64Array(x.rows * quantiles.length);
    for (let i = 0; i < x.rows; i++) {
      for (let t = 0; t < T; t++) {
        const node = p.leaf(t, x.data, i * x.cols) - p.rootOf(t);
        pool.set(this.leafSamples[t]!.subarray(node * q, node * q + q), t * q);
      }
      pool.sort();
      for (let j = 0; j < quantiles.length; j++) {
        const pos = quantiles[j]! * (pool.length - 1);
        const lo = Math.floor(pos);
        const hi = Math.min(lo + 1, pool.length - 1);
        out[i * quantiles.length + j] = pool[lo]! + (pos - lo) * (pool[hi]! - pool[lo]!);
      }
    }
    return out;
  }

  toJSON(): ForestModelJson {
    const q = this.config.leafSamples;
    const withSamples = this.task === 'regression' && q > 0 && this.leafSamples.length > 0;
    return {
      format: FOREST_FORMAT,
      version: 1,
      task: this.task,
      nClasses: this.nClasses,
      nFeatures: this.nFeatures,
      featureImportance: Array.from(this.featureImportance),
      config: { ...this.config },
      trees: this.trees.map(treeToJson),
      leafSamples: withSamples
        ? this.trees.map((t, i) => {
            const s = this.leafSamples[i]!;
            const out: number[] = [];
            for (let n = 0; n < t.nodeCount; n++) {
              if (t.feature[n]! < 0) for (let k = 0; k < q; k++) out.push(s[n * q + k]!);
            }
            return out;
          })
        : null,
    };
  }

  static fromJSON(input: unknown): ForestModel {
    const r = forestModelJsonSchema.safeParse(input);
    if (!r.success) {
      const first = r.error.issues[0];
      const path = first === undefined ? '' : first.path.map(String).join('.');
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `forest model JSON ${path}: ${first?.message ?? 'invalid'}`,
        { cause: r.error },
      );
    }
    const j = r.data;
    const trees = j.trees.map((t, i) => treeFromParsed(t, `trees[${i}]`));
    const q = j.config.leafSamples;
    const leafSamples = trees.map((t, i) => {
      const src = j.leafSamples?.[i];
      if (src === undefined) return new Float32Array(0);
      const out = new Float32Array(t.nodeCount * q).fill(NaN);
      let k = 0;
      for (let n = 0; n < t.nodeCount; n++) {
        if (t.feature[n]! >= 0) continue;
        for (let s = 0; s < q; s++) out[n * q + s] = src[k++] ?? NaN;
      }
      if (k !== src.length) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `forest model JSON leafSamples.${i}: expected leaves x ${q} = ${k} values, got ${src.length}`,
        );
      }
      return out;
    });
    return new ForestModel({
      config: Object.freeze(j.config),
      nClasses: j.nClasses,
      nFeatures: j.nFeatures,
      trees,
      leafSamples,
      featureImportance: Float64Array.from(j.featureImportance),
    });
  }

  private meanOutputs(x: Matrix): Float64Array {
    checkMatrix(x, 'X', this.nFeatures);
    const K = this.nOutputs;
    const out = new Float64Array(x.rows * K);
    for (let i = 0; i < x.rows; i++) this.predictRowInto(x.data, out, i * x.cols, i * K);
    return out;
  }

  private requireRegression(name: string): void {
    if (this.task !== 'regression') {
      throw new PdmError('PDM_INPUT_INVALID', `${name}: the model is a classification forest`);
    }
  }
}
