/**
 * A trained gradient-boosted tree ensemble (gbdt.ts trains it): raw scores are the base score
 * plus the leaf values of the trees of each output; probabilities are their sigmoid (binary)
 * or softmax (multiclass). Trees are stored round by round, output by output: tree
 * `round * treesPerRound + k` adds to output k, as ONNX TreeEnsemble target/class ids expect.
 * Round-trips through plain JSON (`toJSON` / `GbdtModel.fromJSON`).
 */
import { z } from 'zod';
import { PdmError } from '../../core/errors.js';
import { PackedEnsemble } from './ensemble.js';
import type { GbdtConfig, GbdtLoss } from './gbdt-config.js';
import { GBDT_LOSSES, gbdtConfigSchema } from './gbdt-config.js';
import { sigmoid, softmaxRows } from './losses.js';
import type { Matrix } from './matrix.js';
import { checkMatrix } from './matrix.js';
import type { Tree } from './tree.js';
import { treeFromParsed, treeJsonSchema, treeToJson } from './tree.js';

export const GBDT_FORMAT = 'pdm-twin/gbdt';

export const gbdtModelJsonSchema = z.strictObject({
  format: z.literal(GBDT_FORMAT),
  version: z.literal(1),
  loss: z.enum(GBDT_LOSSES),
  /** Classes for binary (2) and multiclass; 0 for regression. */
  nClasses: z.number().int().min(0),
  nFeatures: z.number().int().min(1),
  treesPerRound: z.number().int().min(1),
  baseScore: z.array(z.number()),
  /** Round (0-based) kept by early stopping, or null when every round was kept. */
  bestRound: z.number().int().min(0).nullable(),
  /** Total split gain per feature, normalised to sum 1 (all 0 for trees without splits). */
  featureImportance: z.array(z.number()),
  config: gbdtConfigSchema,
  trees: z.array(treeJsonSchema),
});

export type GbdtModelJson = z.infer<typeof gbdtModelJsonSchema>;

export interface GbdtModelParts {
  readonly config: Readonly<GbdtConfig>;
  readonly nClasses: number;
  readonly nFeatures: number;
  readonly baseScore: Float64Array;
  readonly trees: readonly Tree[];
  readonly bestRound: number | null;
  readonly featureImportance: Float64Array;
}

export class GbdtModel {
  readonly config: Readonly<GbdtConfig>;
  readonly loss: GbdtLoss;
  readonly nClasses: number;
  readonly nFeatures: number;
  /** Raw scores per row: nClasses for multiclass, else 1. */
  readonly treesPerRound: number;
  readonly baseScore: Float64Array;
  readonly trees: readonly Tree[];
  readonly bestRound: number | null;
  readonly featureImportance: Float64Array;
  private readonly packed: PackedEnsemble;

  constructor(parts: GbdtModelParts) {
    this.config = parts.config;
    this.loss = parts.config.loss;
    this.nClasses = parts.nClasses;
    this.nFeatures = parts.nFeatures;
    this.treesPerRound = this.loss === 'multiclass' ? parts.nClasses : 1;
    if (parts.baseScore.length !== this.treesPerRound) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `baseScore: expected ${this.treesPerRound} values, got ${parts.baseScore.length}`,
      );
    }
    if (parts.trees.length % this.treesPerRound !== 0) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `trees: expected a multiple of ${this.treesPerRound} trees, got ${parts.trees.length}`,
      );
    }
    for (const t of parts.trees) {
      if (t.nOutputs !== 1) {
        throw new PdmError('PDM_INPUT_INVALID', `trees: expected nOutputs 1, got ${t.nOutputs}`);
      }
      for (let i = 0; i < t.nodeCount; i++) {
        if (t.feature[i]! >= this.nFeatures) {
          throw new PdmError(
            'PDM_INPUT_INVALID',
            `trees: node ${i} splits on feature ${t.feature[i]}, expected < ${this.nFeatures}`,
          );
        }
      }
    }
    this.baseScore = parts.baseScore;
    this.trees = parts.trees;
    this.bestRound = parts.bestRound;
    this.featureImportance = parts.featureImportance;
    this.packed = new PackedEnsemble(parts.trees, 1);
  }

  /** Boosting rounds in the model. */
  get rounds(): number {
    return this.trees.length / this.treesPerRound;
  }

  /** Raw scores (log-odds, logits or values) of one row, x[offset + f] = feature f. */
  predictRawRow(
    x: ArrayLike<number>,
    out = new Float64Array(this.treesPerRound),
    offset = 0,
  ): Float64Array {
    const K = this.treesPerRound;
    const p = this.packed;
    const values = p.values;
    for (let k = 0; k < K; k++) out[k] = this.baseScore[k]!;
    for (let t = 0, k = 0; t < p.treeCount; t++) {
      out[k] = out[k]! + values[p.leaf(t, x, offset)]!;
      if (++k === K) k = 0;
    }
    return out;
  }

  /** Raw scores of every row: rows x treesPerRound. */
  predictRaw(x: Matrix): Float64Array {
    checkMatrix(x, 'X', this.nFeatures);
    const K = this.treesPerRound;
    const out = new Float64Array(x.rows * K);
    const row = new Float64Array(K);
    for (let i = 0; i < x.rows; i++) {
      this.predictRawRow(x.data, row, i * x.cols);
      out.set(row, i * K);
    }
    return out;
  }

  /** Class probabilities, rows x nClasses (binary: [P(0), P(1)]). */
  predictProba(x: Matrix): Float64Array {
    const raw = this.predictRaw(x);
    return this.probaFromRaw(raw, x.rows);
  }

  /** Class index (classification) or predicted value (regression: the mean or the quantile). */
  predict(x: Matrix): Float64Array {
    const raw = this.predictRaw(x);
    const K = this.treesPerRound;
    if (this.loss === 'squared' || this.loss === 'pinball') return raw;
    const out = new Float64Array(x.rows);
    if (this.loss === 'binary') {
      for (let i = 0; i < x.rows; i++) out[i] = raw[i]! > 0 ? 1 : 0;
      return out;
    }
    for (let i = 0; i < x.rows; i++) out[i] = argmax(raw, i * K, K);
    return out;
  }

  /** `predict` for one row. */
  predictRow(x: ArrayLike<number>, scratch = new Float64Array(this.treesPerRound)): number {
    const raw = this.predictRawRow(x, scratch);
    if (this.loss === 'squared' || this.loss === 'pinball') return raw[0]!;
    if (this.loss === 'binary') return raw[0]! > 0 ? 1 : 0;
    return argmax(raw, 0, this.treesPerRound);
  }

  /** Probabilities from raw scores of `rows` rows. */
  probaFromRaw(raw: Float64Array, rows: number): Float64Array {
    if (this.loss === 'binary') {
      const out = new Float64Array(rows * 2);
      for (let i = 0; i < rows; i++) {
        const p = sigmoid(raw[i]!);
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return out;
    }
    if (this.loss === 'multiclass') {
      const out = new Float64Array(raw.length);
      softmaxRows(raw, this.treesPerRound, out);
      return out;
    }
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `predictProba: the model's loss is ${this.loss}; probabilities need binary or multiclass`,
    );
  }

  toJSON(): GbdtModelJson {
    return {
      format: GBDT_FORMAT,
      version: 1,
      loss: this.loss,
      nClasses: this.nClasses,
      nFeatures: this.nFeatures,
      treesPerRound: this.treesPerRound,
      baseScore: Array.from(this.baseScore),
      bestRound: this.bestRound,
      featureImportance: Array.from(this.featureImportance),
      config: { ...this.config },
      trees: this.trees.map(treeToJson),
    };
  }

  /** Rebuilds a model from `toJSON` output (or its parsed JSON text), checking it. */
  static fromJSON(input: unknown): GbdtModel {
    const r = gbdtModelJsonSchema.safeParse(input);
    if (!r.success) {
      const first = r.error.issues[0];
      const path = first === undefined ? '' : first.path.map(String).join('.');
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `gbdt model JSON ${path}: ${first?.message ?? 'invalid'}`,
        { cause: r.error },
      );
    }
    const j = r.data;
    if (j.featureImportance.length !== j.nFeatures) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `gbdt model JSON featureImportance: expected ${j.nFeatures} values, got ${j.featureImportance.length}`,
      );
    }
    return new GbdtModel({
      config: Object.freeze(j.config),
      nClasses: j.nClasses,
      nFeatures: j.nFeatures,
      baseScore: Float64Array.from(j.baseScore),
      trees: j.trees.map((t, i) => treeFromParsed(t, `trees[${i}]`)),
      bestRound: j.bestRound,
      featureImportance: Float64Array.from(j.featureImportance),
    });
  }
}

function argmax(a: Float64Array, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (a[offset + j]! > a[offset + best]!) best = j;
  return best;
}
