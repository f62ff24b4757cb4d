// The package as a library: what `import { ... } from 'pdm-twin'` gives, used the way the README
// shows, through the built entry point that package.json names.
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';

describe('pdm-twin as a library', () => {
  it('makes a capture, reads its bearing lines, and sends it as a message', async () => {
    const f = lib.bearingFrequencies(lib.BEARING_6205, 1797);
    expect(f.bpfoHz / f.shaftHz).toBeCloseTo(3.5848, 4);
    const c = lib.singleCapture({
      mode: 'outer_race',
      severity: 0.5,
      speedRpm: 1797,
      fsHz: 12_000,
      durationS: 1,
    });
    const healthy = lib.singleCapture({
      mode: 'normal',
      severity: 0,
      speedRpm: 1797,
      fsHz: 12_000,
      durationS: 1,
    });
    const line = (x: typeof c) => {
      const r = lib.vibrationFeatures({
        signal: x.accelG,
        fsHz: x.fsHz,
        speedRpm: 1797,
        bearing: lib.BEARING_6205,
      });
      return r.values[lib.VIBRATION_FEATURES.findIndex((s) => s.name === 'env_bpfo_h1_db')]!;
    };
    // the outer-race line stands well above its floor on the faulty capture only
    expect(line(c)).toBeGreaterThan(line(healthy) + 6);
    const topic = lib.machineTopic('plant', 'pump-001', 'capture');
    const bytes = lib.encodeCapture({
      v: 1,
      sender: 'lib-test',
      seq: 0,
      simTimeH: 0,
      wallTimeMs: 0,
      machineId: 'pump-001',
      speedRpm: 1797,
      supplyHz: Number.NaN,
      channels: [{ kind: 'accel_de', fsHz: 12_000, samples: c.accelG }],
    });
    const got = lib.decodeMachineMessage(topic, bytes);
    expect(got.ok && got.value.kind).toBe('capture');
    // the subscription docs/messages.md gives for every machine's telemetry
    expect(lib.kindFilter('machine', 'telemetry')).toBe('pdm/v1/+/machine/+/telemetry');
    // the package's entry point is the build of this file
    const built = (await import('../dist/index.js')) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(lib).sort());
  });
});
