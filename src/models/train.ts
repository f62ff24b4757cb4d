/**
 * Training: from a dataset to the body of a model bundle holding one model per task.
 * - fault: which mode is present (multiclass; rows capped per class; thermal and electrical
 *   inputs hidden in part of the rows so the model also works from vibration alone);
 * - horizon: will the machine fail within H (binary), with the alarm threshold chosen on
 *   validation machines by event metrics under a false-alarm budget;
 * - rul: remaining life as quantiles, the interval calibrated on validation machines
 *   (conformalised quantile regression, Romano, Patterson & Candes, NeurIPS 2019);
 * - anomaly: a score from healthy rows only, thresholded on validation.
 * Pure apart from the clock passed in; progress through a callback.
 */
export type { TrainContext, TrainProgress, TrainTaskResult } from './train-common.js';
export { taskFeatures } from './train-common.js';
export { anomalyWithoutHealthyRows, isHealthyRow, missingTrainingLabels } from './train-labels.js';
export { trainFault } from './train-fault.js';
export { trainHorizon } from './train-horizon.js';
export { trainRul } from './train-rul.js';
export { trainAnomaly } from './train-anomaly.js';
