/** Topics and payloads shared by the twin, edge nodes, the cloud and the dashboard. */
export { BadMessages, badMessageText } from './bad-messages.js';
export type { CaptureChannel, CaptureMessage, ChannelKind } from './capture-codec.js';
export {
  CAPTURE_MAGIC,
  CHANNEL_KINDS,
  captureInputOf,
  captureMessage,
  decodeCapture,
  encodeCapture,
} from './capture-codec.js';
export type { Decoded, MachineMessage } from './decode.js';
export { decodeMachineMessage } from './decode.js';
export type { Envelope } from './envelope.js';
export { EnvelopeSchema, MAX_SEQ, MESSAGE_VERSION } from './envelope.js';
export type { SequenceCounts, SequenceVerdict } from './sequence.js';
export { SequenceTracker } from './sequence.js';
export type { TelemetryMessage } from './telemetry.js';
export {
  TelemetryMessageSchema,
  decodeTelemetry,
  encodeTelemetry,
  telemetryInputOf,
  telemetryMessage,
} from './telemetry.js';
export type { EdgeTopicKind, MachineTopicKind, TopicAddress } from './topics.js';
export {
  EDGE_KINDS,
  MACHINE_KINDS,
  TOPIC_ROOT,
  edgeTopic,
  kindFilter,
  machineTopic,
  parseTopic,
} from './topics.js';
