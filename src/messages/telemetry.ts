/**
 * Slow telemetry of a machine, `pdm/v1/{site}/machine/{id}/telemetry`: small JSON, one message
 * per telemetry period, with the readings the feature pipeline's thermal and operating inputs
 * take (TelemetryInput, the shaft speed included). A failed or absent sensor reads null.
 */
import { z } from 'zod';
import { PdmError } from '../core/errors.js';
import type { TelemetryInput } from '../features/machine-features.js';
import type { TelemetryRow } from '../twin/simulation.js';
import type { Envelope } from './envelope.js';
import {
  EnvelopeShape,
  MAX_ID_CHARS,
  NullableNumber,
  finiteOrNull,
  jsonPayload,
  numberOrNaN,
  parseJsonPayload,
} from './envelope.js';

export const TelemetryMessageSchema = z.strictObject({
  ...EnvelopeShape,
  machineId: z.string().min(1).max(MAX_ID_CHARS),
  /** running, stopped (no demand) or down (failed or under maintenance). */
  status: z.enum(['running', 'stopped', 'down']),
  speedRpm: NullableNumber,
  /** Load torque as a fraction of rated. */
  loadFraction: NullableNumber,
  currentA: NullableNumber,
  tempWindingC: NullableNumber,
  tempFrameC: NullableNumber,
  tempBearingDeC: NullableNumber,
  tempAmbientC: NullableNumber,
});
export type TelemetryMessage = z.infer<typeof TelemetryMessageSchema>;

/** A twin telemetry row as a message. */
export function telemetryMessage(
  row: TelemetryRow,
  envelope: Omit<Envelope, 'simTimeH' | 'v'>,
): TelemetryMessage {
  const r = row.reading;
  return {
    v: 1,
    ...envelope,
    simTimeH: row.tH,
    machineId: row.machineId,
    status: row.status,
    speedRpm: finiteOrNull(r.speedRpm),
    loadFraction: finiteOrNull(r.loadFraction),
    currentA: finiteOrNull(r.currentA),
    tempWindingC: finiteOrNull(r.tempWindingC),
    tempFrameC: finiteOrNull(r.tempFrameC),
    tempBearingDeC: finiteOrNull(r.tempBearingDeC),
    tempAmbientC: finiteOrNull(r.tempAmbientC),
  };
}

/** Encodes a telemetry message, refusing one its receivers would drop (the schema's rules). */
export function encodeTelemetry(m: TelemetryMessage): Uint8Array {
  const r = TelemetryMessageSchema.safeParse(m);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `telemetry message: ${issue === undefined ? '' : `${issue.path.join('.') || '(root)'}: ${issue.message}`}`,
    );
  }
  return jsonPayload(m);
}

/** Reads a telemetry payload; `where` (the topic) names it in errors. */
export function decodeTelemetry(payload: Uint8Array, where: string): TelemetryMessage {
  return parseJsonPayload(TelemetryMessageSchema, payload, where);
}

/** The feature pipeline's input from a telemetry message (null readings as NaN). */
export function telemetryInputOf(m: TelemetryMessage): TelemetryInput {
  return {
    tH: m.simTimeH,
    running: m.status === 'running',
    loadFraction: numberOrNaN(m.loadFraction),
    currentA: numberOrNaN(m.currentA),
    tempWindingC: numberOrNaN(m.tempWindingC),
    tempFrameC: numberOrNaN(m.tempFrameC),
    tempBearingDeC: numberOrNaN(m.tempBearingDeC),
    tempAmbientC: numberOrNaN(m.tempAmbientC),
    speedRpm: numberOrNaN(m.speedRpm),
  };
}
