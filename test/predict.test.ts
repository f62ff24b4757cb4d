// predict: a model's outputs on recordings that have no labels, and alarms as a node raises them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsvFile } from '../src/data/csv.js';
import { readDataset } from '../src/data/dataset.js';
import { importWaveforms } from '../src/data/import-waveforms.js';
import { tableFromColumns } from '../src/data/table.js';
import { predictBundle, realTimeAlarms } from '../src/models/predict.js';
import { singleCapture } from '../src/twin/single-capture.js';
import { trainTestBundle } from './support/train.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-predict-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A 2 s, 12 kHz twin recording of a mode, as the one-column CSV import reads. */
async function recording(name: string, mode: 'normal' | 'outer_race' | 'inner_race', seed: number) {
  const c = singleCapture({
    mode,
    severity: mode === 'normal' ? 0 : 0.4,
    speedRpm: 1500 + 37 * (seed % 7),
    durationS: 2,
    seed,
    fsHz: 12_000,
  });
  await writeCsvFile(
    join(dir, name),
    tableFromColumns([{ name: 'accel_g', type: 'float32', data: c.accelG }]),
  );
  return 1500 + 37 * (seed % 7);
}

describe('realTimeAlarms', () => {
  it('raises an alarm at the k-th positive of a run, per machine in time order, and drops it at a negative', () => {
    // machine a in time order 0..6: + + - + + + -; b (rows given out of time order): + + +
    const ids = ['a', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b'];
    const time = [0, 1, 2, 3, 4, 5, 6, 12, 10, 11];
    const positive = [1, 1, 0, 1, 1, 1, 0, 1, 1, 1];
    const { alarm, since } = realTimeAlarms(ids, time, positive, 2);
    expect([...alarm]).toEqual([0, 1, 0, 0, 1, 1, 0, 1, 0, 1]);
    expect([...since].map((v) => (Number.isNaN(v) ? null : v))).toEqual([
      null,
      0,
      null,
      null,
      3,
      3,
      null,
      10,
      null,
      10,
    ]);
    // booleans read as 0/1
    expect([
      ...realTimeAlarms(
        ids,
        time,
        positive.map((p) => p === 1),
        2,
      ).alarm,
    ]).toEqual([...alarm]);
    // what no alarm can be raised from
    expect(() => realTimeAlarms(ids, time, positive, 0)).toThrow(
      /^debounce: expected an integer >= 1/,
    );
    expect(() => realTimeAlarms(ids, time.slice(1), positive, 2)).toThrow(
      /expected one entry per row each, got 10, 9, 10/,
    );
    expect(() => realTimeAlarms(ids, [...time.slice(0, 9), NaN], positive, 2)).toThrow(
      /^time\[9\]: expected a finite time, got NaN \(machine b\)/,
    );
    // debounce 3: only a's second run and b's run reach it
    expect([...realTimeAlarms(ids, time, positive, 3).alarm]).toEqual([
      0, 0, 0, 0, 0, 1, 0, 1, 0, 0,
    ]);
  });
});

describe('predict on recordings without labels', () => {
  it('imports recordings with no label column and names their faults with a model trained on labelled ones', async () => {
    const labelled = ['file,label,fs,rpm,machine'];
    const modes = ['normal', 'outer_race', 'inner_race'] as const;
    for (const [k, mode] of modes.entries())
      for (let j = 0; j < 6; j++) {
        const rpm = await recording(`l-${mode}-${j}.csv`, mode, 100 * k + j);
        labelled.push(`l-${mode}-${j}.csv,${mode},12000,${rpm},${mode}-${j}`);
      }
    await writeFile(join(dir, 'labelled.csv'), `${labelled.join('\n')}\n`);
    await importWaveforms({ manifest: join(dir, 'labelled.csv'), outDir: join(dir, 'train') });
    const bundle = await trainTestBundle(await readDataset(join(dir, 'train')), [
      'fault',
      'anomaly',
    ]);

    // new recordings of the same conditions, listed without a label column
    const unlabelled = ['file,fs,rpm,machine'];
    for (const [k, mode] of modes.entries()) {
      const rpm = await recording(`u-${mode}.csv`, mode, 1000 + k);
      unlabelled.push(`u-${mode}.csv,12000,${rpm},new-${mode}`);
    }
    await writeFile(join(dir, 'unlabelled.csv'), `${unlabelled.join('\n')}\n`);
    const imported = await importWaveforms({
      manifest: join(dir, 'unlabelled.csv'),
      outDir: join(dir, 'new'),
    });
    expect(imported.manifest.labels.has).toEqual({
      mode: false,
      rul: false,
      maintenanceDue: false,
    });
    expect(imported.manifest.labels.classes).toEqual([]);

    const ds = await readDataset(join(dir, 'new'));
    // an anomaly model of unlabelled rows takes each as healthy, and train says so
    const notes: string[] = [];
    await trainTestBundle(ds, ['anomaly'], {}, notes);
    expect(notes).toContainEqual(
      expect.stringMatching(
        /^anomaly: .*new has no labels, so every training row is taken as healthy/,
      ),
    );
    const p = predictBundle(bundle, ds, 'all', 'model.json');
    expect(p.rows).toBe(6); // 3 recordings x 2 windows of 1 s
    expect(p.tasks).toEqual(['fault', 'anomaly']);
    const names = p.columns.map((c) => c.name);
    expect(names.slice(0, 3)).toEqual(['machine_id', 'time', 'fault_pred']);
    expect(names).toContain('anomaly_alarm');
    expect(names.some((n) => n.endsWith('_true'))).toBe(false);
    // each machine at its latest window: the condition it was recorded in
    const byId = new Map(p.machines.map((m) => [m.machineId, m]));
    for (const mode of modes) {
      const m = byId.get(`new-${mode}`)!;
      expect(m.rows).toBe(2);
      expect(m.time).toBe(1);
      expect(m.fault?.name, mode).toBe(mode);
      expect(m.fault!.probability).toBeGreaterThan(0.5);
    }
    // the anomaly model learnt healthy rows only: the faulty recordings stand out
    expect(byId.get('new-normal')!.anomaly!.score).toBeLessThan(
      Math.min(
        byId.get('new-outer_race')!.anomaly!.score,
        byId.get('new-inner_race')!.anomaly!.score,
      ),
    );
  });
});
