import { describe, expect, it } from 'vitest';
import { captureInput, pipelineOptionsFor, telemetryInput } from '../data/twin-features.js';
import { MACHINE_FEATURES, MachineFeaturePipeline } from '../features/machine-features.js';
import { buildFleetMember } from '../twin/fleet.js';
import { scenarioFrom } from '../twin/scenario.js';
import type { CaptureRow, TelemetryRow } from '../twin/simulation.js';
import { simulateMachine } from '../twin/simulation.js';
import type { CaptureMessage } from './capture-codec.js';
import { captureInputOf, captureMessage, decodeCapture, encodeCapture } from './capture-codec.js';
import {
  decodeTelemetry,
  encodeTelemetry,
  telemetryInputOf,
  telemetryMessage,
} from './telemetry.js';

const WHERE = 'pdm/v1/s/machine/m/capture';

function message(
  channels: CaptureMessage['channels'],
  extra: Partial<CaptureMessage> = {},
): CaptureMessage {
  return {
    v: 1,
    sender: 'twin-1',
    seq: 41,
    simTimeH: 12.5,
    wallTimeMs: 1_764_000_000_123,
    machineId: 'pump-001',
    speedRpm: 1480.5,
    supplyHz: 50,
    channels,
    ...extra,
  };
}

describe('capture codec', () => {
  it('round-trips header fields exactly and samples to within half a count of the peak scale', () => {
    const n = 4096;
    const de = Float32Array.from(
      { length: n },
      (_, i) => 0.8 * Math.sin(i / 7) + 0.05 * Math.cos(i),
    );
    const cur = Float32Array.from(
      { length: 800 },
      (_, i) => 20 * Math.sin((2 * Math.PI * 50 * i) / 2000),
    );
    de[100] = Number.NaN; // a dropout
    const m = message([
      { kind: 'accel_de', fsHz: 12_000, samples: de },
      { kind: 'current', fsHz: 2000, samples: cur },
    ]);
    const bytes = encodeCapture(m);
    // 48 fixed + 2 + 6 + 8 (strings) + 2 descriptors of 24, then 2 bytes per sample
    expect(bytes.length).toBe(48 + 16 + 48 + 2 * (n + 800));
    const back = decodeCapture(bytes, WHERE);
    const { channels, ...head } = back;
    const { channels: _c, ...sent } = m;
    expect(head).toEqual(sent);
    let peak = 0;
    for (const v of de) if (Number.isFinite(v)) peak = Math.max(peak, Math.abs(v));
    const got = channels[0]!.samples;
    expect(Number.isNaN(got[100]!)).toBe(true);
    let worst = 0;
    for (let i = 0; i < n; i++) if (i !== 100) worst = Math.max(worst, Math.abs(got[i]! - de[i]!));
    // rounding to the nearest count of peak / 32767, plus float32 rounding of the result
    expect(worst).toBeLessThanOrEqual(peak / 65534 + 1e-7);
    expect(worst).toBeGreaterThan(0);
    expect(channels[1]!.kind).toBe('current');
    expect(channels[1]!.fsHz).toBe(2000);
    // An unknown speed and no current stay NaN; a silent channel decodes to zeros.
    const quiet = decodeCapture(
      encodeCapture(
        message([{ kind: 'accel_fe', fsHz: 25_600, samples: new Float32Array(10) }], {
          speedRpm: Number.NaN,
          supplyHz: Number.NaN,
        }),
      ),
      WHERE,
    );
    expect(quiet.speedRpm).toBeNaN();
    expect(quiet.supplyHz).toBeNaN();
    expect(Array.from(quiet.channels[0]!.samples)).toEqual(new Array(10).fill(0));
    // an infinity is sent as missing and does not blow up the channel's scale
    const inf = decodeCapture(
      encodeCapture(
        message([
          {
            kind: 'accel_de',
            fsHz: 12_000,
            samples: Float32Array.from([0.001, 0.002, Infinity, -0.0015]),
          },
        ]),
      ),
      WHERE,
    ).channels[0]!.samples;
    expect(inf[2]).toBeNaN();
    expect(inf[1]).toBeCloseTo(0.002, 7);
    expect(inf[3]).toBeCloseTo(-0.0015, 7);
  });

  it('refuses a malformed payload, naming the topic, the byte and what was expected', () => {
    const good = encodeCapture(
      message([{ kind: 'accel_de', fsHz: 12_000, samples: new Float32Array([0.1, -0.2, 0.3]) }]),
    );
    const err = (b: Uint8Array) => {
      try {
        decodeCapture(b, WHERE);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err(new TextEncoder().encode('{"v":1,"sender":"x","seq":1}'))).toMatch(
      /pdm\/v1\/s\/machine\/m\/capture: capture byte 0: expected at least 50 bytes/,
    );
    const json = new Uint8Array(good.length);
    json.set(new TextEncoder().encode('{"seq": 1}'));
    expect(err(json)).toMatch(/byte 0: expected the magic "PDMC"/);
    const v2 = good.slice();
    v2[4] = 2;
    expect(err(v2)).toMatch(/byte 4: expected format version 1, got 2/);
    expect(err(good.subarray(0, good.length - 1))).toMatch(
      /expected \d+ bytes for 3 accel_de samples, got \d+/,
    );
    const kind = good.slice();
    kind[48 + 2 + 6 + 8] = 9;
    expect(err(kind)).toMatch(/channel 0: unknown kind 9/);
    const rate = good.slice();
    new DataView(rate.buffer).setFloat64(48 + 16 + 8, -1, true);
    expect(err(rate)).toMatch(/channel 0: expected a sample rate > 0 Hz, got -1/);
    expect(() => encodeCapture(message([]))).toThrow(/expected 1-8 channels, got 0/);
    // a payload that ends where the machine id's length byte should be
    const cut = good.slice(0, 50);
    cut[48] = 1;
    expect(err(cut)).toMatch(/byte 50: machine id: the payload ends before its length byte/);
    expect(() =>
      encodeCapture(message([{ kind: 'accel_de', fsHz: 0, samples: new Float32Array(1) }])),
    ).toThrow(/accel_de: expected a sample rate > 0 Hz/);
    // what the decoder would refuse, the encoder refuses first
    const one = [{ kind: 'accel_de' as const, fsHz: 100, samples: new Float32Array(1) }];
    expect(() => encodeCapture(message(one, { simTimeH: Number.NaN }))).toThrow(
      /simTimeH: expected a time >= 0, got NaN/,
    );
    expect(() => encodeCapture(message(one, { wallTimeMs: -5 }))).toThrow(/wallTimeMs/);
    expect(() => encodeCapture(message([...one, ...one]))).toThrow(/a second accel_de channel/);
    expect(() =>
      encodeCapture(
        message([{ kind: 'foo' as 'accel_de', fsHz: 100, samples: new Float32Array(1) }]),
      ),
    ).toThrow(/channel kind "foo": expected one of accel_de, accel_fe, current/);
    expect(() => encodeCapture(message(one, { v: 2 as 1 }))).toThrow(
      /v: expected format version 1, got 2/,
    );
    const tel = telemetryMessage(
      {
        tH: 1,
        machineId: 'pump-001',
        status: 'running',
        operatingHours: 1,
        reading: {
          speedRpm: 1480,
          loadFraction: 0.7,
          currentA: 10,
          supplyHz: 50,
          vibDeVelMmS: 1,
          vibFeVelMmS: 1,
          vibDeAccG: 0.1,
          vibFeAccG: 0.1,
          tempWindingC: 60,
          tempFrameC: 45,
          tempBearingDeC: 50,
          tempAmbientC: 25,
        },
      } as unknown as TelemetryRow,
      { sender: 'twin', seq: 1, wallTimeMs: 0 },
    );
    expect(decodeTelemetry(encodeTelemetry(tel), 't').seq).toBe(1);
    expect(() => encodeTelemetry({ ...tel, status: 'bogus' as 'running' })).toThrow(
      /telemetry message: status: /,
    );
    expect(() => encodeTelemetry({ ...tel, seq: -1 })).toThrow(/telemetry message: seq: /);
    // ids of 1-128 characters, as JSON messages have them, though 255 bytes would fit
    const ch = [{ kind: 'accel_de' as const, fsHz: 100, samples: new Float32Array(1) }];
    expect(encodeCapture(message(ch, { sender: 's'.repeat(128) })).length).toBeGreaterThan(0);
    expect(() => encodeCapture(message(ch, { sender: 's'.repeat(129) }))).toThrow(
      /sender: expected 1-128 characters, got 129/,
    );
    expect(() => encodeCapture(message(ch, { machineId: 'm'.repeat(200) }))).toThrow(
      /machineId: expected 1-128 characters, got 200/,
    );
    // a payload written by another encoder with a 200-character sender
    const long = encodeCapture(message(ch, { sender: 's'.repeat(128) }));
    const wide = new Uint8Array(long.length + 72);
    wide.set(long.subarray(0, 48));
    wide[48] = 200;
    wide.fill(0x73, 49, 249);
    wide.set(long.subarray(48 + 1 + 128), 249);
    expect(err(wide)).toMatch(/byte 49: sender: expected 1-128 characters, got 200/);
  });

  it('carries the axes of two accelerometers at one end, and refuses a repeated or bad one', () => {
    const x = (k: number) => Float32Array.from({ length: 64 }, (_, i) => Math.sin(i / k));
    const m = message([
      { kind: 'accel_de', axis: 'h', fsHz: 12_000, samples: x(3) },
      { kind: 'accel_de', axis: 'v', fsHz: 12_000, samples: x(5) },
      { kind: 'accel_fe', fsHz: 12_000, samples: x(7) },
    ]);
    const bytes = encodeCapture(m);
    // the axis is the byte after the kind: 'h' (0x68), 'v' (0x76), none (0)
    const first = 48 + 2 + 6 + 8;
    expect([bytes[first + 1], bytes[first + 24 + 1], bytes[first + 48 + 1]]).toEqual([
      0x68, 0x76, 0,
    ]);
    const back = decodeCapture(bytes, WHERE);
    expect(back.channels.map((c) => [c.kind, c.axis])).toEqual([
      ['accel_de', 'h'],
      ['accel_de', 'v'],
      ['accel_fe', undefined],
    ]);
    // the pipeline's input names the axes, and the two fuse into the drive end's features
    const input = captureInputOf(back);
    expect(input.channels.map((c) => [c.location, c.axis])).toEqual([
      ['de', 'h'],
      ['de', 'v'],
      ['fe', undefined],
    ]);
    const same = [
      { kind: 'accel_de' as const, axis: 'h', fsHz: 100, samples: new Float32Array(1) },
      { kind: 'accel_de' as const, axis: 'h', fsHz: 100, samples: new Float32Array(1) },
    ];
    expect(() => encodeCapture(message(same))).toThrow(/a second accel_de axis h channel/);
    expect(() => encodeCapture(message([{ ...same[0]!, axis: 'H' }]))).toThrow(
      /accel_de: axis "H": expected one lower-case ASCII letter or digit/,
    );
    expect(() =>
      encodeCapture(
        message([{ kind: 'current', axis: 'x', fsHz: 100, samples: new Float32Array(1) }]),
      ),
    ).toThrow(/current: axis "x": .*on an accelerometer/);
    // an unnamed channel beside a named one of the same accelerometer, which the pipeline
    // refuses, is refused here too
    expect(() =>
      encodeCapture(
        message([same[0]!, { kind: 'accel_de', fsHz: 100, samples: new Float32Array(1) }]),
      ),
    ).toThrow(/accel_de: a channel without an axis beside one of axis h: name every axis/);
    const unnamed = bytes.slice();
    unnamed[first + 1] = 0;
    expect(() => decodeCapture(unnamed, WHERE)).toThrow(
      /capture byte 88: channel 1: accel_de: a channel of axis v beside one without: name every axis/,
    );
    // decoded: a repeated axis, and an axis byte that is no letter or digit
    const twice = bytes.slice();
    twice[first + 24 + 1] = 0x68;
    expect(() => decodeCapture(twice, WHERE)).toThrow(
      /capture byte 88: channel 1: a second accel_de axis h channel/,
    );
    const odd = bytes.slice();
    odd[first + 1] = 0xff;
    expect(() => decodeCapture(odd, WHERE)).toThrow(
      /capture byte 65: channel 0: axis byte 255: expected 0 \(none\) or a lower-case ASCII letter or digit/,
    );
  });

  it('gives the feature pipeline the features of the capture in memory, to within 16-bit rounding', () => {
    const s = scenarioFrom({
      seed: 5,
      durationH: 40,
      capture: { periodH: 2, durationS: 1, current: true },
      fleet: [{ count: 1 }],
      faults: {
        inject: [{ machine: 0, mode: 'outer_race', atH: 4, growth: { timeToFailureH: 60 } }],
      },
    });
    const member = buildFleetMember(s, 0);
    const direct = new MachineFeaturePipeline(pipelineOptionsFor(member.machine));
    const wire = new MachineFeaturePipeline(pipelineOptionsFor(member.machine));
    const rows: { a: Float64Array; b: Float64Array }[] = [];
    let seq = 0;
    simulateMachine(member, s, {
      telemetry: (r: TelemetryRow) => {
        direct.onTelemetry(telemetryInput(r));
        const m = telemetryMessage(r, { sender: 'twin', seq: seq++, wallTimeMs: 0 });
        wire.onTelemetry(telemetryInputOf(decodeTelemetry(encodeTelemetry(m), 'telemetry')));
      },
      capture: (c: CaptureRow) => {
        const a = direct.onCapture(captureInput(c)).slice();
        const m = captureMessage(c, { sender: 'twin', seq: seq++, wallTimeMs: 0 });
        const b = wire.onCapture(captureInputOf(decodeCapture(encodeCapture(m), WHERE))).slice();
        rows.push({ a, b });
      },
    });
    expect(rows.length).toBe(20);
    let compared = 0;
    for (const { a, b } of rows) {
      MACHINE_FEATURES.forEach((f, j) => {
        const x = a[j]!;
        const y = b[j]!;
        if (Number.isNaN(x)) {
          expect(y, f.name).toBeNaN();
          return;
        }
        // 16 bits against each channel's peak moves a feature by about 1e-4 of its value, and
        // a line's height over its envelope-spectrum floor by up to about 4e-3 dB (the rounding
        // adds a little to a quiet floor)
        expect(Math.abs(x - y), `${f.name}: ${x} vs ${y}`).toBeLessThanOrEqual(
          5e-3 + 2e-4 * Math.abs(x),
        );
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(rows.length * 80);
  });
});
