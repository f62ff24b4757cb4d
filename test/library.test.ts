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
    // pdm-twin/features, the feature library alone (no learners, no plots), as package.json
    // maps it, gives the same functions
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, { default: string }>;
    };
    const features = (await import(
      new URL(`../${pkg.exports['./features']!.default}`, import.meta.url).href
    )) as Record<string, unknown>;
    for (const name of [
      'vibrationFeatures',
      'envelopeFeatures',
      'FeatureExtractor',
      'VIBRATION_FEATURES',
    ])
      expect(features[name], name).toBe(built[name]);
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
      // rows as a plain array read as the same numbers; rows of the wrong size are named
      expect([...scorer.score({ ...input, x: [0.1] as never })]).toEqual([...scorer.score(input)]);
      expect(() => scorer.score({ ...input, x: Float64Array.of(0.1, 0.2) })).toThrow(
        /^x: expected n x d = 1 x 1 = 1 values \(row-major\), got 2/,
      );
      expect(() => scorer.score({ ...input, x: 'rows' as never })).toThrow(
        /^x: expected the rows as a Float64Array/,
      );
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

  it("refuses a library caller's mistakes with a PdmError that names the argument", async () => {
    const healthy = {
      mode: 'normal',
      severity: 0,
      speedRpm: 1800,
      fsHz: 12_000,
      durationS: 1,
    } as const;
    const signal = lib.singleCapture(healthy).accelG;
    const ok = { signal, fsHz: 12_000, speedRpm: 1800, bearing: lib.BEARING_6205 };
    // each call as plain JavaScript might make it, types aside
    const call = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err;
      }
      return null;
    };
    const cases: [() => unknown, RegExp][] = [
      [
        () => lib.vibrationFeatures({ ...ok, bearing: undefined } as never),
        /^bearing: expected a bearing geometry/,
      ],
      [
        () => lib.vibrationFeatures({ ...ok, signal: null } as never),
        /^signal: expected the samples as a Float32Array or Float64Array, got null/,
      ],
      [
        () => lib.vibrationFeatures(undefined as never),
        /^input: expected \{ signal, fsHz, speedRpm, bearing \}/,
      ],
      [
        () => lib.vibrationFeatures({ ...ok, fsHz: '12000' } as never),
        /^fsHz: expected a finite rate > 0, got "12000" \(a string\)/,
      ],
      [
        () => lib.vibrationFeatures(ok, { isoLimits: 'II' } as never),
        /^isoLimits: expected three ascending boundaries > 0 mm\/s \(the A\/B, B\/C and C\/D zone limits, as ISO_10816_LIMITS\.II\), got "II"/,
      ],
      [
        () => lib.envelopeFeatures(signal, 12_000, 1800, undefined as never),
        /^bearing: expected a bearing geometry/,
      ],
      [() => lib.singleCapture(undefined as never), /^singleCapture: expected options/],
      [
        () => lib.singleCapture({ ...healthy, seed: -1 }),
        /^seed: expected an integer in \[0, 4294967295\], got -1/,
      ],
      [
        () => lib.singleCapture({ ...healthy, durationS: 0.00001 }),
        /^durationS: expected at least one sample \(0\.0000833 s at 12000 Hz\), got 0\.00001/,
      ],
      [
        () =>
          lib.envelopeFeatures(
            Float64Array.from(signal, (v, i) => (i === 5 ? NaN : v)),
            12_000,
            1800,
            lib.BEARING_6205,
          ),
        /^x: 1 of 12000 samples are not finite numbers/,
      ],
      [
        () => lib.singleCapture({ ...healthy, location: 'mid' } as never),
        /^location: expected de \(drive end\) or fe \(fan end\), got mid/,
      ],
      [
        () => lib.singleCapture({ ...healthy, machine: { motr: {} } } as never),
        /^machine: .*unknown key\(s\) "motr": did you mean "motor"\?/,
      ],
      [
        () => new lib.MachineFeaturePipeline({} as never),
        /^MachineFeaturePipeline: expected options \{ bearings: \{ de, fe \} \}/,
      ],
      [
        () => lib.parseScenario({ seed: 1 } as never),
        /^parseScenario: expected the scenario's YAML or JSON text, got object; scenarioFrom\(object\)/,
      ],
    ];
    for (const [f, message] of cases) {
      const err = call(f);
      expect(lib.isPdmError(err), `${String(message)}: ${String(err)}`).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
    await expect(lib.readVerifiedBundle('model.json', undefined as never)).rejects.toThrow(
      /readVerifiedBundle\(model\.json\): expected options \{ trusted: \[public keys\] \}/,
    );
    // a simulation needs no callbacks to run
    const s = lib.scenarioFrom({ seed: 3, durationH: 24, fleet: [{ count: 1 }] });
    const member = lib.buildFleet(s)[0]!;
    expect(lib.simulateMachine(member, s).machineId).toBe(member.machine.id);
  });

  it('runs the fleet of a scenario machine by machine, with the features generate computes (docs/twin.md)', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../scenarios/quickstart.yaml', import.meta.url), 'utf8');
    // as docs/twin.md gives it, on a shorter run
    const scenario = lib.scenarioFrom({ ...lib.parseScenario(text), durationH: 200 });
    const member = lib.buildFleet(scenario)[0]!;
    const pipeline = new lib.MachineFeaturePipeline(lib.pipelineOptionsFor(member.machine));
    const rows: { tH: number; mode: string; x: Float64Array }[] = [];
    const summary = lib.simulateMachine(member, scenario, {
      telemetry: (t) => {
        pipeline.onTelemetry(lib.telemetryInput(t));
      },
      capture: (c) =>
        rows.push({
          tH: c.tH,
          mode: c.truth.mode,
          x: Float64Array.from(pipeline.onCapture(lib.captureInput(c))),
        }),
      event: (e) => {
        if (e.type === 'maintenance') pipeline.reset();
      },
    });
    expect(summary.machineId).toBe(member.machine.id);
    expect(rows.length).toBeGreaterThan(10);
    const rms = lib.MACHINE_FEATURES.findIndex((f) => f.name === 'acc_rms_g');
    for (const r of rows) expect(r.x).toHaveLength(lib.MACHINE_FEATURES.length);
    expect(rows.at(-1)!.x[rms]).toBeGreaterThan(0);
    // the rows of a generated dataset of the same scenario are these rows
    const dir = await mkdtemp(join(tmpdir(), 'pdm-lib-fleet-'));
    try {
      await lib.generateDataset({
        scenario,
        scenarioFile: null,
        outDir: join(dir, 'ds'),
        workers: 1,
      });
      const ds = await lib.readDataset(join(dir, 'ds'));
      const ids = lib.getColumnData(ds.table, 'machine_id', 'string');
      const time = lib.getColumnData(ds.table, 'time', 'float64');
      const acc = lib.getColumnData(ds.table, 'acc_rms_g', 'float64');
      const mine = ids.flatMap((id, i) => (id === member.machine.id ? [i] : []));
      expect(mine.map((i) => time[i])).toEqual(rows.map((r) => r.tH));
      expect(mine.map((i) => acc[i])).toEqual(rows.map((r) => r.x[rms]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
