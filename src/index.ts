/**
 * pdm-twin as a library (`import { ... } from 'pdm-twin'`): the twin, the features, datasets,
 * models and messages without the command line. Every public name is listed here; the rest of
 * src is internal and may change between versions.
 */
export { PdmError, isPdmError, type ErrorCode } from './core/errors.js';

// Twin: scenarios, machines, fleets, single captures, bearing kinematics.
export { parseScenario, scenarioFrom, validateScenario } from './twin/scenario.js';
export type { Scenario, ScenarioInput } from './twin/scenario-schema.js';
export { buildFleet, buildFleetMember, type FleetMember } from './twin/fleet.js';
export {
  simulateMachine,
  type CaptureRow,
  type EventRow,
  type SimulationCallbacks,
  type TelemetryRow,
} from './twin/simulation.js';
export {
  singleCapture,
  type SingleCapture,
  type SingleCaptureOptions,
} from './twin/single-capture.js';
export {
  BEARING_6203,
  BEARING_6205,
  bearingFrequencies,
  bearingOrders,
  parseGeometry,
  type BearingGeometry,
} from './twin/bearing.js';
export { FAULT_MODES, MODES, VIBRATION_MODES } from './twin/modes.js';

// Features of one capture, and of a machine's stream of captures and telemetry.
export {
  FeatureExtractor,
  VIBRATION_FEATURES,
  VIBRATION_FEATURE_INDEX,
  MAX_BAND_HZ,
  envelopeFeatures,
  type EnvelopeAnalysisOptions,
  vibrationFeatures,
  type VibrationFeatureOptions,
  type VibrationFeatures,
  type VibrationFeatureSpec,
  type VibrationInput,
  timeDomainStats,
  isoZone,
  ISO_10816_LIMITS,
} from './features/index.js';
export {
  DEFAULT_MODEL_FEATURES,
  MACHINE_FEATURES,
  MachineFeaturePipeline,
  type CaptureInput,
  type MachineFeatureOptions,
  type TelemetryInput,
} from './features/machine-features.js';
export { captureInput, pipelineOptionsFor, telemetryInput } from './data/twin-features.js';

// Datasets: generation, import, reading and writing tables.
export { generateDataset, type GenerateOptions } from './data/generate.js';
export { importWaveforms, type WaveformImportOptions } from './data/import-waveforms.js';
export { importTable, type TableImportOptions } from './data/import-table.js';
export { readDataset, type Dataset, type DatasetManifest } from './data/dataset.js';
export { readParquetFile, writeParquetFile } from './data/parquet.js';
export { readCsvFile, writeCsvFile } from './data/csv.js';
export { getColumnData, tableFromColumns, type Column, type Table } from './data/table.js';

// Models: bundles, scoring, evaluation, ONNX export.
export { readBundleFile, readVerifiedBundle, writeBundleFile } from './models/bundle-file.js';
export {
  TASKS,
  checkFeatures,
  parseBundle,
  verifyBundle,
  type Bundle,
  type Signature,
  type Task,
  type TaskModel,
  type VerifyOptions,
} from './models/bundle.js';
export { checkBundleModels } from './models/bundle-check.js';
export { namedFaults } from './models/fault-decision.js';
export { loadPublicKeyFile } from './models/key-store.js';
export { trainBundle } from './models/train-bundle.js';
// The maintenance decision an edge node makes: a capture in, a probability and a debounced alarm out.
export {
  PredictiveController,
  predictiveInputs,
  type Decision,
} from './models/predictive-controller.js';
export { scorerForTask, type ModelJson, type ScoreInput, type Scorer } from './models/scorer.js';
export { evaluateBundle } from './models/evaluate.js';
export {
  predictBundle,
  realTimeAlarms,
  type MachineStatus,
  type Prediction,
} from './models/predict.js';
export { exportBundleToOnnx, ONNX_METADATA_KEY } from './models/onnx/export.js';

// Messages between twin, edge and cloud.
export {
  BadMessages,
  EDGE_KINDS,
  MACHINE_KINDS,
  MAX_SEQ,
  SequenceTracker,
  captureInputOf,
  captureMessage,
  decodeCapture,
  decodeMachineMessage,
  decodeTelemetry,
  edgeTopic,
  encodeCapture,
  encodeTelemetry,
  kindFilter,
  machineTopic,
  parseTopic,
  telemetryInputOf,
  telemetryMessage,
  type CaptureChannel,
  type CaptureMessage,
  type ChannelKind,
  type Decoded,
  type EdgeTopicKind,
  type Envelope,
  type MachineMessage,
  type MachineTopicKind,
  type SequenceCounts,
  type SequenceVerdict,
  type TelemetryMessage,
  type TopicAddress,
} from './messages/index.js';
