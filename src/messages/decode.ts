/**
 * One entry point for a receiver: a topic and its payload in, a typed message or the reason it
 * was refused out. Never throws for bad input: a receiver counts and drops what it cannot read
 * (bad-messages.ts) and goes on.
 */
import { PdmError } from '../core/errors.js';
import type { CaptureMessage } from './capture-codec.js';
import { decodeCapture } from './capture-codec.js';
import type { TelemetryMessage } from './telemetry.js';
import { decodeTelemetry } from './telemetry.js';
import type { TopicAddress } from './topics.js';
import { parseTopic } from './topics.js';

export type MachineMessage =
  | {
      readonly kind: 'telemetry';
      readonly address: TopicAddress;
      readonly message: TelemetryMessage;
    }
  | { readonly kind: 'capture'; readonly address: TopicAddress; readonly message: CaptureMessage };

export type Decoded =
  | { readonly ok: true; readonly value: MachineMessage }
  | { readonly ok: false; readonly kind: string; readonly error: PdmError };

/** Reads a machine's telemetry or capture message, checking the payload's machine id against the topic's. */
export function decodeMachineMessage(topic: string, payload: Uint8Array): Decoded {
  let address: TopicAddress;
  try {
    address = parseTopic(topic);
  } catch (err) {
    return { ok: false, kind: 'topic', error: asMessageError(err, topic) };
  }
  const kind = address.kind;
  try {
    if (address.scope !== 'machine' || (kind !== 'telemetry' && kind !== 'capture')) {
      throw new PdmError(
        'PDM_MESSAGE_INVALID',
        `${topic}: expected a machine telemetry or capture topic`,
      );
    }
    const message =
      kind === 'telemetry' ? decodeTelemetry(payload, topic) : decodeCapture(payload, topic);
    if (message.machineId !== address.id) {
      throw new PdmError(
        'PDM_MESSAGE_INVALID',
        `${topic}: machineId ${JSON.stringify(message.machineId)} in the payload, ${JSON.stringify(address.id)} in the topic`,
      );
    }
    return kind === 'telemetry'
      ? { ok: true, value: { kind, address, message: message as TelemetryMessage } }
      : { ok: true, value: { kind, address, message: message as CaptureMessage } };
  } catch (err) {
    return { ok: false, kind, error: asMessageError(err, topic) };
  }
}

function asMessageError(err: unknown, topic: string): PdmError {
  if (err instanceof PdmError) return err;
  return new PdmError(
    'PDM_MESSAGE_INVALID',
    `${topic}: ${err instanceof Error ? err.message : String(err)}`,
    { cause: err },
  );
}
