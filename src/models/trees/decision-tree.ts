/**
 * A single CART tree (Breiman, Friedman, Olshen & Stone 1984, "Classification and Regression
 * Trees"): a forest of one tree grown on every row (no bootstrap) with every feature tried at
 * each split, so it shares the forest's grower, predictors and JSON format.
 */
import type { DecisionTreeConfigInput } from './forest-config.js';
import { parseDecisionTreeConfig } from './forest-config.js';
import type { ForestTrainOptions } from './forest.js';
import { trainForestSync } from './forest.js';
import type { ForestModel } from './forest-model.js';
import type { Matrix } from './matrix.js';

export function trainDecisionTree(
  x: Matrix,
  y: ArrayLike<number>,
  config: DecisionTreeConfigInput = {},
  options: Omit<ForestTrainOptions, 'threads' | 'onTree'> = {},
): ForestModel {
  const cfg = parseDecisionTreeConfig(config);
  return trainForestSync(x, y, { ...cfg, trees: 1, bootstrap: false, maxFeatures: 'all' }, options);
}
