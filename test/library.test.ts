// The package as a library: what `import { ... } from 'pdm-twin'` gives, used the way the README
// shows, through the built entry point that package.json names.
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lib from '../src/index.js';
import type { TaskModel } from '../src/models/bundle.js';
import { serializeBundle, signBundle } from '../src/models/bundle.js';
import { anomalyBundle, anomalyTask } from './support/anomaly-bundle.js';

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

  it('reads a bundle for use as the command line does: signature and runnable content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdm-lib-'));
    try {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      await writeFile(join(dir, 'ring.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
      const task = anomalyTask();
      const write = async (name: string, tasks: TaskModel[]) => {
        const b = anomalyBundle('lib', tasks);
        await writeFile(join(dir, name), serializeBundle(signBundle(b, privateKey, publicKey)));
        return join(dir, name);
      };
      const trusted = await lib.loadPublicKeyFile(join(dir, 'ring.pub'));
      const ok = await lib.readVerifiedBundle(await write('ok.json', [task]), { trusted });
      const scorer = lib.scorerForTask(ok.tasks[0]!);
      const input: lib.ScoreInput = {
        x: Float64Array.of(0.1),
        n: 1,
        d: 1,
        machineIds: ['m'],
        time: Float64Array.of(0),
      };
      expect(scorer.score(input).length).toBe(scorer.outputs);
      // signed, but holding the task twice: refused by the library as by the CLI
      const twice = await write('twice.json', [task, task]);
      expect((await lib.readBundleFile(twice)).tasks).toHaveLength(2);
      await expect(lib.readVerifiedBundle(twice, { trusted })).rejects.toThrow(
        /twice\.json: tasks\.1 \(anomaly\): a second anomaly model/,
      );
      await expect(lib.readVerifiedBundle(twice, { trusted: [] })).rejects.toThrow(
        /not among the trusted keys/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
