// simulate end to end: files on disk, determinism across worker counts, refusal to clobber.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateToDir } from '../src/data/simulate.js';
import { readParquetFile } from '../src/data/parquet.js';
import { getColumnData, rowCount } from '../src/data/table.js';
import { readManifest } from '../src/data/output-dir.js';
import { scenarioFrom } from '../src/twin/scenario.js';

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'pdm-sim-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const scenario = scenarioFrom({
  seed: 9,
  durationH: 96,
  capture: { periodH: 12, durationS: 0.25, sensors: ['de', 'fe'] },
  fleet: [{ count: 3 }],
  faults: {
    inject: [{ machine: 'm-002', mode: 'inner_race', atH: 10, growth: { timeToFailureH: 40 } }],
  },
});

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (d: string, prefix: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.set(`${prefix}${e.name}`, await readFile(join(d, e.name)));
    }
  };
  await walk(dir, '');
  return out;
}

describe('simulate', () => {
  it('writes the same bytes with 1 and 2 workers', async () => {
    const a = await tmp();
    const b = await tmp();
    await simulateToDir({ scenario, scenarioFile: null, outDir: a, workers: 1 });
    await simulateToDir({ scenario, scenarioFile: null, outDir: b, workers: 2 });
    const fa = await filesOf(a);
    const fb = await filesOf(b);
    expect([...fa.keys()].sort()).toEqual([...fb.keys()].sort());
    expect([...fa.keys()]).toContain('captures/m-002.parquet');
    for (const [name, bytes] of fa) expect(bytes.equals(fb.get(name)!), name).toBe(true);
  });

  it('writes readable tables with labels and a complete manifest', async () => {
    const d = await tmp();
    const r = await simulateToDir({ scenario, scenarioFile: null, outDir: d, workers: 2 });
    const m = await readManifest(d);
    expect(m.complete).toBe(true);
    const tel = await readParquetFile(join(d, 'telemetry.parquet'));
    expect(rowCount(tel)).toBe(r.telemetryRows);
    expect(rowCount(tel)).toBe(3 * (96 * 6)); // 3 machines, 10-minute telemetry
    const ids = getColumnData(tel, 'machine_id', 'string');
    const rul = getColumnData(tel, 'rul_h', 'float64');
    const t = getColumnData(tel, 'time_h', 'float64');
    const failing = [...ids.keys()].filter((i) => ids[i] === 'm-002' && Number.isFinite(rul[i]!));
    expect(failing.length).toBeGreaterThan(10);
    const tFail = t[failing[0]!]! + rul[failing[0]!]!;
    for (const i of failing) expect(t[i]! + rul[i]!).toBeCloseTo(tFail, 6);
    const caps = await readParquetFile(join(d, 'captures', 'm-002.parquet'));
    const samples = getColumnData(caps, 'samples', 'float32_list');
    expect(samples[0]!.length).toBe(3000);
    const ev = await readParquetFile(join(d, 'events.parquet'));
    expect(getColumnData(ev, 'type', 'string')).toContain('failure');
    // the overview figure: a PNG, listed in the manifest
    const png = await readFile(join(d, 'overview.png'));
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect((m as unknown as { files: { overview: unknown } }).files.overview).toEqual({
      path: 'overview.png',
    });
  });

  it('refuses to overwrite a result without force, and writes CSV on request', async () => {
    const d = await tmp();
    await simulateToDir({ scenario, scenarioFile: null, outDir: d, workers: 1, captures: false });
    await expect(
      simulateToDir({ scenario, scenarioFile: null, outDir: d, workers: 1 }),
    ).rejects.toThrow(/already holds a result/);
    await simulateToDir({
      scenario,
      scenarioFile: null,
      outDir: d,
      workers: 1,
      force: true,
      format: 'csv',
    });
    const csv = await readFile(join(d, 'telemetry.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^machine_id,time_h,status,/);
    const wave = await readFile(join(d, 'captures', 'm-001.csv'), 'utf8');
    expect(wave.split('\n')[0]).toBe('capture_id,sensor,t_s,value');
    // the manifest describes the CSV files as written: the index without waveforms, and the
    // long-form waveform columns with their types and units
    type Doc = { name: string; type: string; unit: string };
    const m = JSON.parse(await readFile(join(d, 'manifest.json'), 'utf8')) as {
      files: { captures: { columns: Doc[]; waveformColumns: Doc[] } };
    };
    const index = await readFile(join(d, 'captures.csv'), 'utf8');
    expect(m.files.captures.columns.map((c) => c.name).join(',')).toBe(index.split('\n')[0]);
    expect(m.files.captures.waveformColumns.map((c) => c.name).join(',')).toBe(
      'capture_id,sensor,t_s,value',
    );
    expect(m.files.captures.waveformColumns.find((c) => c.name === 't_s')?.unit).toBe('s');
  });

  it('leaves no telemetry and no temporary file when interrupted', async () => {
    const d = await tmp();
    const ctrl = new AbortController();
    const run = simulateToDir({
      scenario,
      scenarioFile: null,
      outDir: d,
      workers: 1,
      signal: ctrl.signal,
      onProgress: (p) => {
        if (p.machinesDone >= 1) ctrl.abort();
      },
    });
    await expect(run).rejects.toThrow(/interrupted before all machines were done/);
    // nothing of the run is left, not even the finished machine's captures: a rerun needs no
    // --force
    expect(await readdir(d)).toEqual([]);
  });

  it('stops at a signal that comes after the last machine, before the manifest', async () => {
    // a folder the run makes: it goes too
    const parent = await tmp();
    const d = join(parent, 'new');
    const ctrl = new AbortController();
    const run = simulateToDir({
      scenario,
      scenarioFile: null,
      outDir: d,
      workers: 2,
      signal: ctrl.signal,
      onProgress: (p) => {
        if (p.machinesDone === p.machines) ctrl.abort();
      },
    });
    await expect(run).rejects.toThrow(/interrupted before the manifest was written/);
    expect(await readdir(parent)).toEqual([]);
  });
});
