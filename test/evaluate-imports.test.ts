// Models trained and scored on imported tables: what evaluate counts on test sets cut before
// failure, and what train and evaluate do with labels a table lacks.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../src/data/dataset.js';
import { importTable } from '../src/data/import-table.js';
import type { Task } from '../src/models/bundle.js';
import { evaluateBundle } from '../src/models/evaluate.js';
import { ONNX_METADATA_KEY, exportBundleToOnnx } from '../src/models/onnx/export.js';
import onnxProto from 'onnx-proto';
import { missingTrainingLabels } from '../src/models/train.js';
import { TrainConfigSchema } from '../src/models/train-config.js';
import { trainTestBundle } from './support/train.js';
import { failureFlagTable } from './support/failure-flag-table.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-eval-imp-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Units that wear out linearly: whitespace layout, no header; each unit cut `cut[u]` cycles early. */
function engines(lives: readonly number[], cut: readonly number[] = []): string {
  const lines: string[] = [];
  lives.forEach((life, u) => {
    for (let c = 1; c <= life - (cut[u] ?? 0); c++) {
      const wear = c / life;
      const noise = 0.3 * Math.sin(c * 12.9898 + u * 78.233);
      lines.push(
        `${u + 1} ${c} ${(640 + 8 * wear * wear + noise).toFixed(3)} ${(20 * wear).toFixed(3)}`,
      );
    }
  });
  return `${lines.join('\n')}\n`;
}
const names = ['unit', 'cycle', 's1', 's2'];

async function train(dsDir: string, tasks: Task[]) {
  return trainTestBundle(await readDataset(dsDir), tasks, {
    horizon: { gbdt: { rounds: 20 } },
    rul: { gbdt: { rounds: 20 } },
    fault: { gbdt: { rounds: 10 } },
  });
}

describe('evaluate on imported tables', () => {
  it('counts only the failures a test set cut before failure could warn of', async () => {
    const lives = Array.from({ length: 30 }, (_, u) => 60 + ((u * 37) % 50));
    await writeFile(join(dir, 'train.txt'), engines(lives));
    const common = { unit: 'unit', time: 'cycle', header: 'none', names, horizon: 20 } as const;
    await importTable({
      ...common,
      file: join(dir, 'train.txt'),
      outDir: join(dir, 'train'),
      runToFailure: true,
    });
    const bundle = await train(join(dir, 'train'), ['horizon', 'rul']);
    // Lives of 60-109 cycles hold healthy rows (above 2 x 20); a horizon of 60 leaves none, and
    // anomaly is then named as untrainable before anything is trained.
    expect(missingTrainingLabels(await readDataset(join(dir, 'train')), 'anomaly')).toBeNull();
    await importTable({
      ...common,
      horizon: 60,
      file: join(dir, 'train.txt'),
      outDir: join(dir, 'train-h60'),
      runToFailure: true,
    });
    expect(missingTrainingLabels(await readDataset(join(dir, 'train-h60')), 'anomaly')).toMatch(
      /no training row is healthy \(remaining life above twice the horizon, 120 cycles\)/,
    );
    expect(missingTrainingLabels(await readDataset(join(dir, 'train-h60')), 'horizon')).toBeNull();
    // A horizon longer than every record: every row is due, nothing to learn "not yet" from.
    await importTable({
      ...common,
      horizon: 200,
      file: join(dir, 'train.txt'),
      outDir: join(dir, 'train-h200'),
      runToFailure: true,
    });
    expect(missingTrainingLabels(await readDataset(join(dir, 'train-h200')), 'horizon')).toMatch(
      /every training row is within the horizon \(200 cycles\) of its failure.*shorter than the records/,
    );
    // ... unless the model is trained on a shorter label horizon, which is what that is for
    const shorter = TrainConfigSchema.parse({ horizon: { labelHorizonH: 20 } });
    expect(
      missingTrainingLabels(await readDataset(join(dir, 'train-h200')), 'horizon', shorter),
    ).toBeNull();
    // Every unit in the training split: nothing to choose thresholds on, for any task.
    await importTable({
      ...common,
      allIn: 'train',
      file: join(dir, 'train.txt'),
      outDir: join(dir, 'train-only'),
      runToFailure: true,
    });
    const only = await readDataset(join(dir, 'train-only'));
    for (const task of ['fault', 'horizon', 'rul', 'anomaly'] as const) {
      expect(missingTrainingLabels(only, task)).toMatch(/the validation split holds no machine/);
    }
    // Test units cut 5, 15, 25, 40 and 60 cycles before they fail; the horizon is 20 cycles.
    const testLives = [80, 90, 100, 110, 120];
    const cut = [5, 15, 25, 40, 60];
    await writeFile(join(dir, 'test.txt'), engines(testLives, cut));
    await writeFile(join(dir, 'rul.txt'), `${cut.join('\n')}\n`);
    await importTable({
      ...common,
      file: join(dir, 'test.txt'),
      outDir: join(dir, 'test'),
      finalRulFile: join(dir, 'rul.txt'),
    });
    const ds = await readDataset(join(dir, 'test'));
    const ev = evaluateBundle(bundle, ds, 'all', 'bundle');
    const horizon = ev.tasks.find((t) => t.task === 'horizon')!.metrics;
    // Only units whose last row is within the horizon of their failure (cut <= 20) count.
    expect(horizon.failures).toBe(cut.filter((c) => c <= 20).length);
    // lead times and alarm rates are in the table's unit, and the metrics say which
    expect(horizon.time_unit).toBe('cycles');
    // false alarms per machine and 1,000 cycles (a machine-month of cycles means nothing)
    expect(horizon).not.toHaveProperty('false_alarms_per_machine_month');
    expect(horizon).not.toHaveProperty('monitored_machine_h');
    // and so are the validation metrics the bundle carries
    const vm = bundle.tasks.find((t) => t.task === 'horizon')!.validationMetrics;
    expect(vm).not.toHaveProperty('false_alarms_per_machine_month');
    expect(vm.time_unit).toBe('cycles');
    expect(typeof vm.false_alarms_per_1000).toBe('number');
    const monitored = horizon.monitored_machine_time as number;
    // each unit is watched from its first row to its last: lives less the cut, less one cycle
    expect(monitored).toBeCloseTo(sumOf(testLives.map((l, u) => l - cut[u]! - 1)), 6);
    expect(horizon.false_alarms_per_1000).toBeCloseTo(
      ((horizon.false_alarms as number) / monitored) * 1000,
      9,
    );
    // RUL is scored at each unit's last row, as the benchmarks do.
    const scored = ev.tasks
      .find((t) => t.task === 'rul')!
      .predictions.find((c) => c.name === 'rul_scored')!.data as Uint8Array;
    expect(scored.reduce((a, b) => a + b, 0)).toBe(testLives.length);
    expect(ev.skipped).toEqual([]);
  });

  it('trains RUL at the cap the table was imported with, and counts each unit one failure', async () => {
    const lives = Array.from({ length: 30 }, (_, u) => 60 + ((u * 37) % 50));
    await writeFile(join(dir, 'capped.txt'), engines(lives));
    await importTable({
      unit: 'unit',
      time: 'cycle',
      names,
      horizon: 20,
      rulCap: 50,
      file: join(dir, 'capped.txt'),
      outDir: join(dir, 'capped'),
      runToFailure: true,
    });
    const ds = await readDataset(join(dir, 'capped'));
    const bundle = await train(join(dir, 'capped'), ['horizon', 'rul']);
    const ev = evaluateBundle(bundle, ds, 'all', 'bundle');
    const horizon = ev.tasks.find((t) => t.task === 'horizon')!.metrics;
    expect(horizon.failures).toBe(lives.length);
    expect(horizon.event_recall as number).toBeGreaterThan(0.5);
    const rul = ev.tasks.find((t) => t.task === 'rul')!;
    expect(rul.metrics.cap).toBe(50);
    // the same table read in hours: a model of cycles is not scored on it as if right
    await importTable({
      unit: 'unit',
      time: 'cycle',
      names,
      horizon: 20,
      timeUnit: 'h',
      file: join(dir, 'capped.txt'),
      outDir: join(dir, 'capped-h'),
      runToFailure: true,
    });
    const inHours = await readDataset(join(dir, 'capped-h'));
    expect(inHours.manifest.timeUnit).toBe('h');
    expect(() => evaluateBundle(bundle, inHours, 'all', 'b.json')).toThrow(
      /^b\.json: its horizon model counts time in cycles, .* and .* in h: import the data in cycles/,
    );
    // 30 units give 6 validation machines: too few for a level under 1 at 0.8 (train-rul.ts),
    // so the interval is the worst validation error's, and evaluate says it is not 80 %
    const rulModel = bundle.tasks.find((t) => t.task === 'rul')!;
    expect(rulModel.validationMetrics.calibration_level).toBe(1);
    expect(rul.metrics.interval_calibrated).toBe(false);
    expect(ev.warnings).toContainEqual(
      expect.stringMatching(
        /^rul: the interval of bundle is not a calibrated 0\.8 interval: its 6 validation machines were too few/,
      ),
    );
    // calibrated at a level under 1: nothing said
    const calibrated = {
      ...bundle,
      tasks: bundle.tasks.map((t) =>
        t.task === 'rul'
          ? { ...t, validationMetrics: { ...t.validationMetrics, calibration_level: 0.9 } }
          : t,
      ),
    };
    const ev2 = evaluateBundle(calibrated, ds, 'all', 'bundle');
    expect(ev2.tasks.find((t) => t.task === 'rul')!.metrics.interval_calibrated).toBe(true);
    expect(ev2.warnings.filter((w) => w.startsWith('rul:'))).toEqual([]);
  });

  it('leaves anomaly out of a labelled table with no class named normal', async () => {
    const rows = ['id,a,b,cls'];
    for (let i = 0; i < 300; i++) {
      const cls = ['crack', 'wear', 'ok'][i % 3]!;
      rows.push(`${i},${(i % 3) + 0.1 * Math.sin(i)},${Math.cos(i)},${cls}`);
    }
    await writeFile(join(dir, 'lab.csv'), `${rows.join('\n')}\n`);
    await importTable({
      file: join(dir, 'lab.csv'),
      outDir: join(dir, 'lab'),
      label: 'cls',
      exclude: ['id'],
    });
    const ds = await readDataset(join(dir, 'lab'));
    expect(missingTrainingLabels(ds, 'fault')).toBeNull();
    expect(missingTrainingLabels(ds, 'anomaly')).toMatch(/no class is named normal/);
    expect(missingTrainingLabels(ds, 'rul')).toMatch(/no remaining-life labels/);
    // A fault model trains and scores on it.
    const bundle = await train(join(dir, 'lab'), ['fault']);
    const ev = evaluateBundle(bundle, ds, 'test', 'bundle');
    expect(ev.tasks.map((t) => t.task)).toEqual(['fault']);
    expect(ev.tasks[0]!.metrics.accuracy).toBeGreaterThan(0.9);
    // configured inputs must be features: a label (told the answer) or a typo is refused
    // before anything trains, naming the config key
    const configured = (fault: Record<string, unknown>) =>
      trainTestBundle(ds, ['fault'], { fault: { gbdt: { rounds: 3 }, ...fault } });
    await expect(configured({ features: ['a', 'mode'] })).rejects.toThrow(
      /^fault\.features: mode is a label column of .*lab, not a feature/,
    );
    await expect(configured({ extraFeatures: ['time'] })).rejects.toThrow(
      /^fault\.extraFeatures: time is a row identifier column/,
    );
    await expect(configured({ features: ['a', 'bb'] })).rejects.toThrow(
      /^fault\.features: .*lab has no feature bb; did you mean b\?/,
    );
  });

  it('sets the anomaly threshold from healthy training rows when no validation row is healthy', async () => {
    const rows = ['unit,t,a,b,cls'];
    for (let u = 0; u < 9; u++)
      for (let t = 0; t < 20; t++)
        rows.push(
          `v${u},${t},${(u < 6 ? 0 : 4) + 0.3 * Math.sin(u * 20 + t)},${Math.cos(t + u)},${u < 6 ? 'normal' : 'worn'}`,
        );
    await writeFile(join(dir, 'healthy.csv'), `${rows.join('\n')}\n`);
    await importTable({
      file: join(dir, 'healthy.csv'),
      outDir: join(dir, 'healthy'),
      unit: 'unit',
      time: 't',
      label: 'cls',
    });
    const read = await readDataset(join(dir, 'healthy'));
    const ds = {
      ...read,
      manifest: {
        ...read.manifest,
        splits: {
          train: ['v0', 'v1', 'v2', 'v3', 'v4', 'v6'],
          validation: ['v7'],
          test: ['v5', 'v8'],
        },
      },
    };
    const notes: string[] = [];
    const bundle = await trainTestBundle(ds, ['anomaly'], {}, notes);
    const t = bundle.tasks[0]!;
    expect(Number.isFinite(t.thresholds.score)).toBe(true);
    expect(t.validationMetrics.threshold_from).toBe('healthy training rows');
    expect(notes).toContainEqual(expect.stringMatching(/^anomaly: no validation row is healthy/));
    // the worn machine scores above it; the healthy test machine mostly below
    const ev = evaluateBundle(bundle, ds, 'test', 'b.json').tasks[0]!;
    expect(ev.metrics.roc_auc as number).toBeGreaterThan(0.9);
  });

  it('says when held-out machines hold a class no training machine has', async () => {
    // 15 units of 20 rows: crack, wear and ok by a level of a, five units each
    const rows = ['unit,t,a,b,cls'];
    for (let u = 0; u < 15; u++) {
      const k = Math.floor(u / 5);
      for (let t = 0; t < 20; t++)
        rows.push(
          `u${u},${t},${3 * k + 0.2 * Math.sin(u * 20 + t)},${Math.cos(t)},${['ok', 'wear', 'crack'][k]}`,
        );
    }
    await writeFile(join(dir, 'units.csv'), `${rows.join('\n')}\n`);
    await importTable({
      file: join(dir, 'units.csv'),
      outDir: join(dir, 'units'),
      unit: 'unit',
      time: 't',
      label: 'cls',
    });
    const read = await readDataset(join(dir, 'units'));
    // Every crack unit held out: 3 validation, 2 test (as a split by machine can fall)
    const crack = ['u10', 'u11', 'u12', 'u13', 'u14'];
    const others = (ids: readonly string[]) => ids.filter((id) => !crack.includes(id));
    const sp = read.manifest.splits;
    const ds = {
      ...read,
      manifest: {
        ...read.manifest,
        splits: {
          train: others(sp.train),
          validation: [...others(sp.validation), 'u10', 'u11', 'u12'],
          test: [...others(sp.test), 'u13', 'u14'],
        },
      },
    };
    const notes: string[] = [];
    const bundle = await trainTestBundle(ds, ['fault'], { fault: { gbdt: { rounds: 10 } } }, notes);
    expect(notes.filter((n) => n.includes('no training machine has'))).toEqual([
      expect.stringMatching(
        /^fault: no training machine has crack, .*\(crack: 100 rows\): the model cannot name it/,
      ),
    ]);
    const ev = evaluateBundle(bundle, ds, 'test', 'b.json');
    expect(ev.tasks[0]!.metrics.unseen_classes).toEqual(['crack']);
    const n = (ev.tasks[0]!.predictions[0]!.data as string[]).length;
    expect(ev.warnings).toContainEqual(
      `fault: the fault model of b.json was not trained on crack (40 of ${n} rows): it cannot name it, so those rows count wrong (unseen_classes in metrics.json)`,
    );
    // None when every class scored was learnt
    const seen = evaluateBundle(bundle, ds, 'train', 'b.json');
    expect(seen.warnings.filter((w) => w.includes('not trained on'))).toEqual([]);
  });

  it("reads a test table's category codes as the model learnt them, by value", async () => {
    // The class is set by the grade (a category) alone: A wear, B ok, C crack.
    const cls: Record<string, string> = { A: 'wear', B: 'normal', C: 'crack', D: 'normal' };
    const table = (grades: string[]) =>
      ['id,grade,x,cls']
        .concat(grades.map((g, i) => `${i},${g},${Math.sin(i).toFixed(3)},${cls[g]}`))
        .join('\n') + '\n';
    const abc = Array.from({ length: 300 }, (_, i) => 'ABC'[i % 3]!);
    await writeFile(join(dir, 'grades.csv'), table(abc));
    await importTable({
      file: join(dir, 'grades.csv'),
      outDir: join(dir, 'grades'),
      label: 'cls',
      exclude: ['id'],
    });
    const bundle = await train(join(dir, 'grades'), ['fault']);
    expect(bundle.features.categories).toEqual({ grade: ['A', 'B', 'C'] });
    // the ONNX export's metadata carries the codes and the data's time unit
    const proto = onnxProto.onnx.ModelProto.decode(exportBundleToOnnx(bundle).bytes);
    const meta = JSON.parse(
      proto.metadataProps.find((p) => p.key === ONNX_METADATA_KEY)!.value!,
    ) as { categories: unknown; timeUnit: string };
    expect(meta.categories).toEqual({ grade: ['A', 'B', 'C'] });
    expect(meta.timeUnit).toBe(bundle.data.timeUnit);
    // Held-out tables: B and C only (coded 0 and 1 there, 1 and 2 in training), and one that
    // also holds D, a grade the model never saw.
    const scored = async (name: string, grades: string[]) => {
      await writeFile(join(dir, `${name}.csv`), table(grades));
      await importTable({
        file: join(dir, `${name}.csv`),
        outDir: join(dir, name),
        label: 'cls',
        exclude: ['id'],
        allIn: 'test',
      });
      return evaluateBundle(bundle, await readDataset(join(dir, name)), 'test', 'bundle');
    };
    const bc = Array.from({ length: 60 }, (_, i) => 'BC'[i % 2]!);
    const ev = await scored('grades-bc', bc);
    expect((await readDataset(join(dir, 'grades-bc'))).manifest.categories).toEqual({
      grade: ['B', 'C'],
    });
    expect(ev.tasks[0]!.metrics.accuracy).toBe(1);
    expect(ev.warnings).toEqual([]);
    const bcd = await scored('grades-bcd', [...bc, 'D', 'D']);
    expect(bcd.warnings).toContainEqual(
      expect.stringMatching(/column grade: D not among .*A, B, C.*missing/),
    );
    // A bundle that learnt the column as numbers refuses a table that holds categories.
    const numeric = { ...bundle, features: { ...bundle.features, categories: {} } };
    const bcData = await readDataset(join(dir, 'grades-bc'));
    expect(() => evaluateBundle(numeric, bcData, 'test', 'b')).toThrow(
      /column grade of .* holds categories \(B, C\), but the model learnt it as numbers/,
    );
  });

  it('names a rare failure by a threshold chosen on validation, not by the most probable class', async () => {
    const file = join(dir, 'flags.csv');
    await writeFile(file, failureFlagTable(10_000, 3));
    const out = join(dir, 'flags');
    await importTable({
      file,
      outDir: out,
      label: 'Machine failure',
      exclude: ['UDI', 'Product ID'],
    });
    const ds = await readDataset(out);
    const bundle = await trainTestBundle(ds, ['fault']);
    const fault = bundle.tasks[0]!;
    const threshold = fault.thresholds.probability!;
    // failures are about 5 % of rows: the best cut lies well below one half
    expect(threshold).toBeGreaterThan(0.05);
    expect(threshold).toBeLessThan(0.45);
    const recallOf = (b: typeof bundle) => {
      const m = evaluateBundle(b, ds, 'test', 'bundle').tasks[0]!.metrics as {
        macro_f1: number;
        per_class: { label: string; recall: number }[];
      };
      return { macro: m.macro_f1, recall: m.per_class.find((c) => c.label === 'failure')!.recall };
    };
    const tuned = recallOf(bundle);
    const argmax = recallOf({ ...bundle, tasks: [{ ...fault, thresholds: {} }] });
    expect(tuned.recall).toBeGreaterThan(argmax.recall + 0.05);
    expect(tuned.macro).toBeGreaterThan(argmax.macro);
  });
});

function sumOf(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
