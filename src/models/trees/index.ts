/**
 * Tree learners: histogram-based gradient boosting, random forests and CART trees on binned
 * float tables with missing values, with thresholds and leaf values in float32 so that ONNX
 * TreeEnsemble exports predict the same.
 */
export type { BinnedMatrix, BinningOptions } from './binning.js';
export { Binning, MAX_BINS, MISSING_BIN, binnedCode, fitBinning } from './binning.js';
export { trainDecisionTree } from './decision-tree.js';
export { PackedEnsemble } from './ensemble.js';
export type { ForestProgress, ForestTrainOptions } from './forest.js';
export { trainForest, trainForestSync } from './forest.js';
export type {
  DecisionTreeConfig,
  DecisionTreeConfigInput,
  ForestConfig,
  ForestConfigInput,
  ForestTask,
} from './forest-config.js';
export {
  FOREST_TASKS,
  decisionTreeConfigSchema,
  forestConfigSchema,
  parseDecisionTreeConfig,
  parseForestConfig,
} from './forest-config.js';
export type { ForestModelJson } from './forest-model.js';
export { FOREST_FORMAT, ForestModel, forestModelJsonSchema } from './forest-model.js';
export type { GbdtProgress, GbdtTrainOptions } from './gbdt.js';
export { trainGbdt, trainGbdtSync } from './gbdt.js';
export type { GbdtConfig, GbdtConfigInput, GbdtLoss } from './gbdt-config.js';
export {
  DEFAULT_GBDT_ROUNDS,
  GBDT_LOSSES,
  gbdtConfigSchema,
  parseGbdtConfig,
} from './gbdt-config.js';
export type { GbdtModelJson } from './gbdt-model.js';
export { GBDT_FORMAT, GbdtModel, gbdtModelJsonSchema } from './gbdt-model.js';
export type { Matrix } from './matrix.js';
export { matrix } from './matrix.js';
export type { SyntheticOptions, SyntheticTable } from './synthetic.js';
export { syntheticTable } from './synthetic.js';
export type { TreeJson, TreeStats } from './tree.js';
export { Tree, TreeBuilder, treeFromJson, treeJsonSchema, treeStats, treeToJson } from './tree.js';
