// The package as a library: what `import { ... } from 'pdm-twin'` gives, used the way the README
// shows, through the built entry point that package.json names.
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('reads a bundle for use as the command line does: signature and runnable content', async () => {
    const maha = await import('../src/models/anomaly/mahalanobis.js');
    const norm = await import('../src/features/normalize.js');
    const bundles = await import('../src/models/bundle.js');
    const dir = await mkdtemp(join(tmpdir(), 'pdm-lib-'));
    try {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      await writeFile(join(dir, 'ring.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
      const healthy = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7));
      const task = {
        task: 'anomaly' as const,
        algo: 'mahalanobis',
        model: { kind: 'mahalanobis', model: maha.fitMahalanobis(healthy, 40, 1) },
        inputs: ['a'],
        thresholds: { score: 3, debounce: 2 },
        validationMetrics: {},
        config: { normalization: norm.RobustScaler.fit(Array.from(healthy, (v) => [v])).toJSON() },
      };
      const write = async (name: string, tasks: (typeof task)[]) => {
        const b = bundles.sealBundle({
          format: 'pdm-twin/model-bundle',
          formatVersion: 1,
          name: 'lib',
          version: '1',
          createdAt: '2026-01-01T00:00:00Z',
          createdBy: 'test',
          features: { names: ['a'], units: [''], normalization: null },
          data: {
            fingerprint: 'x',
            rows: 40,
            machines: 1,
            timeUnit: 'h',
            horizon: 168,
            source: 'twin',
          },
          tasks,
        });
        await writeFile(
          join(dir, name),
          bundles.serializeBundle(bundles.signBundle(b, privateKey, publicKey)),
        );
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
