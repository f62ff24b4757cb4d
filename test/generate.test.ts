// generate end to end: determinism across worker counts, splits by machine, interruption.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNumericColumn, readCsvFile } from '../src/data/csv.js';
import { readParquetFile } from '../src/data/parquet.js';
import { readDataset } from '../src/data/dataset.js';
import { generateDataset } from '../src/data/generate.js';
import { getColumnData } from '../src/data/table.js';
import { scenarioFrom } from '../src/twin/scenario.js';

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'pdm-gen-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const scenario = scenarioFrom({
  seed: 12,
  durationH: 120,
  capture: { periodH: 6, durationS: 0.5, sensors: ['de', 'fe'] },
  fleet: [{ count: 6 }],
  faults: {
    lifeScale: 0.02,
    inject: [
      { machine: 'm-001', mode: 'outer_race', atH: 10, growth: { timeToFailureH: 50 } },
      { machine: 'm-004', mode: 'imbalance', atH: 20, growth: { timeToFailureH: 60 } },
    ],
  },
});

describe('generate', () => {
  it('writes identical files with 1 and 2 workers', async () => {
    const a = await tmp();
    const b = await tmp();
    await generateDataset({ scenario, scenarioFile: null, outDir: a, workers: 1 });
    await generateDataset({ scenario, scenarioFile: null, outDir: b, workers: 2 });
    const names = (await readdir(a)).sort();
    expect(names).toEqual((await readdir(b)).sort());
    expect(names).toContain('features.parquet');
    // the fleet's overview figure, listed in the manifest
    expect(names).toContain('overview.png');
    const manifest = JSON.parse(await readFile(join(a, 'manifest.json'), 'utf8')) as {
      files: Record<string, string>;
    };
    expect(manifest.files.overview).toBe('overview.png');
    // the manifest gives the columns of every table it lists, as the files hold them
    const tables = (await readDataset(a)).manifest.tables;
    for (const t of ['telemetry', 'events']) {
      const file = await readParquetFile(join(a, `${t}.parquet`));
      expect(tables[t]!.columns.map((c) => c.name)).toEqual(file.columns.map((c) => c.name));
      expect(tables[t]!.columns.map((c) => c.type)).toEqual(file.columns.map((c) => c.type));
    }
    expect(tables.captures).toBeUndefined();
    for (const n of names)
      expect((await readFile(join(a, n))).equals(await readFile(join(b, n))), n).toBe(true);
  });

  it("keeps each machine's waveforms, written by the workers, the same with 1 and 2 workers", async () => {
    const a = await tmp();
    const b = await tmp();
    await generateDataset({
      scenario,
      scenarioFile: null,
      outDir: a,
      workers: 1,
      keepWaveforms: true,
    });
    await generateDataset({
      scenario,
      scenarioFile: null,
      outDir: b,
      workers: 2,
      keepWaveforms: true,
    });
    const names = (await readdir(join(a, 'captures'))).sort();
    expect(names).toEqual(
      ['m-001', 'm-002', 'm-003', 'm-004', 'm-005', 'm-006'].map((m) => `${m}.parquet`),
    );
    expect((await readdir(join(b, 'captures'))).sort()).toEqual(names);
    for (const n of names) {
      const bytes = await readFile(join(a, 'captures', n));
      expect(bytes.equals(await readFile(join(b, 'captures', n))), n).toBe(true);
    }
    const caps = await readParquetFile(join(a, 'captures', 'm-001.parquet'));
    const ds = await readDataset(a);
    const rows = getColumnData(ds.table, 'machine_id', 'string').filter((m) => m === 'm-001');
    // one row per accelerometer and capture, each with its whole record
    const sensors = getColumnData(caps, 'sensor', 'string');
    expect(sensors.filter((x) => x.startsWith('accel')).length).toBe(2 * rows.length);
    const samples = getColumnData(caps, 'samples', 'float32_list');
    const fs = getColumnData(caps, 'fs_hz', 'float64');
    const n = getColumnData(caps, 'n_samples', 'int32');
    samples.forEach((w, i) => {
      expect(w.length).toBe(n[i]);
    });
    expect(fs[0]).toBeGreaterThan(0);
    // --format csv: the same waveforms in long form (capture_id, sensor, t_s, value)
    const c = await tmp();
    await generateDataset({
      scenario,
      scenarioFile: null,
      outDir: c,
      workers: 2,
      keepWaveforms: true,
      format: 'csv',
    });
    expect((await readdir(join(c, 'captures'))).sort()).toEqual(
      names.map((x) => x.replace('.parquet', '.csv')),
    );
    const long = await readCsvFile(join(c, 'captures', 'm-001.csv'));
    expect(long.names).toEqual(['capture_id', 'sensor', 't_s', 'value']);
    const first = samples[0]!;
    const value = parseNumericColumn(long, 'value');
    expect(long.rowCount).toBe(samples.reduce((a, w) => a + w.length, 0));
    // the index of the captures (time, speed, labels), one row per capture and sensor
    const index = await readCsvFile(join(c, 'captures.csv'));
    expect(index.names).toContain('capture_id');
    expect(index.names).not.toContain('samples');
    expect(index.rowCount).toBe(
      (await Promise.all(names.map((n) => readParquetFile(join(a, 'captures', n))))).reduce(
        (sum, t) => sum + getColumnData(t, 'capture_id', 'int32').length,
        0,
      ),
    );
    expect((await readDataset(c)).manifest.files.captures).toBe(
      'captures.csv + captures/<machine_id>.csv',
    );
    const capDocs = (await readDataset(c)).manifest.tables.captures!;
    expect(capDocs.columns.map((x) => x.name)).toEqual(index.names);
    expect((capDocs.waveformColumns as { name: string }[]).map((x) => x.name)).toEqual(long.names);
    expect((await readDataset(a)).manifest.tables.captures!.columns.map((x) => x.name)).toEqual(
      caps.columns.map((x) => x.name),
    );
    // float32 written in its shortest form reads back to the same float32
    for (const i of [0, 1, first.length - 1]) expect(Math.fround(value[i]!)).toBe(first[i]);
  });

  it('splits by machine: no machine in two splits, every row in its machine split', async () => {
    const d = await tmp();
    await generateDataset({ scenario, scenarioFile: null, outDir: d, workers: 2 });
    const ds = await readDataset(d);
    const s = ds.manifest.splits;
    const all = [...s.train, ...s.validation, ...s.test];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(['m-001', 'm-002', 'm-003', 'm-004', 'm-005', 'm-006']);
    const ids = getColumnData(ds.table, 'machine_id', 'string');
    expect(new Set(ids).size).toBe(6);
    const mode = getColumnData(ds.table, 'mode', 'string');
    const bpfo = getColumnData(ds.table, 'env_bpfo_h1_db', 'float64');
    // the injected outer-race defect shows in its own feature
    const orRows = [...mode.keys()].filter((i) => mode[i] === 'outer_race' && ids[i] === 'm-001');
    expect(orRows.length).toBeGreaterThan(3);
    expect(Math.max(...orRows.map((i) => bpfo[i]!))).toBeGreaterThan(15);
    expect(ds.manifest.modelFeatures).toContain('env_bpfo_h1_db');
    expect(ds.manifest.modelFeatures).not.toContain('acc_rms_g');
  });

  it('leaves an interrupted run recognisably incomplete and refuses to reuse it silently', async () => {
    const d = await tmp();
    const ctrl = new AbortController();
    const run = generateDataset({
      scenario,
      scenarioFile: null,
      outDir: d,
      workers: 1,
      keepWaveforms: true,
      signal: ctrl.signal,
      onProgress: (p) => {
        if (p.machinesDone >= 1) ctrl.abort();
      },
    });
    await expect(run).rejects.toThrow(/interrupted before all machines were done/);
    // Everything of the run is removed: the tables streamed so far and the finished machines'
    // captures, so the folder is as it was and a rerun needs no --force.
    expect(await readdir(d)).toEqual([]);
    // What a killed process leaves (no chance to clean up) is refused, not read as a dataset.
    await writeFile(join(d, 'telemetry.parquet'), 'PAR1');
    await expect(readDataset(d)).rejects.toThrow(/did not finish/);
    await expect(
      generateDataset({ scenario, scenarioFile: null, outDir: d, workers: 1 }),
    ).rejects.toThrow(/unfinished earlier run \(telemetry\.parquet\)/);
  });

  it('stops at a signal that comes after the last machine, before the manifest', async () => {
    const d = await tmp();
    const ctrl = new AbortController();
    const run = generateDataset({
      scenario,
      scenarioFile: null,
      outDir: d,
      workers: 2,
      keepWaveforms: true,
      signal: ctrl.signal,
      onProgress: (p) => {
        if (p.machinesDone === p.machines) ctrl.abort();
      },
    });
    await expect(run).rejects.toThrow(/interrupted before the manifest was written/);
    expect(await readdir(d)).toEqual([]);
  });
});
