/**
 * Configuration of gradient-boosted trees (gbdt.ts): the schema is the type, defaults live in
 * it, unknown keys are rejected, so a config can come from a JSON or YAML file.
 */
import { z } from 'zod';
import { parseConfig } from './config.js';

export const GBDT_LOSSES = ['binary', 'multiclass', 'squared', 'pinball'] as const;
export type GbdtLoss = (typeof GBDT_LOSSES)[number];

/** Boosting rounds when a config sets none. */
export const DEFAULT_GBDT_ROUNDS = 200;

export const gbdtConfigSchema = z.strictObject({
  /** binary log-loss, multiclass softmax, squared error, or pinball (quantile `alpha`). */
  loss: z.enum(GBDT_LOSSES).default('binary'),
  /** Quantile of the pinball loss, in (0, 1). */
  alpha: z.number().gt(0).lt(1).default(0.5),
  /** Boosting rounds (one tree per round, one per class per round for multiclass). */
  rounds: z.number().int().min(1).max(100_000).default(DEFAULT_GBDT_ROUNDS),
  learningRate: z.number().gt(0).max(1).default(0.1),
  maxDepth: z.number().int().min(1).max(64).default(6),
  /** Leaves per tree (trees grow best-first); 2^maxDepth or more gives full-depth trees. */
  maxLeaves: z.number().int().min(2).max(65_536).default(31),
  /** Value bins per feature (NaN has its own bin). */
  maxBins: z.number().int().min(2).max(255).default(255),
  /** L2 regularisation of leaf values. */
  lambda: z.number().min(0).default(1),
  minChildSamples: z.number().int().min(1).default(20),
  minChildHessian: z.number().min(0).default(1e-3),
  minSplitGain: z.number().min(0).default(0),
  /** Fraction of rows drawn (without replacement) for each round. */
  subsample: z.number().gt(0).max(1).default(1),
  /** Fraction of features drawn for each tree. */
  colsample: z.number().gt(0).max(1).default(1),
  /** Stop after this many rounds without a better validation loss (0: never; needs a validation set). */
  earlyStopping: z.number().int().min(0).default(20),
  seed: z.number().int().default(1),
});

/** The resolved config (every field set). */
export type GbdtConfig = z.output<typeof gbdtConfigSchema>;
/** What callers pass: any subset of the fields. */
export type GbdtConfigInput = z.input<typeof gbdtConfigSchema>;

/** Validates a config (PDM_INPUT_INVALID naming the field) and fills in the defaults. */
export function parseGbdtConfig(input: unknown): Readonly<GbdtConfig> {
  return parseConfig(gbdtConfigSchema, input, 'gbdt');
}
