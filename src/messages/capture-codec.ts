/**
 * A vibration capture on the wire, `pdm/v1/{site}/machine/{id}/capture`: binary, little-endian,
 * a header then int16 samples (docs/messages.md has the byte layout). One message holds every
 * channel of one capture (both accelerometers, the motor current), so a receiver gets a capture
 * whole or not at all.
 *
 * Each channel has its own scale (physical units per count) chosen by the sender from the
 * channel's peak, so 16 bits cover the signal whatever its level: the rounding error is at most
 * peak / 65534, 96 dB below the peak, under the accelerometer chain's own noise. -32768 marks a
 * missing sample (a dropout: NaN in memory), so gaps survive the trip.
 */
import { PdmError } from '../core/errors.js';
import type { CaptureInput } from '../features/machine-features.js';
import type { CaptureRow } from '../twin/simulation.js';
import type { Envelope } from './envelope.js';
import { MAX_ID_CHARS, MAX_SEQ, MESSAGE_VERSION } from './envelope.js';

/** "PDMC". */
export const CAPTURE_MAGIC = 0x434d4450;
export const CHANNEL_KINDS = ['accel_de', 'accel_fe', 'current'] as const;
/** An accelerometer's axis in a capture message: one lower-case ASCII letter or digit. */
const AXIS_PATTERN = /^[a-z0-9]$/;

/** Whether `axis` can name a channel of `kind`: an accelerometer's, as AXIS_PATTERN says. */
function axisFits(kind: ChannelKind, axis: string): boolean {
  return AXIS_PATTERN.test(axis) && kind !== 'current';
}

/** A channel for messages: `accel_de`, `accel_de axis h`. */
function channelLabel(kind: ChannelKind, axis: string | undefined): string {
  return axis === undefined ? kind : `${kind} axis ${axis}`;
}

/**
 * What a channel clashes with among those before it, as the feature pipeline refuses it: the
 * same kind and axis again, or a kind's channel without an axis beside one with (every axis of
 * an accelerometer is named, or it has one channel). Null when none.
 */
function channelClash(
  before: readonly { readonly kind: ChannelKind; readonly axis?: string | undefined }[],
  kind: ChannelKind,
  axis: string | undefined,
): string | null {
  if (before.some((c) => c.kind === kind && c.axis === axis))
    return `a second ${channelLabel(kind, axis)} channel`;
  const other = before.find(
    (c) => c.kind === kind && (c.axis === undefined) !== (axis === undefined),
  );
  return other === undefined
    ? null
    : `${kind}: a channel ${axis === undefined ? 'without an axis' : `of axis ${axis}`} beside one ${other.axis === undefined ? 'without' : `of axis ${other.axis}`}: name every axis of an accelerometer, or send it as one channel`;
}
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const FIXED_HEADER = 48;
const DESCRIPTOR = 24;
const MISSING = -32768;
const FULL_SCALE = 32767;
const MAX_CHANNELS = 8;
/** 60 s at 100 kHz per channel: far above any capture, small enough to refuse garbage lengths. */
const MAX_SAMPLES = 6_000_000;

export interface CaptureChannel {
  readonly kind: ChannelKind;
  /**
   * Which axis of the accelerometer (one lower-case ASCII letter or digit: `h`, `v`, `x`),
   * for several at one end; absent for one. Not for the current.
   */
  readonly axis?: string;
  readonly fsHz: number;
  /** g for accelerometers, A for the current; NaN where a sample is missing. */
  readonly samples: Float32Array;
}

export interface CaptureMessage extends Envelope {
  readonly machineId: string;
  /** Tachometer speed; NaN when the machine has none. */
  readonly speedRpm: number;
  /** The motor's supply (line or drive output) frequency, Hz; NaN when unknown. */
  readonly supplyHz: number;
  readonly channels: readonly CaptureChannel[];
}

/** A twin capture as a message (samples are kept as float32, as the twin makes them). */
export function captureMessage(
  row: CaptureRow,
  envelope: Omit<Envelope, 'simTimeH' | 'v'>,
): CaptureMessage {
  const channels: CaptureChannel[] = row.vibration.map((v) => ({
    kind: v.location === 'de' ? 'accel_de' : 'accel_fe',
    fsHz: v.fsHz,
    samples: v.accelG,
  }));
  if (row.currentA !== null) {
    channels.push({ kind: 'current', fsHz: row.currentFsHz, samples: row.currentA });
  }
  return {
    v: MESSAGE_VERSION,
    ...envelope,
    simTimeH: row.tH,
    machineId: row.machineId,
    speedRpm: row.speedRpm,
    supplyHz: row.supplyHz,
    channels,
  };
}

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', `capture message: ${message}`);
}

/**
 * Encodes a capture; the sender id and machine id are 1-128 characters, as in every message,
 * and at most 255 bytes of UTF-8 each (the length is one byte).
 */
export function encodeCapture(m: CaptureMessage): Uint8Array {
  for (const [what, v] of [
    ['sender', m.sender],
    ['machineId', m.machineId],
  ] as const)
    if (v.length > MAX_ID_CHARS)
      invalid(`${what}: expected 1-${MAX_ID_CHARS} characters, got ${v.length}`);
  const enc = new TextEncoder();
  const sender = enc.encode(m.sender);
  const machine = enc.encode(m.machineId);
  if (sender.length === 0 || sender.length > 255) invalid('sender: expected 1-255 bytes of UTF-8');
  if (machine.length === 0 || machine.length > 255)
    invalid('machineId: expected 1-255 bytes of UTF-8');
  if (!(Number.isInteger(m.seq) && m.seq >= 0 && m.seq <= MAX_SEQ))
    invalid(`seq: expected an integer in [0, ${MAX_SEQ}], got ${m.seq}`);
  // what the decoder refuses, refused here: a sender never writes a payload no one can read
  if ((m.v as number) !== MESSAGE_VERSION)
    invalid(`v: expected format version ${MESSAGE_VERSION}, got ${String(m.v)}`);
  for (const [what, t] of [
    ['simTimeH', m.simTimeH],
    ['wallTimeMs', m.wallTimeMs],
  ] as const)
    if (!(t >= 0 && Number.isFinite(t))) invalid(`${what}: expected a time >= 0, got ${t}`);
  for (const [j, c] of m.channels.entries()) {
    if (!CHANNEL_KINDS.includes(c.kind))
      invalid(`channel kind "${c.kind}": expected one of ${CHANNEL_KINDS.join(', ')}`);
    if (c.axis !== undefined && !axisFits(c.kind, c.axis))
      invalid(
        `${c.kind}: axis ${JSON.stringify(c.axis)}: expected one lower-case ASCII letter or digit, on an accelerometer`,
      );
    const clash = channelClash(m.channels.slice(0, j), c.kind, c.axis);
    if (clash !== null) invalid(clash);
  }
  if (m.channels.length < 1 || m.channels.length > MAX_CHANNELS)
    invalid(`expected 1-${MAX_CHANNELS} channels, got ${m.channels.length}`);
  for (const c of m.channels) {
    if (!(c.fsHz > 0 && Number.isFinite(c.fsHz)))
      invalid(`${c.kind}: expected a sample rate > 0 Hz, got ${c.fsHz}`);
    if (c.samples.length > MAX_SAMPLES)
      invalid(`${c.kind}: at most ${MAX_SAMPLES} samples, got ${c.samples.length}`);
  }
  const strings = 2 + sender.length + machine.length;
  const head = align2(FIXED_HEADER + strings) + DESCRIPTOR * m.channels.length;
  const total = head + 2 * m.channels.reduce((a, c) => a + c.samples.length, 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, CAPTURE_MAGIC, true);
  view.setUint8(4, MESSAGE_VERSION);
  view.setUint8(5, m.channels.length);
  view.setUint16(6, head, true);
  view.setUint32(8, m.seq, true);
  view.setUint32(12, 0, true);
  view.setFloat64(16, m.simTimeH, true);
  view.setFloat64(24, m.wallTimeMs, true);
  view.setFloat64(32, m.speedRpm, true);
  view.setFloat64(40, m.supplyHz, true);
  let o = FIXED_HEADER;
  for (const s of [sender, machine]) {
    view.setUint8(o, s.length);
    bytes.set(s, o + 1);
    o += 1 + s.length;
  }
  o = align2(o);
  let data = head;
  for (const c of m.channels) {
    // The peak of the finite samples; a NaN or an infinity is sent as missing, so one bad
    // sample cannot blow the scale up and round the rest of the channel to zero.
    let peak = 0;
    for (const v of c.samples) if (Number.isFinite(v) && Math.abs(v) > peak) peak = Math.abs(v);
    // Physical units per count; a silent (or all-missing) channel keeps scale 1.
    const scale = peak > 0 ? peak / FULL_SCALE : 1;
    view.setUint8(o, CHANNEL_KINDS.indexOf(c.kind));
    view.setUint8(o + 1, c.axis === undefined ? 0 : c.axis.charCodeAt(0));
    view.setUint32(o + 4, c.samples.length, true);
    view.setFloat64(o + 8, c.fsHz, true);
    view.setFloat64(o + 16, scale, true);
    o += DESCRIPTOR;
    const inv = 1 / scale;
    for (let i = 0; i < c.samples.length; i++) {
      const v = c.samples[i]!;
      const q = !Number.isFinite(v)
        ? MISSING
        : Math.max(-FULL_SCALE, Math.min(FULL_SCALE, Math.round(v * inv)));
      view.setInt16(data, q, true);
      data += 2;
    }
  }
  return bytes;
}

function align2(n: number): number {
  return n + (n & 1);
}

/** Decodes a capture; throws PDM_MESSAGE_INVALID naming `where` (the topic) and the byte offset. */
export function decodeCapture(payload: Uint8Array, where: string): CaptureMessage {
  const bad = (offset: number, why: string): never => {
    throw new PdmError('PDM_MESSAGE_INVALID', `${where}: capture byte ${offset}: ${why}`);
  };
  if (payload.length < FIXED_HEADER + 2)
    bad(0, `expected at least ${FIXED_HEADER + 2} bytes of header, got ${payload.length} bytes`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (view.getUint32(0, true) !== CAPTURE_MAGIC)
    bad(0, 'expected the magic "PDMC" (is this a JSON payload on a capture topic?)');
  const version = view.getUint8(4);
  if (version !== MESSAGE_VERSION)
    bad(4, `expected format version ${MESSAGE_VERSION}, got ${version}`);
  const count = view.getUint8(5);
  if (count < 1 || count > MAX_CHANNELS)
    bad(5, `expected 1-${MAX_CHANNELS} channels, got ${count}`);
  const head = view.getUint16(6, true);
  const dec = new TextDecoder('utf-8', { fatal: true });
  let o = FIXED_HEADER;
  const strings: string[] = [];
  for (const what of ['sender', 'machine id']) {
    if (o >= payload.length) bad(o, `${what}: the payload ends before its length byte`);
    const len = view.getUint8(o);
    if (len === 0 || o + 1 + len > payload.length) bad(o, `${what}: bad length ${len}`);
    let text = '';
    try {
      text = dec.decode(payload.subarray(o + 1, o + 1 + len));
    } catch {
      bad(o + 1, `${what}: not UTF-8`);
    }
    if (text.length > MAX_ID_CHARS)
      bad(o + 1, `${what}: expected 1-${MAX_ID_CHARS} characters, got ${text.length}`);
    strings.push(text);
    o += 1 + len;
  }
  o = align2(o);
  if (head !== o + DESCRIPTOR * count)
    bad(
      6,
      `header length ${head} disagrees with its strings and ${count} channel descriptors (${o + DESCRIPTOR * count})`,
    );
  if (payload.length < head)
    bad(payload.length, `the header needs ${head} bytes, the payload has ${payload.length}`);
  const descriptors: {
    kind: ChannelKind;
    axis: string | undefined;
    n: number;
    fsHz: number;
    scale: number;
  }[] = [];
  for (let k = 0; k < count; k++, o += DESCRIPTOR) {
    const code = view.getUint8(o);
    const kind = CHANNEL_KINDS[code];
    if (kind === undefined)
      bad(o, `channel ${k}: unknown kind ${code}; expected 0-${CHANNEL_KINDS.length - 1}`);
    const axisCode = view.getUint8(o + 1);
    const axis = axisCode === 0 ? undefined : String.fromCharCode(axisCode);
    if (axis !== undefined && !axisFits(kind!, axis))
      bad(
        o + 1,
        `channel ${k}: axis byte ${axisCode}: expected 0 (none) or a lower-case ASCII letter or digit, on an accelerometer`,
      );
    const clash = channelClash(descriptors, kind!, axis);
    if (clash !== null) bad(o, `channel ${k}: ${clash}`);
    const n = view.getUint32(o + 4, true);
    const fsHz = view.getFloat64(o + 8, true);
    const scale = view.getFloat64(o + 16, true);
    if (n > MAX_SAMPLES) bad(o + 4, `channel ${k}: at most ${MAX_SAMPLES} samples, got ${n}`);
    if (!(fsHz > 0 && Number.isFinite(fsHz)))
      bad(o + 8, `channel ${k}: expected a sample rate > 0 Hz, got ${fsHz}`);
    if (!(scale > 0 && Number.isFinite(scale)))
      bad(o + 16, `channel ${k}: expected a scale > 0, got ${scale}`);
    descriptors.push({ kind: kind!, axis, n, fsHz, scale });
  }
  const expected = head + 2 * descriptors.reduce((a, d) => a + d.n, 0);
  if (payload.length !== expected)
    bad(
      head,
      `expected ${expected} bytes for ${descriptors.map((d) => `${d.n} ${d.kind}`).join(', ')} samples, got ${payload.length}`,
    );
  const seq = view.getUint32(8, true);
  const simTimeH = view.getFloat64(16, true);
  const wallTimeMs = view.getFloat64(24, true);
  if (!(simTimeH >= 0 && Number.isFinite(simTimeH)))
    bad(16, `simTimeH: expected a time >= 0, got ${simTimeH}`);
  if (!(wallTimeMs >= 0 && Number.isFinite(wallTimeMs)))
    bad(24, `wallTimeMs: expected a time >= 0, got ${wallTimeMs}`);
  let data = head;
  const channels = descriptors.map((d): CaptureChannel => {
    const samples = new Float32Array(d.n);
    for (let i = 0; i < d.n; i++, data += 2) {
      const q = view.getInt16(data, true);
      samples[i] = q === MISSING ? Number.NaN : q * d.scale;
    }
    return {
      kind: d.kind,
      ...(d.axis === undefined ? {} : { axis: d.axis }),
      fsHz: d.fsHz,
      samples,
    };
  });
  return {
    v: MESSAGE_VERSION,
    sender: strings[0]!,
    seq,
    simTimeH,
    wallTimeMs,
    machineId: strings[1]!,
    speedRpm: view.getFloat64(32, true),
    supplyHz: view.getFloat64(40, true),
    channels,
  };
}

/** The feature pipeline's input from a capture message. */
export function captureInputOf(m: CaptureMessage): CaptureInput {
  const current = m.channels.find((c) => c.kind === 'current');
  return {
    tH: m.simTimeH,
    speedRpm: m.speedRpm,
    channels: m.channels
      .filter((c) => c.kind !== 'current')
      .map((c) => ({
        location: c.kind === 'accel_de' ? 'de' : 'fe',
        ...(c.axis === undefined ? {} : { axis: c.axis }),
        fsHz: c.fsHz,
        samples: c.samples,
      })),
    current:
      current === undefined
        ? null
        : { fsHz: current.fsHz, samples: current.samples, supplyHz: m.supplyHz },
    ...(m.supplyHz > 0 ? { supplyHz: m.supplyHz } : {}),
  };
}
