/** The neural models of pdm-twin (MLP, LSTM/GRU sequence model, ONNX export): every public export. */
export { initNnBackend } from './backend.js';
export type { NnBackendInfo, NnBackendName, NnBackendOptions } from './backend.js';
export {
  NN_TASKS,
  SEQUENCE_CELLS,
  mlpConfigSchema,
  parseMlpConfig,
  parseSequenceConfig,
  sequenceConfigSchema,
} from './config.js';
export type {
  HiddenActivation,
  MlpConfig,
  MlpConfigInput,
  NnTask,
  SequenceCell,
  SequenceConfig,
  SequenceConfigInput,
} from './config.js';
export type {
  DenseLayerJSON,
  LayerActivation,
  OutputJSON,
  OutputKind,
  TrainingSummary,
} from './dense-json.js';
export type { FeatureMatrix } from './feature-matrix.js';
export { encodeRowInto, encodedWidth } from './input-encoding.js';
export type { InputSpec } from './input-encoding.js';
export { MlpModel, mlpFromJSON, trainMlp } from './mlp.js';
export type { MlpTrainOptions } from './mlp.js';
export { compileMlp, predictMlp, predictMlpMatrix } from './mlp-infer.js';
export type { CompiledMlp } from './mlp-infer.js';
export { MLP_FORMAT, mlpJsonSchema, parseMlpJSON } from './mlp-json.js';
export type { MlpJSON } from './mlp-json.js';
export { ONNX_MLP_INPUT, exportMlpToOnnx } from './onnx-mlp.js';
export { ONNX_SEQUENCE_INPUT, ONNX_SEQUENCE_MASK, exportSequenceToOnnx } from './onnx-sequence.js';
export { SequenceModel, sequenceFromJSON, trainSequenceModel } from './sequence.js';
export type { SequenceTrainOptions } from './sequence.js';
export { buildSequences, sequenceTensors } from './sequence-data.js';
export type { BuildSequencesOptions, SequenceSet, SequenceTensors } from './sequence-data.js';
export { compileSequenceModel, predictSequence, predictSequenceSet } from './sequence-infer.js';
export type { CompiledSequenceModel } from './sequence-infer.js';
export { SEQUENCE_FORMAT, parseSequenceJSON, sequenceJsonSchema } from './sequence-json.js';
export type { SequenceJSON } from './sequence-json.js';
export { blobs, heteroscedasticLine, risingTrends, twoMoons } from './synthetic.js';
export type { LabelledData, TrendData } from './synthetic.js';
export type { EpochProgress, TrainHooks } from './train-loop.js';
