import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MACHINE_FEATURES, MachineFeaturePipeline } from '../features/machine-features.js';
import { BEARING_6203, BEARING_6205 } from '../twin/bearing.js';
import { singleCapture } from '../twin/single-capture.js';
import { writeCsvFile } from './csv.js';
import { readDataset } from './dataset.js';
import { importWaveforms } from './import-waveforms.js';
import { recordedRpm } from './recordings.js';
import { getColumnData, tableFromColumns } from './table.js';
import { ISO_10816_LIMITS, isoZone } from '../features/velocity.js';
import { doubleMatrix, matFile } from '../../test/support/mat-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-wave-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeWave(
  name: string,
  accel: Float32Array,
  fs: number,
  withTime = true,
): Promise<void> {
  const t = Float64Array.from(accel, (_, i) => i / fs);
  await writeCsvFile(
    join(dir, name),
    tableFromColumns([
      ...(withTime ? [{ name: 't', type: 'float64' as const, data: t }] : []),
      { name: 'accel_g', type: 'float32', data: accel },
    ]),
  );
}

/** A 12 kHz twin capture (singleCapture) written as a recording CSV (writeWave), returned. */
async function twinWave(
  name: string,
  o: Omit<Parameters<typeof singleCapture>[0], 'fsHz'> & { withTime?: boolean },
): Promise<ReturnType<typeof singleCapture>> {
  const { withTime = true, ...capture } = o;
  const c = singleCapture({ ...capture, fsHz: 12_000 });
  await writeWave(name, c.accelG, 12_000, withTime);
  return c;
}

describe('import waveforms', () => {
  it('round-trips a twin capture through CSV to the same features as in memory', async () => {
    const c = await twinWave('or.csv', {
      mode: 'outer_race',
      severity: 0.3,
      speedRpm: 1797,
      durationS: 2,
      seed: 4,
    });
    await twinWave('ok.csv', {
      mode: 'normal',
      severity: 0,
      speedRpm: 1797,
      durationS: 1,
      seed: 5,
      withTime: false,
    });
    await writeFile(
      join(dir, 'm.csv'),
      'file,label,fs,rpm,load\nor.csv,outer_race,12000,1797,0.75\nok.csv,normal,12000,1797,0.75\n',
    );
    const r = await importWaveforms({
      manifest: join(dir, 'm.csv'),
      outDir: join(dir, 'ds'),
      windowS: 1,
    });
    expect(r.windows).toBe(3);
    const ds = await readDataset(join(dir, 'ds'));
    expect(getColumnData(ds.table, 'mode', 'string')).toEqual([
      'outer_race',
      'outer_race',
      'normal',
    ]);
    const pipeline = new MachineFeaturePipeline({
      bearings: { de: BEARING_6205, fe: BEARING_6205 },
    });
    const expected = pipeline.onCapture({
      tH: 0,
      speedRpm: 1797,
      channels: [{ location: 'de', fsHz: 12_000, samples: c.accelG.subarray(12_000, 24_000) }],
    });
    for (const [j, f] of MACHINE_FEATURES.entries()) {
      if (f.name === 'load') continue;
      const got = getColumnData(ds.table, f.name, 'float64')[1]!;
      if (Number.isNaN(expected[j]!)) expect(got, f.name).toBeNaN();
      // float32 samples held as float64 after the CSV round trip: equal to rounding
      else
        expect(Math.abs(got - expected[j]!), f.name).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(expected[j]!)),
        );
    }
    expect(getColumnData(ds.table, 'env_bpfo_h1_db', 'float64')[0]).toBeGreaterThan(15);
  });

  it('turns recordings in other units into g by their scale', async () => {
    const c = await twinWave('in-g.csv', {
      mode: 'outer_race',
      severity: 0.3,
      speedRpm: 1797,
      durationS: 1,
      seed: 8,
      withTime: false,
    });
    // the same capture in m/s^2, as some rigs record it
    await writeWave(
      'in-ms2.csv',
      c.accelG.map((v) => v * 9.80665),
      12_000,
      false,
    );
    await writeFile(
      join(dir, 'units.csv'),
      'file,label,fs,rpm,scale\nin-g.csv,outer_race,12000,1797,\nin-ms2.csv,outer_race,12000,1797,0.101971621\n',
    );
    await importWaveforms({ manifest: join(dir, 'units.csv'), outDir: join(dir, 'units') });
    const ds = await readDataset(join(dir, 'units'));
    for (const name of ['acc_rms_g', 'vel_rms_mm_s', 'amp_1x_g', 'env_bpfo_h1_db']) {
      const [a, b] = getColumnData(ds.table, name, 'float64');
      expect(Math.abs(b! / a! - 1), name).toBeLessThan(1e-6);
    }
    await writeFile(
      join(dir, 'units-bad.csv'),
      'file,label,fs,rpm,scale\nin-g.csv,outer_race,12000,1797,-1\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'units-bad.csv'), outDir: join(dir, 'units-bad') }),
    ).rejects.toThrow(/units-bad\.csv:2:5 \(scale\): expected a factor > 0 that turns .* into g/);
  });

  it("reads each recording's defect lines at the orders of its own bearing", async () => {
    // a fan-end-sized 6203 (BPFO 3.05 orders) where the import's default is a 6205 (3.58)
    await twinWave('or6203.csv', {
      mode: 'outer_race',
      severity: 0.3,
      speedRpm: 1797,
      durationS: 1,
      seed: 7,
      bearing: BEARING_6203,
    });
    await writeFile(
      join(dir, 'mb.csv'),
      'file,label,fs,rpm,machine,bearing\n' +
        'or6203.csv,outer_race,12000,1797,own,8 6.75 28.5 0\n' +
        'or6203.csv,outer_race,12000,1797,default,\n',
    );
    await importWaveforms({ manifest: join(dir, 'mb.csv'), outDir: join(dir, 'mb') });
    const ds = await readDataset(join(dir, 'mb'));
    const ids = getColumnData(ds.table, 'machine_id', 'string');
    const bpfo = getColumnData(ds.table, 'env_bpfo_h1_db', 'float64');
    const own = bpfo[ids.indexOf('own')]!;
    const assumed = bpfo[ids.indexOf('default')]!;
    expect(own).toBeGreaterThan(15);
    expect(own - assumed).toBeGreaterThan(8);
    await writeFile(
      join(dir, 'mb-bad.csv'),
      'file,label,fs,rpm,bearing\nor6203.csv,outer_race,12000,1797,8 6.75\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'mb-bad.csv'), outDir: join(dir, 'mb-bad') }),
    ).rejects.toThrow(
      /mb-bad\.csv:2:5 \(bearing\): expected "n d_mm D_mm \[angle_deg\]", separated by spaces or ; \(for a 6205: 9 7\.94 39\.04 0\), got "8 6\.75"/,
    );
  });

  it('estimates the speed of a recording whose rpm cell is empty, and says so', async () => {
    await twinWave('or-nospeed.csv', {
      mode: 'outer_race',
      severity: 0.4,
      speedRpm: 1750,
      durationS: 1,
      seed: 8,
    });
    await writeFile(join(dir, 'ms.csv'), 'file,label,fs,rpm\nor-nospeed.csv,outer_race,12000,\n');
    await importWaveforms({ manifest: join(dir, 'ms.csv'), outDir: join(dir, 'ms') });
    const ds = await readDataset(join(dir, 'ms'));
    expect(getColumnData(ds.table, 'q_speed_estimated', 'float64')[0]).toBe(1);
    // within 1 % (the 1 s window resolves 60 rpm per bin; the estimate interpolates)
    expect(Math.abs(getColumnData(ds.table, 'speed_rpm', 'float64')[0]! - 1750)).toBeLessThan(17.5);
    expect(getColumnData(ds.table, 'env_bpfo_h1_db', 'float64')[0]).toBeGreaterThan(15);
    await writeFile(
      join(dir, 'ms-bad.csv'),
      'file,label,fs,rpm\nor-nospeed.csv,outer_race,12000,-5\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'ms-bad.csv'), outDir: join(dir, 'ms-bad') }),
    ).rejects.toThrow(/ms-bad\.csv:2:4 \(rpm\): expected a shaft speed .* or an empty cell/);
  });

  it('puts every machine in one split on request, and shares six bearings out to all three', async () => {
    const lines = ['file,label,fs,rpm,machine'];
    for (const [i, mode] of (['normal', 'outer_race', 'inner_race'] as const).entries())
      for (const k of [1, 2]) {
        await twinWave(`six-${mode}-${k}.csv`, {
          mode,
          severity: 0.4,
          speedRpm: 1500,
          durationS: 1,
          seed: 10 * i + k,
        });
        lines.push(`six-${mode}-${k}.csv,${mode},12000,1500,${mode}-${k}`);
      }
    await writeFile(join(dir, 'six.csv'), `${lines.join('\n')}\n`);
    // two of each condition: each label's pair splits 1 / 1 / 0, and test gets one from validation
    const shared = await importWaveforms({
      manifest: join(dir, 'six.csv'),
      outDir: join(dir, 'six'),
    });
    const sp = shared.manifest.splits;
    expect([sp.train.length, sp.validation.length, sp.test.length]).toEqual([3, 2, 1]);
    const held = await importWaveforms({
      manifest: join(dir, 'six.csv'),
      outDir: join(dir, 'six-held'),
      allIn: 'test',
      format: 'csv',
    });
    const csv = await readFile(join(dir, 'six-held', 'features.csv'), 'utf8');
    expect(csv.trimEnd().split('\n')).toHaveLength(1 + held.windows);
    expect(held.manifest.splits.test).toHaveLength(6);
    expect([held.manifest.splits.train, held.manifest.splits.validation]).toEqual([[], []]);
  });

  it('imports run-to-failure recordings: history carried per machine, RUL from its last', async () => {
    // machine A: 12 healthy hourly snapshots, then an outer-race defect growing to failure;
    // machine B: 3 snapshots, listed first and out of time order in the manifest
    const lines = ['file,fs,rpm,machine,time'];
    for (let h = 0; h < 16; h++) {
      const sev = h < 12 ? 0 : 0.15 * (h - 11);
      await twinWave(`a${h}.csv`, {
        mode: sev === 0 ? 'normal' : 'outer_race',
        severity: sev,
        speedRpm: 1797,
        durationS: 1,
        seed: 100 + h,
        withTime: false,
      });
      lines.push(`a${h}.csv,12000,1797,A,${h}`);
    }
    for (const h of [2, 0, 1]) {
      await twinWave(`b${h}.csv`, {
        mode: 'normal',
        severity: 0,
        speedRpm: 1797,
        durationS: 1,
        seed: 200 + h,
        withTime: false,
      });
      lines.splice(1, 0, `b${h}.csv,12000,1797,B,${h}`);
    }
    // machine C: its first recording on another bearing, then three on the default one; its
    // history starts afresh on both, whatever machine A left in the default one's pipeline
    lines.push(
      'b0.csv,12000,1797,C,0,"8,6.75,28.5,0"',
      'b0.csv,12000,1797,C,1,',
      'b1.csv,12000,1797,C,2,',
      'b2.csv,12000,1797,C,3,',
    );
    lines[0] = `${lines[0]!},bearing`;
    for (let i = 1; i < lines.length - 4; i++) lines[i] = `${lines[i]!},`;
    await writeFile(join(dir, 'rtf.csv'), `${lines.join('\n')}\n`);
    const r = await importWaveforms({
      manifest: join(dir, 'rtf.csv'),
      outDir: join(dir, 'rtf'),
      runToFailure: true,
      horizonH: 3,
    });
    expect(r.windows).toBe(23);
    const ds = await readDataset(join(dir, 'rtf'));
    expect(ds.manifest.timeUnit).toBe('h');
    expect(ds.manifest.labels.has).toEqual({ mode: false, rul: true, maintenanceDue: true });
    const ids = getColumnData(ds.table, 'machine_id', 'string');
    const t = getColumnData(ds.table, 'time', 'float64');
    const rul = getColumnData(ds.table, 'rul', 'float64');
    const due = getColumnData(ds.table, 'maintenance_due', 'bool');
    // B first (first in the manifest), in time order; it fails at the end of its last window
    expect(ids.slice(0, 4)).toEqual(['B', 'B', 'B', 'A']);
    expect(Array.from(t.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(rul[0]).toBeCloseTo(2 + 1 / 3600, 9);
    expect(rul[3]).toBeCloseTo(15 + 1 / 3600, 9);
    expect(Array.from(due.subarray(3, 19))).toEqual([...new Array<number>(13).fill(0), 1, 1, 1]);
    // history carried across A's recordings: the envelope line has grown from its baseline
    const change = getColumnData(ds.table, 'env_max_h1_db_change', 'float64');
    const lastA = ids.lastIndexOf('A');
    expect(change[lastA]).toBeGreaterThan(10);
    expect(Math.abs(change[10]!)).toBeLessThan(6);
    // every machine starts without history: a change needs three captures of its own
    const rel = getColumnData(ds.table, 'acc_rms_g_rel_change', 'float64');
    const firstA = ids.indexOf('A');
    const c = ids.indexOf('C');
    for (const i of [0, 1, firstA, firstA + 1, c, c + 1, c + 2])
      expect(rel[i], `row ${i}`).toBeNaN();
    expect(rel[firstA + 2]).not.toBeNaN();
    expect(rel[c + 3]).not.toBeNaN();
    // times as date-times (snapshots named by when they were taken): hours since the earliest
    await writeFile(
      join(dir, 'rtf-dates.csv'),
      'file,fs,rpm,machine,time\na0.csv,12000,1797,A,2004-02-12 10:32:39\na1.csv,12000,1797,A,2004-02-12 10:42:39\na2.csv,12000,1797,A,2004-02-12 12:32:39\n',
    );
    await importWaveforms({
      manifest: join(dir, 'rtf-dates.csv'),
      outDir: join(dir, 'rtf-dates'),
      runToFailure: true,
      horizonH: 1,
    });
    const dated = await readDataset(join(dir, 'rtf-dates'));
    expect(Array.from(getColumnData(dated.table, 'time', 'float64'))).toEqual([0, 1 / 6, 2]);
    expect(dated.manifest.details.timeOrigin).toBe('2004-02-12T10:32:39.000Z');
    // a machine whose records end without a failure (failed = no): no remaining life, and its
    // windows within the horizon of its end are left out (due or not is unknown there)
    const cens = ['file,fs,rpm,machine,time,failed'];
    for (let h = 0; h < 6; h++) cens.push(`a${h}.csv,12000,1797,F,${h},yes`);
    for (let h = 0; h < 6; h++) cens.push(`a${h}.csv,12000,1797,S,${h},no`);
    await writeFile(join(dir, 'rtf-cens.csv'), `${cens.join('\n')}\n`);
    const rc = await importWaveforms({
      manifest: join(dir, 'rtf-cens.csv'),
      outDir: join(dir, 'rtf-cens'),
      runToFailure: true,
      horizonH: 2,
    });
    // S ends at 5 h + 1 s: its windows at 4 and 5 h are within 2 h of that, 3 h is 2 h + 1 s away
    expect(rc.censoredLeftOut).toBe(2);
    const cd = await readDataset(join(dir, 'rtf-cens'));
    const cids = getColumnData(cd.table, 'machine_id', 'string');
    const crul = getColumnData(cd.table, 'rul', 'float64');
    const cdue = getColumnData(cd.table, 'maintenance_due', 'bool');
    const s0 = cids.indexOf('S');
    expect(cids.filter((m) => m === 'S').length).toBe(4);
    expect(crul[s0]).toBeNaN();
    expect(cdue[s0]).toBe(0);
    expect(crul[cids.indexOf('F')]).toBeCloseTo(5 + 1 / 3600, 9);
    // windows left out as censored are not counted among the failed ones: S's recordings dead,
    // four of its six windows kept, so four failed of the twelve less two
    for (let h = 0; h < 6; h++)
      await writeWave(`dead${h}.csv`, new Float32Array(12_000), 12_000, false);
    const deadRows = ['file,fs,rpm,machine,time,failed'];
    for (let h = 0; h < 6; h++) deadRows.push(`a${h}.csv,12000,1797,F,${h},yes`);
    for (let h = 0; h < 6; h++) deadRows.push(`dead${h}.csv,12000,1797,S,${h},no`);
    await writeFile(join(dir, 'rtf-dead.csv'), `${deadRows.join('\n')}\n`);
    const rd = await importWaveforms({
      manifest: join(dir, 'rtf-dead.csv'),
      outDir: join(dir, 'rtf-dead'),
      runToFailure: true,
      horizonH: 2,
    });
    expect(rd.windows).toBe(10);
    expect(rd.unusableWindows).toBe(4);
    // A test set cut before failure (as bearing challenges publish them): each machine's true
    // remaining life at the end of its records, scored at its last row, every machine in test
    const cutRows = ['file,fs,rpm,machine,time,final_rul'];
    for (let h = 0; h < 3; h++) cutRows.push(`a${h}.csv,12000,1797,T1,${h},5.5`);
    for (let h = 0; h < 2; h++) cutRows.push(`a${h}.csv,12000,1797,T2,${h},`);
    for (let h = 0; h < 2; h++) cutRows.push(`a${h}.csv,12000,1797,T3,${h},0.25`);
    await writeFile(join(dir, 'rtf-cut.csv'), `${cutRows.join('\n')}\n`);
    const cutOpts = { outDir: join(dir, 'rtf-cut'), runToFailure: true, horizonH: 4 } as const;
    // T2 has none where the others have one
    await expect(
      importWaveforms({ ...cutOpts, manifest: join(dir, 'rtf-cut.csv') }),
    ).rejects.toThrow(/rtf-cut\.csv:5: machine T2 has no final_rul where others have one/);
    cutRows.splice(4, 2, 'a0.csv,12000,1797,T2,0,2', 'a1.csv,12000,1797,T2,1,2');
    await writeFile(join(dir, 'rtf-cut.csv'), `${cutRows.join('\n')}\n`);
    await importWaveforms({ ...cutOpts, manifest: join(dir, 'rtf-cut.csv') });
    const cutDs = await readDataset(join(dir, 'rtf-cut'));
    expect(cutDs.manifest.rulScoring).toBe('last');
    expect(cutDs.manifest.splits).toEqual({ train: [], validation: [], test: ['T1', 'T2', 'T3'] });
    const cutIds = getColumnData(cutDs.table, 'machine_id', 'string');
    const cutRul = getColumnData(cutDs.table, 'rul', 'float64');
    const cutDue = getColumnData(cutDs.table, 'maintenance_due', 'bool');
    const lastOf = (m: string) => cutIds.lastIndexOf(m);
    // the end of T1's last window is 2 h + 1 s; its remaining life there 5.5 h
    expect(cutRul[cutIds.indexOf('T1')]).toBeCloseTo(2 + 1 / 3600 + 5.5, 9);
    expect(cutRul[lastOf('T1')]).toBeCloseTo(1 / 3600 + 5.5, 9);
    expect(cutRul[lastOf('T3')]).toBeCloseTo(1 / 3600 + 0.25, 9);
    expect([cutDue[lastOf('T1')], cutDue[lastOf('T2')], cutDue[lastOf('T3')]]).toEqual([0, 1, 1]);
    // one value per machine; none for a machine that did not fail
    const refused: [string, RegExp][] = [
      [
        'file,fs,rpm,machine,time,final_rul\na0.csv,12000,1797,T1,0,5\na1.csv,12000,1797,T1,1,4\n',
        /rtf-cut-bad\.csv:3: final_rul of machine T1 is 4 here and 5 on an earlier line/,
      ],
      [
        'file,fs,rpm,machine,time,final_rul,failed\na0.csv,12000,1797,T1,0,5,no\n',
        /rtf-cut-bad\.csv:2:6 \(final_rul\): a machine whose records end without a failure/,
      ],
    ];
    for (const [manifest, error] of refused) {
      await writeFile(join(dir, 'rtf-cut-bad.csv'), manifest);
      await expect(
        importWaveforms({ ...cutOpts, manifest: join(dir, 'rtf-cut-bad.csv'), force: true }),
      ).rejects.toThrow(error);
    }
    // A rig's four bearings, each failed or not, imported with five seeds: their splits
    const rigSplits = async (name: string, failed: readonly string[]) => {
      const rows = ['file,fs,rpm,machine,time,failed'];
      for (const b of ['B1', 'B2', 'B3', 'B4'])
        for (let h = 0; h < 4; h++)
          rows.push(`a${h}.csv,12000,1797,${b},${h},${failed.includes(b) ? 'yes' : 'no'}`);
      await writeFile(join(dir, `${name}.csv`), `${rows.join('\n')}\n`);
      const out = [];
      for (const seed of [1, 2, 3, 4, 5]) {
        await importWaveforms({
          manifest: join(dir, `${name}.csv`),
          outDir: join(dir, name),
          runToFailure: true,
          horizonH: 1,
          seed,
          force: true,
        });
        out.push((await readDataset(join(dir, name))).manifest.splits);
      }
      return out;
    };
    // Two of four failed (as the first IMS test ended): train and validation each learn from a
    // failure, and the test split takes a bearing that did not fail
    for (const [seed, splits] of (await rigSplits('rtf-two', ['B3', 'B4'])).entries()) {
      const failedIn = (k: 'train' | 'validation' | 'test') =>
        splits[k].filter((b) => b === 'B3' || b === 'B4').length;
      expect([failedIn('train'), failedIn('validation'), failedIn('test')], `seed ${seed}`).toEqual(
        [1, 1, 0],
      );
      expect(splits.test.length, `seed ${seed}`).toBe(1);
    }
    // One of four failed (as accelerated-life tests end): the failure goes to train whatever
    // the seed, not to a split a horizon model cannot learn from.
    for (const [seed, splits] of (await rigSplits('rtf-rig', ['B1'])).entries()) {
      expect(splits.train, `seed ${seed}`).toContain('B1');
      expect([...splits.train, ...splits.validation, ...splits.test].sort()).toEqual([
        'B1',
        'B2',
        'B3',
        'B4',
      ]);
    }
    await writeFile(
      join(dir, 'rtf-cens-bad.csv'),
      'file,fs,rpm,machine,time,failed\na0.csv,12000,1797,F,0,yes\na1.csv,12000,1797,F,1,no\n',
    );
    await expect(
      importWaveforms({
        manifest: join(dir, 'rtf-cens-bad.csv'),
        outDir: join(dir, 'rtf-cens-bad'),
        runToFailure: true,
      }),
    ).rejects.toThrow(
      /rtf-cens-bad\.csv:3: machine F is marked failed on line 2 and not on line 3/,
    );
    // a manifest that labels some recordings and not others is refused
    await writeFile(
      join(dir, 'rtf-mixed.csv'),
      'file,fs,rpm,machine,time,label\na0.csv,12000,1797,A,0,normal\na1.csv,12000,1797,A,1,\n',
    );
    await expect(
      importWaveforms({
        manifest: join(dir, 'rtf-mixed.csv'),
        outDir: join(dir, 'rtf2'),
        runToFailure: true,
      }),
    ).rejects.toThrow(/rtf-mixed\.csv:3: no label, where other recordings have one/);
    await writeFile(join(dir, 'rtf-notime.csv'), 'file,fs,rpm,machine\na0.csv,12000,1797,A\n');
    await expect(
      importWaveforms({
        manifest: join(dir, 'rtf-notime.csv'),
        outDir: join(dir, 'rtf3'),
        runToFailure: true,
      }),
    ).rejects.toThrow(
      /missing column "time"; expected columns file,fs,rpm,machine,time \(and optionally label,load,scale,variable,bearing,location,axis,capture,failed,final_rul\)/,
    );
  });

  it('reads the column of a multi-column text file that the variable column names', async () => {
    const c = singleCapture({
      mode: 'inner_race',
      severity: 0.4,
      speedRpm: 1797,
      fsHz: 12_000,
      durationS: 1,
      seed: 9,
    });
    const v = Array.from(c.accelG, (x) => x.toFixed(6));
    const other = (i: number) => (((i * 37) % 101) / 1000 - 0.05).toFixed(6);
    // headerless, tab-separated, four channels (ours third); comma-separated with a header
    await writeFile(
      join(dir, 'four.txt'),
      v.map((x, i) => `${other(i)}\t${other(i + 1)}\t${x}\t${other(i + 2)}`).join('\n') + '\n',
    );
    await writeFile(
      join(dir, 'named.csv'),
      `Horizontal,Vertical\n${v.map((x, i) => `${other(i)},${x}`).join('\n')}\n`,
    );
    await writeFile(join(dir, 'one.csv'), `${v.join('\n')}\n`);
    // headerless with time stamps first (hour, minute, second, microsecond), whose first line
    // repeats a value: numbers, so data, not a header with a name twice
    await writeFile(
      join(dir, 'stamped.csv'),
      v.map((x, i) => `9,39,39,${65664 + i * 39},${other(i)},${x}`).join('\n') + '\n',
    );
    await writeFile(
      join(dir, 'mc.csv'),
      'file,label,fs,rpm,machine,variable\nfour.txt,inner_race,12000,1797,a,3\nnamed.csv,inner_race,12000,1797,b,Vertical\none.csv,inner_race,12000,1797,c,\nstamped.csv,inner_race,12000,1797,d,6\n',
    );
    const good = await importWaveforms({ manifest: join(dir, 'mc.csv'), outDir: join(dir, 'mc') });
    expect([good.unusableWindows, good.unusable, good.implausibleLevel, good.monotonic]).toEqual([
      0,
      [],
      [],
      [],
    ]);
    const ds = await readDataset(join(dir, 'mc'));
    for (const f of ['acc_rms_g', 'acc_kurtosis', 'env_bpfi_h1_db']) {
      const col = getColumnData(ds.table, f, 'float64');
      expect(col[0], f).toBe(col[2]);
      expect(col[1], f).toBe(col[2]);
      expect(col[3], f).toBe(col[2]);
    }
    // a headerless file without a variable, a column out of range, a name that is not there
    const bad = async (variable: string, msg: RegExp) => {
      await writeFile(
        join(dir, 'mcb.csv'),
        `file,label,fs,rpm,variable\nfour.txt,normal,12000,1797,${variable}\n`,
      );
      await expect(
        importWaveforms({ manifest: join(dir, 'mcb.csv'), outDir: join(dir, 'mcb') }),
      ).rejects.toThrow(msg);
    };
    await bad(
      '',
      /mcb\.csv:2: .*four\.txt has no header and 4 columns: name the acceleration column by number \(1-4\)/,
    );
    await bad('7', /mcb\.csv:2: variable 7: .*four\.txt has no header and 4 columns/);
    await writeFile(
      join(dir, 'mcn.csv'),
      'file,label,fs,rpm,variable\nnamed.csv,normal,12000,1797,Axial\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'mcn.csv'), outDir: join(dir, 'mcn') }),
    ).rejects.toThrow(
      /variable Axial: .*named\.csv has no such column; columns: Horizontal, Vertical/,
    );
    // a wrong column read without a word before: the hour (constant), the microseconds (a
    // counter in the hundreds of thousands, read as g)
    await writeFile(
      join(dir, 'mcw.csv'),
      'file,label,fs,rpm,machine,variable\nstamped.csv,inner_race,12000,1797,h,1\nstamped.csv,inner_race,12000,1797,us,4\nstamped.csv,inner_race,12000,1797,ok,6\n',
    );
    const wrong = await importWaveforms({
      manifest: join(dir, 'mcw.csv'),
      outDir: join(dir, 'mcw'),
      windowS: 0.5,
    });
    expect(wrong.windows).toBe(6);
    expect(wrong.unusableWindows).toBe(2);
    expect(wrong.unusable).toEqual([
      `${join(dir, 'stamped.csv')} (manifest line 2): all 2 windows have a constant or frozen signal, so no features`,
    ]);
    // the counter also climbs from sample to sample, as no vibration does
    expect(wrong.monotonic).toEqual([`${join(dir, 'stamped.csv')} (manifest line 3)`]);
    expect(wrong.implausibleLevel).toHaveLength(1);
    expect(wrong.implausibleLevel[0]).toMatch(
      /stamped\.csv \(manifest line 3\): acceleration RMS up to [\d.e+]+ g$/,
    );
  });

  it('reads a blank line inside a recording as a missing sample, not as nothing', async () => {
    const c = singleCapture({
      mode: 'normal',
      severity: 0,
      speedRpm: 1797,
      fsHz: 12_000,
      durationS: 2,
      seed: 11,
    });
    const v = Array.from(c.accelG, (x) => x.toFixed(6));
    // sample 100 left blank (its place kept), and blank lines after the last sample
    const holed = [...v.slice(0, 100), '', ...v.slice(101)];
    await writeFile(join(dir, 'holed.csv'), `${holed.join('\n')}\n\n\n`);
    await writeFile(join(dir, 'whole.csv'), `${v.join('\n')}\n`);
    await writeFile(
      join(dir, 'mh.csv'),
      'file,label,fs,rpm\nholed.csv,normal,12000,1797\nwhole.csv,normal,12000,1797\n',
    );
    const r = await importWaveforms({
      manifest: join(dir, 'mh.csv'),
      outDir: join(dir, 'holed'),
      windowS: 1,
    });
    // two whole windows from each: the blank line did not make the file one sample short
    expect(r.windows).toBe(4);
    const ds = await readDataset(join(dir, 'holed'));
    const files = getColumnData(ds.table, 'source_file', 'string');
    const gap = getColumnData(ds.table, 'q_gap_fraction', 'float64');
    const usable = getColumnData(ds.table, 'q_usable', 'float64');
    const at = (name: string) => files.flatMap((f, i) => (f.endsWith(name) ? [i] : []));
    const [first, second] = at('holed.csv');
    expect(gap[first!]).toBeCloseTo(1 / 12_000, 12);
    expect(usable[first!]).toBe(0);
    // the second window is the same samples as the whole file's second window
    const whole = at('whole.csv')[1]!;
    expect(gap[second!]).toBe(0);
    for (const f of ['acc_rms_g', 'acc_kurtosis', 'env_bpfo_h1_db'])
      expect(getColumnData(ds.table, f, 'float64')[second!], f).toBe(
        getColumnData(ds.table, f, 'float64')[whole],
      );
  });

  it('grades velocity in the ISO 10816-1 zones of the class it is told (--iso-class)', async () => {
    await twinWave('unbalanced.csv', {
      mode: 'imbalance',
      severity: 0.14,
      speedRpm: 1797,
      durationS: 1,
      seed: 12,
      withTime: false,
    });
    await writeFile(
      join(dir, 'mi.csv'),
      'file,label,fs,rpm\nunbalanced.csv,imbalance,12000,1797\n',
    );
    const zoneOf = async (isoClass?: 'I' | 'IV') => {
      const out = join(dir, `iso-${isoClass ?? 'default'}`);
      await importWaveforms({
        manifest: join(dir, 'mi.csv'),
        outDir: out,
        ...(isoClass === undefined ? {} : { isoClass }),
      });
      const ds = await readDataset(out);
      const vel = getColumnData(ds.table, 'vel_rms_mm_s', 'float64')[0]!;
      return { vel, zone: getColumnData(ds.table, 'iso_zone', 'float64')[0]!, ds };
    };
    const byDefault = await zoneOf();
    const small = await zoneOf('I');
    const large = await zoneOf('IV');
    expect(byDefault.zone).toBe(small.zone);
    expect(small.zone).toBe(isoZone(small.vel, ISO_10816_LIMITS.I));
    expect(large.zone).toBe(isoZone(large.vel, ISO_10816_LIMITS.IV));
    // the capture sits between class I's B/C boundary and class IV's A/B one
    expect(small.vel).toBeGreaterThan(ISO_10816_LIMITS.I[1]);
    expect(small.vel).toBeLessThan(ISO_10816_LIMITS.IV[0]);
    expect([small.zone, large.zone]).toEqual([isoZone(small.vel), 0]);
    expect(large.ds.manifest.details.isoClass).toBe('IV');
  });

  it('fuses the drive-end and fan-end recordings of one capture into one row, as the twin does', async () => {
    const de = singleCapture({
      mode: 'outer_race',
      severity: 0.3,
      speedRpm: 1797,
      fsHz: 12_000,
      durationS: 1,
      seed: 11,
    });
    const fe = singleCapture({
      mode: 'normal',
      severity: 0,
      speedRpm: 1797,
      fsHz: 12_000,
      durationS: 1,
      seed: 12,
      location: 'fe',
      bearing: BEARING_6203,
    });
    await writeWave('cap-de.csv', de.accelG, 12_000, false);
    await writeWave('cap-fe.csv', fe.accelG, 12_000, false);
    await writeFile(
      join(dir, 'cap.csv'),
      'file,label,fs,rpm,machine,capture,location,bearing\n' +
        'cap-de.csv,outer_race,12000,1797,m1,c1,de,\n' +
        'cap-fe.csv,outer_race,12000,1797,m1,c1,fe,8 6.75 28.5 0\n',
    );
    const r = await importWaveforms({ manifest: join(dir, 'cap.csv'), outDir: join(dir, 'cap') });
    expect(r.windows).toBe(1);
    const ds = await readDataset(join(dir, 'cap'));
    const expected = new MachineFeaturePipeline({
      bearings: { de: BEARING_6205, fe: BEARING_6203 },
    }).onCapture({
      tH: 0,
      speedRpm: 1797,
      channels: [
        { location: 'de', fsHz: 12_000, samples: de.accelG },
        { location: 'fe', fsHz: 12_000, samples: fe.accelG },
      ],
    });
    for (const name of [
      'env_bpfo_h1_db',
      'de_acc_rms_g',
      'fe_acc_rms_g',
      'ratio_fe_de_1x',
      'acc_kurtosis',
    ]) {
      const j = MACHINE_FEATURES.findIndex((f) => f.name === name);
      const got = getColumnData(ds.table, name, 'float64')[0]!;
      expect(Math.abs(got - expected[j]!), name).toBeLessThanOrEqual(
        1e-6 * Math.max(1, Math.abs(expected[j]!)),
      );
    }
    expect(getColumnData(ds.table, 'fe_acc_rms_g', 'float64')[0]).not.toBeNaN();
    expect(getColumnData(ds.table, 'source_file', 'string')[0]).toMatch(
      /cap-de\.csv\+.*cap-fe\.csv$/,
    );
    // without a machine column the capture value alone joins the two files (upper-case ends too)
    await writeFile(
      join(dir, 'cap-nm.csv'),
      'file,label,fs,rpm,capture,location,bearing\n' +
        'cap-fe.csv,outer_race,12000,1797,c1,FE,8 6.75 28.5 0\n' +
        'cap-de.csv,outer_race,12000,1797,c1,DE,\n',
    );
    await importWaveforms({ manifest: join(dir, 'cap-nm.csv'), outDir: join(dir, 'cap-nm') });
    const nm = await readDataset(join(dir, 'cap-nm'));
    expect(nm.manifest.rows).toBe(1);
    expect(getColumnData(nm.table, 'env_bpfo_h1_db', 'float64')[0]).toBe(
      getColumnData(ds.table, 'env_bpfo_h1_db', 'float64')[0],
    );
    // a channel shorter than a window beside a long one is an error, not a silent loss
    await writeWave('cap-short.csv', fe.accelG.subarray(0, 3000), 12_000, false);
    await writeFile(
      join(dir, 'cap-short.csv.m'),
      'file,label,fs,rpm,capture,location\ncap-de.csv,normal,12000,1797,c1,de\ncap-short.csv,normal,12000,1797,c1,fe\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'cap-short.csv.m'), outDir: join(dir, 'cap-short') }),
    ).rejects.toThrow(
      /:3: .*cap-short\.csv is shorter than a window \(1 s\) while the other channels of capture c1 are not/,
    );
    // two drive-end recordings in one capture, or a location that is neither end
    await writeFile(
      join(dir, 'cap-bad.csv'),
      'file,label,fs,rpm,machine,capture,location\ncap-de.csv,normal,12000,1797,m1,c1,de\ncap-fe.csv,normal,12000,1797,m1,c1,de\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'cap-bad.csv'), outDir: join(dir, 'cap2') }),
    ).rejects.toThrow(
      /cap-bad\.csv:3: a channel of capture c1 \(machine m1\) is a second de recording/,
    );
    await writeFile(
      join(dir, 'cap-bad2.csv'),
      'file,label,fs,rpm,location\ncap-de.csv,normal,12000,1797,nde\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'cap-bad2.csv'), outDir: join(dir, 'cap3') }),
    ).rejects.toThrow(
      /cap-bad2\.csv:2:5 \(location\): expected de \(drive end\) or fe \(fan end\), got "nde"/,
    );
  });

  it('fuses two axes of one location into its features when an axis column names them', async () => {
    // A horizontal and a vertical accelerometer on one bearing (as run-to-failure rigs place
    // them): one row, each feature the larger of the two axes', the fan end empty.
    const axis = (seed: number, severity: number) =>
      singleCapture({
        mode: 'outer_race',
        severity,
        speedRpm: 1797,
        fsHz: 12_000,
        durationS: 1,
        seed,
      }).accelG;
    const h = axis(21, 0.1);
    const v = axis(22, 0.4);
    await writeWave('ax-h.csv', h, 12_000, false);
    await writeWave('ax-v.csv', v, 12_000, false);
    await writeFile(
      join(dir, 'axes.csv'),
      'file,label,fs,rpm,machine,capture,axis\n' +
        'ax-h.csv,outer_race,12000,1797,b1,c1,H\n' +
        'ax-v.csv,outer_race,12000,1797,b1,c1,v\n',
    );
    const r = await importWaveforms({ manifest: join(dir, 'axes.csv'), outDir: join(dir, 'axes') });
    expect(r.windows).toBe(1);
    const ds = await readDataset(join(dir, 'axes'));
    const single = (samples: Float32Array | Float64Array) =>
      new MachineFeaturePipeline({ bearings: { de: BEARING_6205, fe: BEARING_6205 } }).onCapture({
        tH: 0,
        speedRpm: 1797,
        channels: [{ location: 'de', fsHz: 12_000, samples }],
      });
    const [rh, rv] = [single(h), single(v)];
    for (const name of ['env_bpfo_h1_db', 'acc_rms_g', 'de_acc_rms_g', 'de_env_max_h1_db']) {
      const j = MACHINE_FEATURES.findIndex((f) => f.name === name);
      const want = Math.max(rh[j]!, rv[j]!);
      const got = getColumnData(ds.table, name, 'float64')[0]!;
      expect(Math.abs(got - want), name).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
    }
    // the vertical axis, with the stronger defect, sets the drive end's level
    const j = MACHINE_FEATURES.findIndex((f) => f.name === 'de_acc_rms_g');
    expect(rv[j]!).toBeGreaterThan(rh[j]!);
    expect(getColumnData(ds.table, 'fe_acc_rms_g', 'float64')[0]).toBeNaN();
    // one axis named twice, two axes without names, or two bearings at one location: refused
    const refused = async (name: string, rows: string, message: RegExp) => {
      await writeFile(join(dir, name), `file,label,fs,rpm,machine,capture,axis,bearing\n${rows}`);
      await expect(
        importWaveforms({ manifest: join(dir, name), outDir: join(dir, `${name}.out`) }),
      ).rejects.toThrow(message);
    };
    await refused(
      'axes-twice.csv',
      'ax-h.csv,outer_race,12000,1797,b1,c1,h,\nax-v.csv,outer_race,12000,1797,b1,c1,h,\n',
      /axes-twice\.csv:3: a channel of capture c1 \(machine b1\) is a second de recording of axis h as line 2 is: each capture needs its own capture value/,
    );
    await refused(
      'axes-unnamed.csv',
      'ax-h.csv,outer_race,12000,1797,b1,c1,,\nax-v.csv,outer_race,12000,1797,b1,c1,,\n',
      /axes-unnamed\.csv:3: .*is a second de recording as line 2 is \(one per location; two axes of one location need an axis column naming them\)/,
    );
    await refused(
      'axes-bearings.csv',
      'ax-h.csv,outer_race,12000,1797,b1,c1,h,\nax-v.csv,outer_race,12000,1797,b1,c1,v,8 6.75 28.5 0\n',
      /axes-bearings\.csv:3: .*has bearing 8 6\.75 28\.5 0 at de, where line 2 has the --bearing default \(empty cell\): the axes of one location are one bearing/,
    );
    await refused(
      'axes-partial.csv',
      'ax-h.csv,outer_race,12000,1797,b1,c1,h,\nax-v.csv,outer_race,12000,1797,b1,c1,,\n',
      /axes-partial\.csv:3: .*names no axis at de, where line 2 names axis h: name every axis of a location/,
    );
    await refused(
      'axes-nocapture.csv',
      'ax-h.csv,outer_race,12000,1797,b1,,h,\nax-v.csv,outer_race,12000,1797,b1,,v,\n',
      /axes-nocapture\.csv:2:7 \(axis\): axis h names a channel of a capture, and this row has no capture value/,
    );
    // (a text file's column 5 given as 5 and as 05 is one signal too)
    await writeFile(
      join(dir, 'two-col.csv'),
      Array.from(h.slice(0, 3000), (x) => `${x},${-x}`).join('\n'),
    );
    await writeFile(
      join(dir, 'axes-col.csv'),
      'file,label,fs,rpm,machine,capture,axis,variable\ntwo-col.csv,outer_race,12000,1797,b1,c1,h,1\ntwo-col.csv,outer_race,12000,1797,b1,c1,v,01\n',
    );
    await expect(
      importWaveforms({
        manifest: join(dir, 'axes-col.csv'),
        outDir: join(dir, 'axes-col'),
        windowS: 0.25,
      }),
    ).rejects.toThrow(
      /axes-col\.csv:3: de axis v reads the same signal as line 2 \(de axis h\): .*two-col\.csv, column 1/,
    );
    // (and a column named by its header and by its number)
    await writeFile(
      join(dir, 'two-named.csv'),
      `h,v\n${Array.from(h.slice(0, 3000), (x) => `${x},${-x}`).join('\n')}`,
    );
    await writeFile(
      join(dir, 'axes-named.csv'),
      'file,label,fs,rpm,machine,capture,axis,variable\ntwo-named.csv,outer_race,12000,1797,b1,c1,h,v\ntwo-named.csv,outer_race,12000,1797,b1,c1,v,2\n',
    );
    await expect(
      importWaveforms({
        manifest: join(dir, 'axes-named.csv'),
        outDir: join(dir, 'axes-named'),
        windowS: 0.25,
      }),
    ).rejects.toThrow(/axes-named\.csv:3: de axis v reads the same signal as line 2 .*column 2/);
    await refused(
      'axes-same.csv',
      'ax-h.csv,outer_race,12000,1797,b1,c1,h,\nax-h.csv,outer_race,12000,1797,b1,c1,v,\n',
      /axes-same\.csv:3: de axis v reads the same signal as line 2 \(de axis h\): .*ax-h\.csv, column 1; give each channel its own variable/,
    );
    // channels of one capture hold the same time: a shorter file, or a wrong fs, is refused
    const long = new Float32Array(24_000);
    long.set(h);
    long.set(h, 12_000);
    await writeWave('ax-long.csv', long, 12_000, false);
    await refused(
      'axes-short.csv',
      'ax-long.csv,outer_race,12000,1797,b1,c1,h,\nax-v.csv,outer_race,12000,1797,b1,c1,v,\n',
      /axes-short\.csv:3: .*ax-v\.csv \(de axis v\) holds 12000 samples at 12000 Hz \(1\.00000 s\), where line 2's .*ax-long\.csv \(de axis h\) holds 24000 samples at 12000 Hz \(2\.00000 s\): the channels of capture c1 are recorded together/,
    );
    // a few samples more or less (within 1 %) is how recorders end: imported, as many windows
    // as the shorter channel holds
    await writeWave('ax-v-short.csv', v.subarray(0, 11_990), 12_000, false);
    await writeFile(
      join(dir, 'axes-near.csv'),
      'file,label,fs,rpm,machine,capture,axis\nax-h.csv,outer_race,12000,1797,b1,c1,h\nax-v-short.csv,outer_race,12000,1797,b1,c1,v\n',
    );
    const near = await importWaveforms({
      manifest: join(dir, 'axes-near.csv'),
      outDir: join(dir, 'axes-near'),
      windowS: 0.5,
    });
    expect(near.windows).toBe(1);
    await writeFile(
      join(dir, 'axes-fs.csv'),
      'file,label,fs,rpm,machine,capture,axis\nax-h.csv,outer_race,12000,1797,b1,c1,h\nax-v.csv,outer_race,6000,1797,b1,c1,v\n',
    );
    await expect(
      importWaveforms({
        manifest: join(dir, 'axes-fs.csv'),
        outDir: join(dir, 'axes-fs'),
        windowS: 0.5,
      }),
    ).rejects.toThrow(
      /axes-fs\.csv:3: .*holds 12000 samples at 6000 Hz \(2\.00000 s\), where line 2's/,
    );
  });

  it("names a channel of a fused capture that the row's other channels hide", async () => {
    // a dead vertical axis beside a live horizontal one, and a counter read as a third channel
    // at the fan end: the row is usable, and each bad channel is named with its line
    const live = singleCapture({
      mode: 'normal',
      severity: 0,
      speedRpm: 1797,
      fsHz: 12_000,
      durationS: 1,
      seed: 31,
    }).accelG;
    await writeWave('ch-live.csv', live, 12_000, false);
    await writeWave('ch-dead.csv', new Float32Array(12_000), 12_000, false);
    await writeWave(
      'ch-count.csv',
      Float32Array.from({ length: 12_000 }, (_, i) => i),
      12_000,
      false,
    );
    await writeFile(
      join(dir, 'channels.csv'),
      'file,label,fs,rpm,machine,capture,location,axis\n' +
        'ch-live.csv,normal,12000,1797,m1,c1,de,h\n' +
        'ch-dead.csv,normal,12000,1797,m1,c1,de,v\n' +
        'ch-count.csv,normal,12000,1797,m1,c1,fe,\n',
    );
    const r = await importWaveforms({
      manifest: join(dir, 'channels.csv'),
      outDir: join(dir, 'channels'),
    });
    expect(r.windows).toBe(1);
    expect(r.unusable).toEqual([
      expect.stringMatching(
        /ch-dead\.csv \(manifest line 3, de axis v\): its window has a constant or frozen signal, so the capture's rows are read from its other channels/,
      ),
    ]);
    expect(r.monotonic).toEqual([expect.stringMatching(/ch-count\.csv \(manifest line 4, fe\)$/)]);
    expect(r.implausibleLevel).toEqual([
      expect.stringMatching(
        /ch-count\.csv \(manifest line 4, fe\): acceleration RMS up to 3\.46e\+3 g/,
      ),
    ]);
    const ds = await readDataset(join(dir, 'channels'));
    expect(getColumnData(ds.table, 'q_usable', 'float64')[0]).toBe(1);
    expect(r.partialChannels).toEqual([]);
    // a channel with some windows bad: named with how many, the rows' flags showing none
    const two = new Float32Array(24_000);
    two.set(live);
    two.set(live, 12_000);
    const gappy = two.slice();
    gappy.fill(Number.NaN, 15_000, 15_010);
    await writeWave('ch-two.csv', two, 12_000, false);
    await writeWave('ch-gappy.csv', gappy, 12_000, false);
    await writeFile(
      join(dir, 'channels2.csv'),
      'file,label,fs,rpm,machine,capture,axis\n' +
        'ch-two.csv,normal,12000,1797,m1,c1,h\n' +
        'ch-gappy.csv,normal,12000,1797,m1,c1,v\n',
    );
    const r2 = await importWaveforms({
      manifest: join(dir, 'channels2.csv'),
      outDir: join(dir, 'channels2'),
    });
    expect(r2.unusableWindows).toBe(0);
    expect(r2.partialChannels).toEqual([
      expect.stringMatching(
        /ch-gappy\.csv \(manifest line 3, de axis v\): 1 of 2 windows have missing or non-finite samples; the capture's rows read its other channels there/,
      ),
    ]);
  });

  it('warns, from the rows it imported, when a split holds no machine of a class', async () => {
    // one bearing of each defect recorded at two loads (one machine each), and two healthy
    // ones: the validation and test splits cannot hold every class
    const lines = ['file,label,fs,rpm,machine,load'];
    let k = 0;
    for (const [label, machines] of [
      ['normal', ['n1', 'n2']],
      ['outer_race', ['o1']],
      ['inner_race', ['i1']],
    ] as const) {
      for (const machine of machines)
        for (const load of [0.5, 1]) {
          const name = `cls-${machine}-${load}.csv`;
          await twinWave(name, {
            mode: label,
            severity: label === 'normal' ? 0 : 0.3,
            speedRpm: 1797,
            durationS: 1,
            seed: 40 + k++,
          });
          lines.push(`${name},${label},12000,1797,${machine},${load}`);
        }
    }
    await writeFile(join(dir, 'classes.csv'), `${lines.join('\n')}\n`);
    const r = await importWaveforms({
      manifest: join(dir, 'classes.csv'),
      outDir: join(dir, 'classes'),
    });
    // the warning names, for each held-out split, the classes its machines lack
    const held = (split: 'validation' | 'test') =>
      new Set<string>(
        r.manifest.splits[split].map((m) =>
          m.startsWith('n') ? 'normal' : m.startsWith('o') ? 'outer_race' : 'inner_race',
        ),
      );
    const lacks = (split: 'validation' | 'test') =>
      ['inner_race', 'normal', 'outer_race'].filter((c) => !held(split).has(c));
    expect(lacks('validation').length + lacks('test').length).toBeGreaterThan(0);
    for (const split of ['validation', 'test'] as const)
      if (lacks(split).length > 0)
        expect(r.classWarning).toContain(
          `the ${split} split holds no machine of ${lacks(split).join(', ')}`,
        );
    // every machine in one split on purpose: nothing to say
    const all = await importWaveforms({
      manifest: join(dir, 'classes.csv'),
      outDir: join(dir, 'classes-train'),
      allIn: 'train',
    });
    expect(all.classWarning).toBeNull();
  });

  it('reads the vector a .mat file names by regular expression', async () => {
    const fixture = new URL('./fixtures/mat/cwru-like.mat', import.meta.url).pathname;
    await writeFile(
      join(dir, 'mat.csv'),
      `file,label,fs,rpm,variable\n${fixture},inner_race,12000,1797,_DE_time$\n`,
    );
    const r = await importWaveforms({
      manifest: join(dir, 'mat.csv'),
      outDir: join(dir, 'matds'),
      windowS: 0.5,
    });
    expect(r.windows).toBe(2);
    const ds = await readDataset(join(dir, 'matds'));
    expect(getColumnData(ds.table, 'source_file', 'string')[0]).toBe(fixture);
    // An empty rpm cell: the speed the file records (X097RPM), not an estimate from the spectrum
    // (the fixture's two pure tones make an unusable capture, but the speed's source shows).
    await writeFile(
      join(dir, 'mat-rpm.csv'),
      `file,label,fs,rpm,variable\n${fixture},inner_race,12000,,_DE_time$\n`,
    );
    await importWaveforms({
      manifest: join(dir, 'mat-rpm.csv'),
      outDir: join(dir, 'matrpm'),
      windowS: 0.5,
    });
    const rd = await readDataset(join(dir, 'matrpm'));
    expect(getColumnData(rd.table, 'q_speed_estimated', 'float64')[0]).toBe(0);
    expect(await recordedRpm(fixture)).toBe(1796);
    expect(await recordedRpm(join(dir, 'or.csv'))).toBeNaN();
  });

  it('stops where a .mat file records a sample rate the manifest contradicts', async () => {
    // MFPT-like: the signal and its rate (97656 Hz) side by side
    const n = 30_000;
    const gs = Array.from(
      { length: n },
      (_, i) => 0.05 * Math.sin((2 * Math.PI * 25 * i) / 97_656),
    );
    await writeFile(
      join(dir, 'rate.mat'),
      matFile(true, [
        doubleMatrix(true, 'gs', [n, 1], gs),
        doubleMatrix(true, 'sr', [1, 1], [97_656]),
      ]),
    );
    await writeFile(
      join(dir, 'rate-bad.csv'),
      'file,label,fs,rpm,variable\nrate.mat,normal,48828,1500,gs\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'rate-bad.csv'), outDir: join(dir, 'rate-bad') }),
    ).rejects.toThrow(
      /rate-bad\.csv:2:3 \(fs\): fs says 48828 Hz but .*rate\.mat records a sample rate of 97656 Hz beside gs/,
    );
    await writeFile(
      join(dir, 'rate-ok.csv'),
      'file,label,fs,rpm,variable\nrate.mat,normal,97656,1500,gs\n',
    );
    const ok = await importWaveforms({
      manifest: join(dir, 'rate-ok.csv'),
      outDir: join(dir, 'rate-ok'),
      windowS: 0.25,
    });
    expect(ok.windows).toBe(1);
    // An empty cell reads the file's own rate: the same rows as with the rate written out.
    await writeFile(
      join(dir, 'rate-empty.csv'),
      'file,label,fs,rpm,variable\nrate.mat,normal,,1500,gs\n',
    );
    await importWaveforms({
      manifest: join(dir, 'rate-empty.csv'),
      outDir: join(dir, 'rate-empty'),
      windowS: 0.25,
    });
    const [given, read] = await Promise.all([
      readDataset(join(dir, 'rate-ok')),
      readDataset(join(dir, 'rate-empty')),
    ]);
    for (const name of ['acc_rms_g', 'vel_rms_mm_s', 'amp_1x_g', 'speed_rpm'])
      expect(getColumnData(read.table, name, 'float64')).toEqual(
        getColumnData(given.table, name, 'float64'),
      );
    expect(getColumnData(read.table, 'vel_rms_mm_s', 'float64')[0]).toBeGreaterThan(0);
    // No rate in the file, or a text file: the cell is needed.
    await writeFile(join(dir, 'norate.mat'), matFile(true, [doubleMatrix(true, 'gs', [n, 1], gs)]));
    await writeFile(
      join(dir, 'rate-none.csv'),
      'file,label,fs,rpm,variable\nnorate.mat,normal,,1500,gs\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'rate-none.csv'), outDir: join(dir, 'rate-none') }),
    ).rejects.toThrow(
      /rate-none\.csv:2:3 \(fs\): empty, and .*norate\.mat records no sample rate beside gs .*give its rate in Hz/,
    );
    // a rate variable that holds no rate is named, with what it holds
    for (const [name, dims, value, holds] of [
      ['rate0', [1, 1], [0], 'holds 0'],
      ['rate2', [1, 2], [97_656, 97_656], 'holds 2 values'],
    ] as const) {
      await writeFile(
        join(dir, `${name}.mat`),
        matFile(true, [
          doubleMatrix(true, 'gs', [n, 1], gs),
          doubleMatrix(true, 'sr', [...dims], [...value]),
        ]),
      );
      await writeFile(
        join(dir, `${name}.csv`),
        `file,label,fs,rpm,variable\n${name}.mat,normal,,1500,gs\n`,
      );
      await expect(
        importWaveforms({ manifest: join(dir, `${name}.csv`), outDir: join(dir, name) }),
      ).rejects.toThrow(
        new RegExp(
          `${name}\\.csv:2:3 \\(fs\\): empty, and .*${name}\\.mat's sr beside gs ${holds}, not a sample rate in \\[100, 10000000\\] Hz`,
        ),
      );
    }
    // a rate variable that holds no rate does not hide one that does
    await writeFile(
      join(dir, 'rate-both.mat'),
      matFile(true, [
        doubleMatrix(true, 'gs', [n, 1], gs),
        doubleMatrix(true, 'Fs', [1, 2], [1, 2]),
        doubleMatrix(true, 'sr', [1, 1], [97_656]),
      ]),
    );
    await writeFile(
      join(dir, 'rate-both.csv'),
      'file,label,fs,rpm,variable\nrate-both.mat,normal,,1500,gs\n',
    );
    await importWaveforms({
      manifest: join(dir, 'rate-both.csv'),
      outDir: join(dir, 'rate-both'),
      windowS: 0.25,
    });
    expect(
      getColumnData((await readDataset(join(dir, 'rate-both'))).table, 'vel_rms_mm_s', 'float64'),
    ).toEqual(getColumnData(given.table, 'vel_rms_mm_s', 'float64'));
    // two rates that disagree: neither is taken on trust
    await writeFile(
      join(dir, 'rate-two.mat'),
      matFile(true, [
        doubleMatrix(true, 'gs', [n, 1], gs),
        doubleMatrix(true, 'sr', [1, 1], [97_656]),
        doubleMatrix(true, 'fs', [1, 1], [48_828]),
      ]),
    );
    await writeFile(
      join(dir, 'rate-two.csv'),
      'file,label,fs,rpm,variable\nrate-two.mat,normal,,1500,gs\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'rate-two.csv'), outDir: join(dir, 'rate-two') }),
    ).rejects.toThrow(
      /rate-two\.csv:2:3 \(fs\): empty, and .*rate-two\.mat records two sample rates beside gs \(sr = 97656 and fs = 48828\); give the right one in Hz/,
    );
    await writeFile(join(dir, 'tone.csv'), gs.slice(0, 5000).join('\n'));
    await writeFile(join(dir, 'rate-text.csv'), 'file,label,fs,rpm\ntone.csv,normal,,1500\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'rate-text.csv'), outDir: join(dir, 'rate-text') }),
    ).rejects.toThrow(/rate-text\.csv:2:3 \(fs\): empty; every recording needs its sample rate/);
  });

  it('reads the speed of the recording a .mat file holds with another, and refuses a scalar', async () => {
    // Two recordings in one file, as some CWRU files hold them, each with its own speed.
    const n = 12_000;
    const tone = (f: number) =>
      Array.from({ length: n }, (_, i) => 0.05 * Math.sin((2 * Math.PI * f * i) / n));
    const file = join(dir, 'two.mat');
    await writeFile(
      file,
      matFile(true, [
        doubleMatrix(true, 'X098_DE_time', [n, 1], tone(29.95)),
        doubleMatrix(true, 'X098RPM', [1, 1], [1797]),
        doubleMatrix(true, 'X099_DE_time', [n, 1], tone(29.5)),
        doubleMatrix(true, 'X099RPM', [1, 1], [1772]),
      ]),
    );
    await writeFile(
      join(dir, 'two.csv'),
      'file,label,fs,rpm,variable\ntwo.mat,normal,12000,,X099_DE_time\n',
    );
    const r2 = await importWaveforms({ manifest: join(dir, 'two.csv'), outDir: join(dir, 'two') });
    const ds = await readDataset(join(dir, 'two'));
    expect(getColumnData(ds.table, 'speed_rpm', 'float64')[0]).toBe(1772);
    expect(r2.speedEstimated).toEqual([]);
    expect(getColumnData(ds.table, 'q_speed_estimated', 'float64')[0]).toBe(0);
    // A file holding two records and the speed of one: the other record's speed is estimated,
    // not taken from its neighbour (29.95 Hz tone: 1797 rpm, not X099RPM's 1772)
    await writeFile(
      join(dir, 'one.mat'),
      matFile(true, [
        doubleMatrix(true, 'X098_DE_time', [n, 1], tone(29.95)),
        doubleMatrix(true, 'X099_DE_time', [n, 1], tone(29.5)),
        doubleMatrix(true, 'X099RPM', [1, 1], [1772]),
      ]),
    );
    expect(await recordedRpm(join(dir, 'one.mat'), 'X098_DE_time')).toBeNaN();
    expect(await recordedRpm(join(dir, 'one.mat'), 'X099_DE_time')).toBe(1772);
    await writeFile(
      join(dir, 'one.csv'),
      'file,label,fs,rpm,variable\none.mat,normal,12000,,X098_DE_time\n',
    );
    const r1 = await importWaveforms({ manifest: join(dir, 'one.csv'), outDir: join(dir, 'one') });
    expect(r1.speedEstimated).toEqual([`${join(dir, 'one.mat')} (manifest line 2)`]);
    const speed = getColumnData(
      (await readDataset(join(dir, 'one'))).table,
      'speed_rpm',
      'float64',
    );
    expect(Math.abs(speed[0]! - 1797)).toBeLessThan(18); // the tone's 29.95 Hz, within 1 %
    await writeFile(
      join(dir, 'two-rpm.csv'),
      'file,label,fs,rpm,variable\ntwo.mat,normal,12000,1797,X098RPM\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'two-rpm.csv'), outDir: join(dir, 'two-rpm') }),
    ).rejects.toThrow(
      /two-rpm\.csv:2: variable X098RPM: .*two\.mat's X098RPM holds one value, not a recording; name the vector of samples \(X098_DE_time, X099_DE_time\)/,
    );
    // The file's own errors name the manifest line that listed it.
    await writeFile(
      join(dir, 'two-any.csv'),
      'file,label,fs,rpm,variable\ntwo.mat,normal,12000,1797,X098_DE_time\ntwo.mat,normal,12000,1797,_DE_time$\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'two-any.csv'), outDir: join(dir, 'two-any') }),
    ).rejects.toThrow(/two-any\.csv:3: .*two\.mat: has 2 variables matching '_DE_time\$'/);
  });

  it('doubts a stated speed the spectrum puts far off (a speed in Hz), and not a right one', async () => {
    // or.csv: an outer-race defect at 1797 rpm (the first test), whose envelope lines the
    // speed estimate may take for the shaft: tens of per cent, not the 60x of Hz for rpm
    await writeFile(join(dir, 'hz.csv'), 'file,label,fs,rpm\nor.csv,outer_race,12000,29.95\n');
    const hz = await importWaveforms({ manifest: join(dir, 'hz.csv'), outDir: join(dir, 'hz') });
    expect(hz.speedMismatch).toHaveLength(1);
    expect(hz.speedMismatch[0]).toMatch(
      /or\.csv \(manifest line 2\): the spectrum's strongest series of harmonics \(the shaft's, or a defect's\) is at 17\d\d rpm, against rpm 29\.95 \(median of 2 windows, fs 12000\), with no line at the stated 1x or 2x/,
    );
    await writeFile(join(dir, 'rpm.csv'), 'file,label,fs,rpm\nor.csv,outer_race,12000,1797\n');
    const ok = await importWaveforms({ manifest: join(dir, 'rpm.csv'), outDir: join(dir, 'rpm') });
    expect(ok.speedMismatch).toEqual([]);
    // a sample rate stated 4x too low reads the shaft 4x too slow: doubted too
    await writeFile(join(dir, 'lowfs.csv'), 'file,label,fs,rpm\nok.csv,normal,3000,1797\n');
    const low = await importWaveforms({
      manifest: join(dir, 'lowfs.csv'),
      outDir: join(dir, 'lowfs'),
    });
    expect(low.speedMismatch[0]).toMatch(
      /ok\.csv \(manifest line 2\): the spectrum's strongest series of harmonics \(the shaft's, or a defect's\) is at 4\d\d(\.\d)? rpm, against rpm 1797/,
    );
    // and 4x too high (12 kHz data said to be 48 kHz, as public sets sampled at both invite):
    // the shaft at 7188 rpm, beyond the features' own 300-4000 rpm search
    await writeFile(join(dir, 'highfs.csv'), 'file,label,fs,rpm\nok.csv,normal,48000,1797\n');
    const high = await importWaveforms({
      manifest: join(dir, 'highfs.csv'),
      outDir: join(dir, 'highfs'),
      windowS: 0.25, // the 1 s of ok.csv read as 0.25 s
    });
    expect(high.speedMismatch[0]).toMatch(
      /ok\.csv \(manifest line 2\): the spectrum's strongest series of harmonics \(the shaft's, or a defect's\) is at 7[12]\d\d rpm, against rpm 1797 \(median of 1 window, fs 48000\)/,
    );
  });

  it('reads column names in any case, and labels in any case with spaces or hyphens', async () => {
    const m = join(dir, 'cased.csv');
    await writeFile(
      m,
      'File,Label,FS,RPM\nok.csv,Normal,12000,1797\nor.csv,Outer-Race,12000,1797\n',
    );
    await importWaveforms({ manifest: m, outDir: join(dir, 'cased') });
    const ds = await readDataset(join(dir, 'cased'));
    expect(ds.manifest.labels.classes).toEqual(['normal', 'outer_race']);
    await writeFile(m, 'file,label,fs,rpm\nor.csv,OR,12000,1797\n');
    await expect(importWaveforms({ manifest: m, outDir: join(dir, 'cased2') })).rejects.toThrow(
      /cased\.csv:2:2 \(label\): unknown label "OR"; expected one of normal, /,
    );
  });

  it('says when a recording is listed twice, and stops when the copies disagree', async () => {
    const m = join(dir, 'twice.csv');
    await writeFile(
      m,
      'file,label,fs,rpm,machine\nor.csv,outer_race,12000,1797,a\nor.csv,outer_race,12000,1797,b\n',
    );
    const r = await importWaveforms({ manifest: m, outDir: join(dir, 'twice') });
    expect(r.repeated).toEqual([
      `${m}:3: recording ${join(dir, 'or.csv')} is listed again (first on line 2): under machine b as well as a, the same windows may land in two splits`,
    ]);
    await writeFile(
      m,
      'file,label,fs,rpm,machine\nor.csv,normal,12000,1797,a\nor.csv,inner_race,12000,1797,a\n',
    );
    await expect(importWaveforms({ manifest: m, outDir: join(dir, 'twice2') })).rejects.toThrow(
      /twice\.csv:3: recording \S*or\.csv is labelled inner_race here and normal on line 2; a recording has one condition/,
    );
    // a text file's column named by its header and found by default is the same recording
    await writeFile(
      m,
      'file,label,fs,rpm,machine,variable\nor.csv,outer_race,12000,1797,a,\nor.csv,outer_race,12000,1797,a,accel_g\n',
    );
    const named = await importWaveforms({ manifest: m, outDir: join(dir, 'twice-named') });
    expect(named.repeated).toEqual([
      expect.stringMatching(
        /twice\.csv:3: recording \S*or\.csv \(variable accel_g\) is listed again \(first on line 2\): its windows count twice/,
      ),
    ]);
    // the same variable named once and found once (an empty cell: the file's one signal)
    const n = 12_000;
    await writeFile(
      join(dir, 'single.mat'),
      matFile(true, [
        doubleMatrix(
          true,
          'X097_DE_time',
          [n, 1],
          Array.from({ length: n }, (_, i) => Math.sin(i / 40)),
        ),
        doubleMatrix(true, 'X097RPM', [1, 1], [1797]),
      ]),
    );
    await writeFile(
      m,
      'file,label,fs,rpm,machine,variable\nsingle.mat,normal,12000,1797,a,X097_DE_time\nsingle.mat,ball,12000,1797,b,\n',
    );
    await expect(importWaveforms({ manifest: m, outDir: join(dir, 'twice4') })).rejects.toThrow(
      /twice\.csv:3: recording \S*single\.mat \(variable X097_DE_time\) is labelled ball here and normal on line 2/,
    );
    // run to failure: one machine, two recordings at one time, not channels of one capture
    await writeFile(m, 'file,fs,rpm,machine,time\nor.csv,12000,1797,a,0\nok.csv,12000,1797,a,0\n');
    await expect(
      importWaveforms({ manifest: m, outDir: join(dir, 'twice3'), runToFailure: true }),
    ).rejects.toThrow(
      /twice\.csv:3: machine a has a second recording at the time of line 2 \(0 h\); a machine has one capture per time/,
    );
  });

  it('stops on bad manifests and files with file, line and column', async () => {
    await writeFile(join(dir, 'bad1.csv'), 'file,label,fs,rpm\nor.csv,spalled,12000,1797\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'bad1.csv'), outDir: join(dir, 'b1') }),
    ).rejects.toThrow(/bad1\.csv:2:2 \(label\): unknown label "spalled"/);
    await writeFile(join(dir, 'bad2.csv'), 'file,label,fs,rpm\nor.csv,outer_race,48000,1797\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'bad2.csv'), outDir: join(dir, 'b2') }),
    ).rejects.toThrow(
      /bad2\.csv:2:3 \(fs\): fs says 48000 Hz but the t column of .*or\.csv is sampled at 12000/,
    );
    // a matrix column written without quotes in the manifest: how to quote it
    await writeFile(
      join(dir, 'bad10.csv'),
      'file,label,fs,rpm,variable\nx.mat,normal,12000,1797,data(:,2)\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'bad10.csv'), outDir: join(dir, 'b10') }),
    ).rejects.toThrow(
      /bad10\.csv:2: expected 5 fields, found 6 \(a cell that holds a comma, as a matrix column data\(:,2\), goes in double quotes: "data\(:,2\)"\)/,
    );
    // a window too short for the features is the window's fault, said before anything is read
    // as a bad signal
    await writeFile(join(dir, 'bad2w.csv'), 'file,label,fs,rpm\nor.csv,outer_race,12000,1797\n');
    await expect(
      importWaveforms({
        manifest: join(dir, 'bad2w.csv'),
        outDir: join(dir, 'b2w'),
        windowS: 0.02,
      }),
    ).rejects.toThrow(
      /--window 0\.02 s holds 240 samples of .*or\.csv at 12000 Hz \(manifest line 2\); the features need at least 256: a window of at least 0\.0213 s/,
    );
    await writeFile(join(dir, 'bad3.csv'), 'file,label,fs\nor.csv,normal,12000\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'bad3.csv'), outDir: join(dir, 'b3') }),
    ).rejects.toThrow(/missing column "rpm"/);
    await writeFile(join(dir, 'bad4.csv'), 'file,label,fs,rpm\nnothere.csv,normal,12000,1797\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'bad4.csv'), outDir: join(dir, 'b4') }),
    ).rejects.toThrow(
      /bad4\.csv:2: recording .*nothere\.csv does not exist \(a relative file is taken from the manifest's folder/,
    );
    // A load in horsepower where a fraction of rated load is expected
    await writeFile(join(dir, 'bad9.csv'), 'file,label,fs,rpm,load\nor.csv,normal,12000,1797,3\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'bad9.csv'), outDir: join(dir, 'b9') }),
    ).rejects.toThrow(
      /bad9\.csv:2:5 \(load\): expected the load as a fraction of the machine's rated load \(0 to 2; 1 = full load\), got 3/,
    );
    // An --out that holds a result is refused before any recording is read (nothere.csv is not)
    await expect(
      importWaveforms({ manifest: join(dir, 'bad4.csv'), outDir: join(dir, 'ds') }),
    ).rejects.toThrow(/ds already holds a result \(manifest\.json\); choose another --out/);
    await expect(
      importWaveforms({ manifest: join(dir, 'bad4.csv'), outDir: join(dir, 'bad4.csv') }),
    ).rejects.toThrow(/bad4\.csv is a file; expected a folder to write into/);
    await writeFile(join(dir, 'text.csv'), 'accel_g\n0.1\nabc\n');
    await writeFile(join(dir, 'bad5.csv'), 'file,label,fs,rpm\ntext.csv,normal,12000,1797\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'bad5.csv'), outDir: join(dir, 'b5') }),
    ).rejects.toThrow(/text\.csv:3:1 \(accel_g\): cannot read "abc"/);
    // A misspelt optional column would silently not apply; time needs --run-to-failure.
    await writeFile(
      join(dir, 'bad6.csv'),
      'file,label,fs,rpm,locaton\nor.csv,normal,12000,1797,fe\n',
    );
    await expect(
      importWaveforms({ manifest: join(dir, 'bad6.csv'), outDir: join(dir, 'b6') }),
    ).rejects.toThrow(/bad6\.csv: unknown column "locaton": did you mean "location"\?/);
    await writeFile(join(dir, 'bad7.csv'), 'file,label,fs,rpm,time\nor.csv,normal,12000,1797,5\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'bad7.csv'), outDir: join(dir, 'b7') }),
    ).rejects.toThrow(/bad7\.csv: a time column is read only with --run-to-failure/);
    // A file of one word is a header with no samples, not a short recording.
    await writeFile(join(dir, 'hello.csv'), 'hello\n');
    await writeFile(join(dir, 'bad8.csv'), 'file,label,fs,rpm\nhello.csv,normal,12000,1797\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'bad8.csv'), outDir: join(dir, 'b8') }),
    ).rejects.toThrow(/bad8\.csv:2: .*hello\.csv holds no samples/);
    // An empty file too (it read as a file of 0 columns to pick from)
    await writeFile(join(dir, 'empty.csv'), '');
    await writeFile(join(dir, 'bad9.csv'), 'file,label,fs,rpm\nempty.csv,normal,12000,1797\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'bad9.csv'), outDir: join(dir, 'b9') }),
    ).rejects.toThrow(/bad9\.csv:2: .*empty\.csv holds no samples$/);
  });

  it('names the recordings it skips and the manifest columns it does not read', async () => {
    const short = Array.from({ length: 600 }, (_, i) => (0.01 * Math.sin(i)).toFixed(5));
    await writeFile(join(dir, 'short.csv'), `accel_g\n${short.join('\n')}\n`);
    await writeFile(
      join(dir, 'notes.csv'),
      'file,label,fs,rpm,notes\nor.csv,outer_race,12000,1797,rig A\nshort.csv,normal,12000,1797,\n',
    );
    const r = await importWaveforms({ manifest: join(dir, 'notes.csv'), outDir: join(dir, 'n1') });
    expect(r.skippedShort).toBe(1);
    expect(r.skippedFiles).toEqual([`${join(dir, 'short.csv')} (manifest line 3)`]);
    expect(r.ignoredColumns).toEqual(['notes']);
    // nothing long enough: the message says how long the longest is
    await writeFile(join(dir, 'shorts.csv'), 'file,label,fs,rpm\nshort.csv,normal,12000,1797\n');
    await expect(
      importWaveforms({ manifest: join(dir, 'shorts.csv'), outDir: join(dir, 'n2') }),
    ).rejects.toThrow(
      /shorts\.csv: no recording is at least 1 s long \(the longest holds 0\.0500 s at its fs\); choose a shorter --window/,
    );
  });
});
