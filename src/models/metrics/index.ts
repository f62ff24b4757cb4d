/** The evaluation metrics of pdm-twin's models: every public export of this folder. */
export {
  accuracy,
  balancedAccuracy,
  classificationMetrics,
  confusionMatrix,
  macroF1,
  perClassMetrics,
  weightedF1,
  type ClassLabel,
  type ClassMetrics,
  type ClassificationMetrics,
  type ConfusionMatrix,
} from './classification.js';
export {
  averagePrecision,
  mannWhitneyAuc,
  ovrAveragePrecision,
  ovrRocAuc,
  precisionRecallCurve,
  rankingMetrics,
  rocAuc,
  rocCurve,
  type BinaryTruth,
  type OneVsRest,
  type PrecisionRecallCurve,
  type RocCurve,
  type RocCurveOptions,
} from './ranking.js';
export {
  mae,
  phm08Score,
  r2,
  regressionMetrics,
  rmse,
  type Phm08Options,
  type RegressionMetrics,
} from './regression.js';
export {
  alphaLambdaAccuracy,
  type AlphaLambdaOptions,
  type AlphaLambdaPoint,
  type AlphaLambdaResult,
  type PrognosticUnit,
} from './alpha-lambda.js';
export {
  intervalCoverage,
  intervalCoverageByMachine,
  intervalMetrics,
  meanIntervalWidth,
  type IntervalMetrics,
  type MachineCoverage,
} from './interval.js';
export {
  detectAlarms,
  eventMetrics,
  HOURS_PER_MONTH,
  type Alarm,
  type DownPeriod,
  type EventMetrics,
  type EventOptions,
  type FailureOutcome,
  type MachineTimeline,
} from './events.js';
export { bootstrapInterval, pooledMacroF1, type BootstrapOptions } from './bootstrap.js';
