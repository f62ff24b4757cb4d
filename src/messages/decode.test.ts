import { describe, expect, it } from 'vitest';
import { BadMessages, badMessageText } from './bad-messages.js';
import { encodeCapture } from './capture-codec.js';
import { decodeMachineMessage } from './decode.js';
import type { TelemetryMessage } from './telemetry.js';
import { encodeTelemetry, telemetryInputOf } from './telemetry.js';

const telemetry: TelemetryMessage = {
  v: 1,
  sender: 'twin-1',
  seq: 7,
  simTimeH: 3.25,
  wallTimeMs: 1_764_000_000_000,
  machineId: 'pump-001',
  status: 'running',
  speedRpm: 1478,
  loadFraction: 0.8,
  currentA: 21.5,
  tempWindingC: 71.2,
  tempFrameC: 48.1,
  tempBearingDeC: null,
  tempAmbientC: 22,
};
const T = 'pdm/v1/site/machine/pump-001/telemetry';
const bytes = (s: string) => new TextEncoder().encode(s);

describe('decoding machine messages', () => {
  it('reads telemetry and captures, and gives the pipeline NaN for a missing reading', () => {
    const r = decodeMachineMessage(T, encodeTelemetry(telemetry));
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.kind !== 'telemetry') throw new Error('expected telemetry');
    expect(r.value.message).toEqual(telemetry);
    const input = telemetryInputOf(r.value.message);
    expect(input.tH).toBe(3.25);
    expect(input.running).toBe(true);
    expect(input.speedRpm).toBe(1478);
    expect(input.tempBearingDeC).toBeNaN();
    expect(telemetryInputOf({ ...telemetry, speedRpm: null }).speedRpm).toBeNaN();
    const cap = encodeCapture({
      ...telemetry,
      speedRpm: 1478,
      supplyHz: Number.NaN,
      channels: [{ kind: 'accel_de', fsHz: 12_000, samples: new Float32Array([0.5, -0.25]) }],
    });
    const c = decodeMachineMessage('pdm/v1/site/machine/pump-001/capture', cap);
    expect(c.ok && c.value.kind).toBe('capture');
  });

  it('refuses bad messages without throwing, saying which kind and why', () => {
    const bad = new BadMessages();
    const cases: [string, Uint8Array, string, RegExp][] = [
      ['pdm/v1/site/machine/pump-001', encodeTelemetry(telemetry), 'topic', /expected pdm\/v1/],
      [T, bytes('{"v":1,'), 'telemetry', /expected a UTF-8 JSON payload/],
      [T, new Uint8Array([0xff, 0xfe]), 'telemetry', /expected a UTF-8 JSON payload/],
      [T, bytes(JSON.stringify({ ...telemetry, seq: -1 })), 'telemetry', /: seq: /],
      [T, bytes(JSON.stringify({ ...telemetry, status: 'broken' })), 'telemetry', /status: /],
      [
        T,
        bytes(JSON.stringify({ ...telemetry, extra: 1 })),
        'telemetry',
        /unknown key\(s\) "extra"/,
      ],
      [T, bytes(JSON.stringify({ ...telemetry, v: 2 })), 'telemetry', /v: /],
      [
        'pdm/v1/site/machine/pump-002/telemetry',
        encodeTelemetry(telemetry),
        'telemetry',
        /machineId "pump-001" in the payload, "pump-002" in the topic/,
      ],
      [
        'pdm/v1/site/machine/pump-001/capture',
        encodeTelemetry(telemetry),
        'capture',
        /expected the magic "PDMC"|expected at least/,
      ],
      [
        'pdm/v1/site/edge/e1/health',
        encodeTelemetry(telemetry),
        'health',
        /expected a machine telemetry or capture topic/,
      ],
    ];
    for (const [topic, payload, kind, why] of cases) {
      const r = decodeMachineMessage(topic, payload);
      expect(r.ok, topic).toBe(false);
      if (r.ok) continue;
      expect(r.kind).toBe(kind);
      expect(r.error.code).toBe('PDM_MESSAGE_INVALID');
      expect(badMessageText(r.error)).toMatch(why);
      bad.record(r.kind);
    }
    // Counted per kind; only the first of a kind is to be reported.
    expect(bad.counts()).toEqual({ topic: 1, telemetry: 7, capture: 1, health: 1 });
    expect(bad.total).toBe(10);
    expect(bad.record('telemetry')).toBe(false);
    expect(bad.record('state')).toBe(true);
  });
});
