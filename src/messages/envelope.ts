/**
 * What every message carries besides its content (docs/messages.md): the format version, the
 * sender's id, a sequence number per sender and kind (receivers detect gaps, duplicates and
 * reordering from it), the simulated time and the wall time at sending (latencies are measured
 * in wall time). The same fields sit in the binary capture header.
 */
import { z } from 'zod';
import { PdmError } from '../core/errors.js';
import { formatIssues } from '../core/schema-issues.js';

export const MESSAGE_VERSION = 1;

/** Largest sequence number; the next one after it is 0 (a u32 in the capture header). */
export const MAX_SEQ = 0xffff_ffff;

/** Longest sender or machine id, in characters, in every kind of message. */
export const MAX_ID_CHARS = 128;

export const EnvelopeShape = {
  v: z.literal(MESSAGE_VERSION),
  sender: z.string().min(1).max(MAX_ID_CHARS),
  seq: z.number().int().min(0).max(MAX_SEQ),
  /** Simulated time, hours since the scenario start (a real plant's clock for real sensors). */
  simTimeH: z.number().min(0),
  /** Wall-clock time of sending, milliseconds since 1970-01-01 UTC. */
  wallTimeMs: z.number().min(0),
};

export const EnvelopeSchema = z.strictObject(EnvelopeShape);
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** A number, or null where JSON cannot say NaN (a missing or failed sensor). */
export const NullableNumber = z.number().nullable();

/** NaN for null: what the feature pipeline takes for "no reading". */
export function numberOrNaN(v: number | null): number {
  return v ?? Number.NaN;
}

/** null for NaN or an infinity, for JSON. */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * Parses a JSON payload against a schema; throws PDM_MESSAGE_INVALID naming `where` (the topic)
 * and the first problems with their paths.
 */
export function parseJsonPayload<T>(schema: z.ZodType<T>, payload: Uint8Array, where: string): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (err) {
    throw new PdmError(
      'PDM_MESSAGE_INVALID',
      `${where}: expected a UTF-8 JSON payload (${err instanceof Error ? err.message : String(err)})`,
      { cause: err },
    );
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const lines = formatIssues(r.error.issues);
    throw new PdmError(
      'PDM_MESSAGE_INVALID',
      `${where}: ${lines.slice(0, 3).join('; ')}${lines.length > 3 ? ` (and ${lines.length - 3} more)` : ''}`,
      { cause: r.error },
    );
  }
  return r.data;
}

/** A JSON payload as bytes. */
export function jsonPayload(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
