/**
 * Configuration of random forests (forest.ts) and single CART trees (decision-tree.ts): the
 * schema is the type, defaults live in it, unknown keys are rejected.
 */
import { z } from 'zod';
import { parseConfig } from './config.js';

export const FOREST_TASKS = ['classification', 'regression'] as const;
export type ForestTask = (typeof FOREST_TASKS)[number];

/** Features tried per split: a rule or a fraction of the features. */
const maxFeaturesSchema = z.union([
  z.enum(['auto', 'sqrt', 'log2', 'third', 'all']),
  z.number().gt(0).max(1),
]);

const treeFields = {
  task: z.enum(FOREST_TASKS).default('classification'),
  /** Depth limit (null: grow until leaves are pure or too small). */
  maxDepth: z.number().int().min(1).max(1000).nullable().default(null),
  /** A node with fewer (bootstrap-weighted) rows is a leaf. */
  minSamplesSplit: z.number().int().min(2).default(2),
  /** Each child of a split keeps at least this many (bootstrap-weighted) rows. */
  minSamplesLeaf: z.number().int().min(1).default(1),
  maxBins: z.number().int().min(2).max(255).default(255),
  /** Regression: training targets kept per leaf for quantiles (0: none). */
  leafSamples: z.number().int().min(0).max(64).default(1),
  seed: z.number().int().default(1),
};

export const forestConfigSchema = z.strictObject({
  ...treeFields,
  trees: z.number().int().min(1).max(100_000).default(100),
  /** auto: sqrt(d) for classification, d/3 for regression (Breiman 2001). */
  maxFeatures: maxFeaturesSchema.default('auto'),
  /** Draw each tree's rows with replacement (else every tree sees every row). */
  bootstrap: z.boolean().default(true),
});

export type ForestConfig = z.output<typeof forestConfigSchema>;
export type ForestConfigInput = z.input<typeof forestConfigSchema>;

export const decisionTreeConfigSchema = z.strictObject(treeFields);
export type DecisionTreeConfig = z.output<typeof decisionTreeConfigSchema>;
export type DecisionTreeConfigInput = z.input<typeof decisionTreeConfigSchema>;

export function parseForestConfig(input: unknown): Readonly<ForestConfig> {
  return parseConfig(forestConfigSchema, input, 'forest');
}

export function parseDecisionTreeConfig(input: unknown): Readonly<DecisionTreeConfig> {
  return parseConfig(decisionTreeConfigSchema, input, 'decisionTree');
}

/** Features tried per split for d features. */
export function featuresPerSplit(config: Readonly<ForestConfig>, d: number): number {
  const m = config.maxFeatures;
  let k: number;
  if (typeof m === 'number') k = Math.round(m * d);
  else if (m === 'all') k = d;
  else if (m === 'sqrt' || (m === 'auto' && config.task === 'classification')) k = Math.sqrt(d);
  else if (m === 'log2') k = Math.log2(d);
  else k = d / 3;
  return Math.min(d, Math.max(1, Math.floor(k)));
}
