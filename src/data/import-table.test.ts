import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainTestBundle } from '../../test/support/train.js';
import type { Task } from '../models/bundle.js';
import { readDataset } from './dataset.js';
import { importTable } from './import-table.js';
import { getColumnData } from './table.js';
import { MULTI_REGIME_NAMES, multiRegimeFleet } from '../../test/support/multi-regime.js';
import { readManifest } from './output-dir.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-imp-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A run-to-failure table in the whitespace, headerless layout of turbofan benchmarks. */
function cmapssLike(units: number[], cut = 0): string {
  const lines: string[] = [];
  units.forEach((life, u) => {
    for (let c = 1; c <= life - cut; c++) {
      const wear = c / life;
      lines.push(
        `${u + 1} ${c} ${(0.001 * ((c * 7) % 5)).toFixed(4)} 100.0 ${(640 + 5 * wear).toFixed(3)} ${(1400 + 30 * wear * wear).toFixed(2)}  `,
      );
    }
  });
  return `${lines.join('\n')}\n`;
}
const names = ['unit', 'cycle', 'op1', 'op2', 's1', 's2'];

describe('import table', () => {
  it("derives RUL from each unit's last row, caps it, and adds trend features", async () => {
    const file = join(dir, 'train.txt');
    await writeFile(file, cmapssLike([20, 30, 25, 40, 35]));
    const out = join(dir, 'rtf');
    const r = await importTable({
      file,
      outDir: out,
      unit: 'unit',
      time: 'cycle',
      header: 'none',
      names,
      runToFailure: true,
      rulCap: 25,
      window: 5,
    });
    expect(r.featureNames).toContain('s2_slope5');
    const ds = await readDataset(out);
    expect(ds.manifest.timeUnit).toBe('cycles');
    expect(ds.manifest.rows).toBe(150);
    // Without --header: line 1 is all numbers, so it is data and no row is lost to --names.
    await importTable({
      file,
      outDir: join(dir, 'rtf-auto'),
      unit: 'unit',
      time: 'cycle',
      names,
      runToFailure: true,
    });
    expect((await readDataset(join(dir, 'rtf-auto'))).manifest.rows).toBe(150);
    const ids = getColumnData(ds.table, 'machine_id', 'string');
    const t = getColumnData(ds.table, 'time', 'float64');
    const rul = getColumnData(ds.table, 'rul', 'float64');
    const first2 = ids.indexOf('2');
    expect(t[first2]).toBe(1);
    // The true life (29 cycles); --rul-cap 25 is the cap models learn with, kept in the manifest,
    // so every row still says when its unit fails.
    expect(rul[first2]).toBe(29);
    expect(ds.manifest.details.rulCap).toBe(25);
    const failAt = new Set(ids.flatMap((id, i) => (id === '2' ? [t[i]! + rul[i]!] : [])));
    expect([...failAt]).toEqual([30]);
    const last2 = ids.lastIndexOf('2');
    expect(rul[last2]).toBe(0);
    expect(rul[last2 - 3]).toBe(3);
    // slope of s1 (linear in cycle: 5/30 per cycle) over the window
    expect(getColumnData(ds.table, 's1_slope5', 'float64')[last2]).toBeCloseTo(5 / 30, 2);
    const all = [
      ...ds.manifest.splits.train,
      ...ds.manifest.splits.validation,
      ...ds.manifest.splits.test,
    ];
    expect(all.sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('reads rows in time order and names the units whose rows go back in time', async () => {
    const file = join(dir, 'unsorted.txt');
    const lines = cmapssLike([20, 30]).trimEnd().split('\n');
    // unit 2's last row (cycle 30, line 50) written with cycle 0, as a clock reset would
    lines[49] = lines[49]!.replace(/^(\s*2\s+)30(\s)/, '$10$2');
    await writeFile(file, `${lines.join('\n')}\n`);
    const common = {
      unit: 'unit',
      time: 'cycle',
      header: 'none',
      names,
      runToFailure: true,
    } as const;
    const r = await importTable({ ...common, file, outDir: join(dir, 'unsorted') });
    expect(r.unsorted).toEqual([{ unit: '2', line: 50, time: 0, after: 29 }]);
    // in order: nothing to say
    await writeFile(file, cmapssLike([20, 30]));
    const ok = await importTable({ ...common, file, outDir: join(dir, 'sorted') });
    expect(ok.unsorted).toEqual([]);
    expect(ok.emptyColumns).toEqual([]);
  });

  it('names the columns that hold no value in any row', async () => {
    const file = join(dir, 'empty-col.csv');
    // s2 is empty or a missing mark on every row; s1 is missing on one row only
    await writeFile(
      file,
      'unit,cycle,s1,s2,s3\n1,1,640,,1\n1,2,,NaN,2\n2,1,641,n/a,3\n2,2,642,,4\n3,1,640,,5\n3,2,643,NA,6\n',
    );
    const r = await importTable({
      file,
      outDir: join(dir, 'empty-col'),
      unit: 'unit',
      time: 'cycle',
      runToFailure: true,
      window: 0,
      format: 'csv',
    });
    expect(r.emptyColumns).toEqual(['s2']);
    // --format csv: the features in CSV too, for tools without a Parquet reader
    const csv = (await readFile(join(dir, 'empty-col', 'features.csv'), 'utf8')).split('\n');
    expect(csv[0]).toBe('machine_id,time,s1,s2,s3,mode,rul,maintenance_due');
    expect(csv.filter((l) => l !== '')).toHaveLength(7);
    expect(r.featureNames).toEqual(['s1', 's2', 's3']);
  });

  it("adds age, the time since each unit's first row, on request", async () => {
    const file = join(dir, 'aged.txt');
    // unit 2 starts at cycle 5: its age counts from there
    await writeFile(
      file,
      '1 1 0 100 640 1400\n1 2 0 100 641 1401\n2 5 0 100 640 1400\n2 7 0 100 642 1402\n',
    );
    const base = {
      file,
      unit: 'unit',
      time: 'cycle',
      header: 'none' as const,
      names,
      runToFailure: true,
    };
    const r = await importTable({ ...base, outDir: join(dir, 'aged'), age: true, window: 0 });
    expect(r.manifest.modelFeatures).toContain('age');
    const ds = await readDataset(join(dir, 'aged'));
    expect(Array.from(getColumnData(ds.table, 'age', 'float64'))).toEqual([0, 1, 0, 2]);
    await expect(
      importTable({
        file,
        outDir: join(dir, 'aged2'),
        label: 's1',
        header: 'none',
        names,
        age: true,
      }),
    ).rejects.toThrow(/--age needs --unit and --time/);
    await expect(
      importTable({
        ...base,
        names: ['unit', 'cycle', 'op1', 'age', 's1', 's2'],
        outDir: join(dir, 'aged3'),
        age: true,
      }),
    ).rejects.toThrow(/already has a column named age/);
  });

  it('reads date-times as hours since the earliest, in UTC unless a zone is given', async () => {
    const rows = ['machineID,datetime,volt,rotate'];
    for (let h = 0; h < 30; h++) {
      const t = new Date(Date.UTC(2015, 0, 1, 6 + h)).toISOString().slice(0, 19).replace('T', ' ');
      rows.push(`1,${t},${170 + h},${450 - h}`);
    }
    // unit 2 logs with a zone: 2015-01-01T09:30:00+02:00 is 07:30 UTC, 1.5 h after the origin
    rows.push('2,2015-01-01T09:30:00+02:00,171,449', '2,2015-01-01T11:30:00+02:00,172,448');
    const file = join(dir, 'telemetry.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
    const base = { file, unit: 'machineID', time: 'datetime', runToFailure: true };
    const r = await importTable({ ...base, outDir: join(dir, 'dt') });
    expect(r.manifest.timeUnit).toBe('h');
    expect(r.manifest.details.timeOrigin).toBe('2015-01-01T06:00:00.000Z');
    const ds = await readDataset(join(dir, 'dt'));
    const t = getColumnData(ds.table, 'time', 'float64');
    const rul = getColumnData(ds.table, 'rul', 'float64');
    expect(Array.from(t.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(rul[0]).toBe(29); // unit 1 runs to 35:00, 29 h after its first row
    expect(Array.from(t.subarray(30))).toEqual([1.5, 3.5]);
    expect(Array.from(rul.subarray(30))).toEqual([2, 0]);
    await expect(
      importTable({ ...base, outDir: join(dir, 'dt2'), timeUnit: 'cycles' }),
    ).rejects.toThrow(/--time-unit cycles: datetime holds date-times, which are read in hours/);
    // an empty first cell: the column is still read as date-times, and the gap named
    await writeFile(file, 'u,t,x\n1,,0\n1,2015-01-01 00:00,1\n');
    await expect(
      importTable({ ...base, unit: 'u', time: 't', outDir: join(dir, 'dte') }),
    ).rejects.toThrow(/telemetry\.csv:2:2 \(t\): cannot read "" as a date-time/);
    // zones with minutes or hours only, fractional seconds, years before 100
    await writeFile(
      file,
      'u,t,x\n1,2015-01-01T05:30:00+05:30,1\n1,2014-12-31 16:00:00.5-08:00,2\n1,2015-01-01T04:00:00+03,3\n',
    );
    const zoned = await importTable({ ...base, unit: 'u', time: 't', outDir: join(dir, 'dtz') });
    expect(zoned.manifest.details.timeOrigin).toBe('2015-01-01T00:00:00.000Z');
    const dz = await readDataset(join(dir, 'dtz'));
    expect(Array.from(getColumnData(dz.table, 'time', 'float64'))).toEqual([0, 0.5 / 3600, 1]);
    // trend slopes two years after the origin, over seconds, keep their precision
    const late = ['u,t,x', '1,2015-01-01 00:00:00,0', '1,2015-01-01 01:00:00,0'];
    for (let k = 0; k < 12; k++)
      late.push(
        `2,2017-01-01 00:00:${String(k).padStart(2, '0')},${(500 + (2 * k) / 3600).toFixed(9)}`,
      );
    await writeFile(file, `${late.join('\n')}\n`);
    await importTable({ ...base, unit: 'u', time: 't', outDir: join(dir, 'dts') });
    const slope = getColumnData(
      (await readDataset(join(dir, 'dts'))).table,
      'x_slope10',
      'float64',
    );
    expect(slope[slope.length - 1]).toBeCloseTo(2, 4); // per hour
    await writeFile(file, 'u,t,x\n1,0050-03-01 00:00,0\n1,0050-03-01 02:00,1\n');
    const old = await importTable({ ...base, unit: 'u', time: 't', outDir: join(dir, 'dty') });
    expect(old.manifest.details.timeOrigin).toBe('0050-03-01T00:00:00.000Z');
    for (const bad of ['2015-01-01-08:00', '2015-01-01 00:00+99:00', '2015-02-30 00:00:00']) {
      await writeFile(file, `u,t,x\n1,2015-01-01 00:00,0\n1,${bad},1\n`);
      await expect(
        importTable({ ...base, unit: 'u', time: 't', outDir: join(dir, 'dtbad') }),
        bad,
      ).rejects.toThrow(/telemetry\.csv:3:2 \(t\): cannot read .* as a date-time/);
    }
    await writeFile(file, `${[...rows.slice(0, 5), '1,2015-02-30 00:00:00,1,2'].join('\n')}\n`);
    await expect(importTable({ ...base, outDir: join(dir, 'dt3') })).rejects.toThrow(
      /telemetry\.csv:6:2 \(datetime\): cannot read "2015-02-30 00:00:00" as a date-time/,
    );
  });

  it('reads true RUL at the last row for test sets cut before failure', async () => {
    const file = join(dir, 'test.txt');
    await writeFile(file, cmapssLike([20, 30], 5));
    const rulFile = join(dir, 'RUL.txt');
    await writeFile(rulFile, '5\n5\n');
    const out = join(dir, 'cut');
    await importTable({
      file,
      outDir: out,
      unit: 'unit',
      time: 'cycle',
      header: 'none',
      names,
      finalRulFile: rulFile,
    });
    const ds = await readDataset(out);
    expect(ds.manifest.rulScoring).toBe('last');
    expect(ds.manifest.splits.test).toEqual(['1', '2']);
    const rul = getColumnData(ds.table, 'rul', 'float64');
    expect(rul[0]).toBe(5 + 14); // unit 1 has rows 1..15, true RUL 5 at row 15
    await writeFile(rulFile, '5\n');
    await expect(
      importTable({
        file,
        outDir: join(dir, 'cut2'),
        unit: 'unit',
        time: 'cycle',
        header: 'none',
        names,
        finalRulFile: rulFile,
      }),
    ).rejects.toThrow(/has 1 RUL values but the table has 2 units/);
    // a blank line among the values (a value left out) is named
    await writeFile(rulFile, '\n5\n\n'); // trailing blank lines are not counted
    await expect(
      importTable({
        file,
        outDir: join(dir, 'cut3'),
        unit: 'unit',
        time: 'cycle',
        header: 'none',
        names,
        finalRulFile: rulFile,
      }),
    ).rejects.toThrow(/has 1 RUL values but the table has 2 units .*; line 1 is blank$/);
  });

  it('reads empty label cells as the healthy class with --normal-class ""', async () => {
    const rows = ['machineID,volt,failure'];
    for (let i = 0; i < 30; i++)
      rows.push(`${i},${i % 10 === 9 ? 190 : 170},${i % 10 === 9 ? 'comp2' : ''}`);
    const file = join(dir, 'joined.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
    // without it, an empty label is a missing one
    await expect(
      importTable({ file, outDir: join(dir, 'joined0'), label: 'failure', exclude: ['machineID'] }),
    ).rejects.toThrow(/joined\.csv:2:3 \(failure\): no label/);
    await importTable({
      file,
      outDir: join(dir, 'joined'),
      label: 'failure',
      normalClass: '',
      exclude: ['machineID'],
    });
    const ds = await readDataset(join(dir, 'joined'));
    expect(ds.manifest.labels.classes).toEqual(['comp2', 'normal']);
    const mode = getColumnData(ds.table, 'mode', 'string');
    expect(mode.filter((m) => m === 'normal')).toHaveLength(27);
  });

  it('leaves out a column without a name (a row index written with the table) and says so', async () => {
    // pandas' to_csv writes its index as a first column with an empty header cell
    const rows = [',timestamp,sensor_00,sensor_01,machine_status'];
    for (let i = 0; i < 30; i++) {
      const broken = i % 10 === 9;
      rows.push(
        `${i},2018-04-01 00:${String(i).padStart(2, '0')}:00,${broken ? 5 : 1}.${i % 7},2.${i % 5},${broken ? 'BROKEN' : 'NORMAL'}`,
      );
    }
    const file = join(dir, 'indexed.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
    const r = await importTable({
      file,
      outDir: join(dir, 'indexed'),
      label: 'machine_status',
      normalClass: 'NORMAL',
      exclude: ['timestamp'],
    });
    expect(r.unnamedColumns).toEqual([1]);
    expect(r.featureNames).toEqual(['sensor_00', 'sensor_01']);
    const ds = await readDataset(join(dir, 'indexed'));
    expect(ds.manifest.labels.classes).toEqual(['BROKEN', 'normal']);
  });

  it('imports a labelled table: categories encoded, excluded columns dropped, stratified splits', async () => {
    // HDF: the failure mode, recorded with the failure (1 on 8 of the 20 failures only)
    const rows = ['UDI,Product ID,Type,Air temperature [K],Torque [Nm],Machine failure,HDF'];
    for (let i = 0; i < 200; i++) {
      const fail = i % 10 === 0 ? 1 : 0;
      rows.push(
        `${i + 1},P${1000 + i},${['L', 'M', 'H'][i % 3]},${(298 + (i % 7) * 0.3).toFixed(1)},${(40 + fail * 25 + (i % 5)).toFixed(1)},${fail},${fail === 1 && i % 20 === 0 && i < 160 ? 1 : 0}`,
      );
    }
    const file = join(dir, 'labelled.csv');
    await writeFile(file, `${rows.join('\r\n')}\r\n`);
    const out = join(dir, 'lab');
    const r = await importTable({
      file,
      outDir: out,
      label: 'Machine failure',
      exclude: ['UDI', 'Product ID', 'HDF'],
    });
    expect(r.categorical).toEqual(['Type']);
    expect(r.leaks).toEqual([]);
    // Kept in, HDF is named as a column that may record the label.
    const kept = await importTable({
      file,
      outDir: join(dir, 'lab-hdf'),
      label: 'Machine failure',
      exclude: ['UDI', 'Product ID'],
    });
    expect(kept.leaks).toEqual([{ column: 'HDF', value: 1, label: 'failure', rows: 8 }]);
    const ds = await readDataset(out);
    expect(ds.manifest.categories.Type).toEqual(['H', 'L', 'M']);
    expect(ds.manifest.labels.classes).toEqual(['failure', 'normal']);
    expect(ds.manifest.modelFeatures).toEqual(['Type', 'Air temperature [K]', 'Torque [Nm]']);
    const failingTest = ds.manifest.splits.test.filter(
      (id) => Number(id.slice(4)) % 10 === 1,
    ).length;
    expect(failingTest).toBe(4); // 20 failures, 20 % in test
    // `train --task fault` works on it; horizon asks for remaining life and says where it comes from
    const train = (tasks: Task[]) =>
      trainTestBundle(ds, tasks, { fault: { gbdt: { rounds: 10 } } });
    const fault = (await train(['fault'])).tasks[0]!;
    expect(fault.classes).toEqual(['failure', 'normal']);
    await expect(train(['horizon'])).rejects.toThrow(
      /no remaining-life labels.*import table --run-to-failure/,
    );
  });

  it('reads the healthy class under its own name as normal (--normal-class)', async () => {
    const rows = ['id,torque,Failure Type'];
    const kinds = [
      'No Failure',
      'No Failure',
      'No Failure',
      'Heat Dissipation Failure',
      'Power Failure',
    ];
    for (let i = 0; i < 50; i++) rows.push(`${i},${40 + (i % 7)},${kinds[i % 5]!}`);
    const file = join(dir, 'types.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
    const base = { file, label: 'Failure Type', exclude: ['id'] };
    const r = await importTable({ ...base, outDir: join(dir, 'types'), normalClass: 'No Failure' });
    expect(r.manifest.labels.classes).toEqual([
      'Heat Dissipation Failure',
      'Power Failure',
      'normal',
    ]);
    expect(r.manifest.labels.definitions.mode).toContain('"No Failure" read as normal');
    const ds = await readDataset(join(dir, 'types'));
    expect(getColumnData(ds.table, 'mode', 'string').filter((m) => m === 'normal')).toHaveLength(
      30,
    );
    // "None" is a class name, not a missing label
    await writeFile(file, `${rows.join('\n').replaceAll('No Failure', 'None')}\n`);
    const none = await importTable({ ...base, outDir: join(dir, 'types3'), normalClass: 'None' });
    expect(none.manifest.labels.classes).toContain('normal');
    await expect(
      importTable({ ...base, outDir: join(dir, 'types2'), normalClass: 'OK' }),
    ).rejects.toThrow(
      /--normal-class OK: no row of .* has that class; classes: Heat Dissipation Failure, None, Power Failure/,
    );
  });

  it('keeps integer class codes as classes; only a column of 0/1 alone is a failure flag', async () => {
    // Six failure types coded 0..5: code 1 is a class of its own, not "failure"
    const coded = ['id,torque,type'];
    for (let i = 0; i < 60; i++) coded.push(`${i},${40 + (i % 7)},${i % 6}`);
    const file = join(dir, 'coded.csv');
    await writeFile(file, `${coded.join('\n')}\n`);
    const base = { file, label: 'type', exclude: ['id'] };
    const r = await importTable({ ...base, outDir: join(dir, 'coded'), normalClass: '0' });
    expect(r.manifest.labels.classes).toEqual(['1', '2', '3', '4', '5', 'normal']);
    const ds = await readDataset(join(dir, 'coded'));
    const modes = getColumnData(ds.table, 'mode', 'string');
    expect(modes.filter((m) => m === '1')).toHaveLength(10);
    expect(modes.filter((m) => m === 'normal')).toHaveLength(10);
    // The same codes limited to 0 and 1 (and written 0.0 / 1.0): a failure flag
    const flags = ['id,torque,type'];
    for (let i = 0; i < 60; i++) flags.push(`${i},${40 + (i % 7)},${i % 4 === 0 ? '1.0' : '0'}`);
    await writeFile(file, `${flags.join('\n')}\n`);
    const f = await importTable({ ...base, outDir: join(dir, 'flags') });
    expect(f.manifest.labels.classes).toEqual(['failure', 'normal']);
  });

  it('reads decimal commas in a file separated by semicolons, and the usual missing marks', async () => {
    const rows = ['id;load;temp;failure'];
    const marks = ['n/a', '?', 'None', 'NULL', '#N/A'];
    for (let i = 0; i < 40; i++) {
      const temp = i < marks.length ? marks[i]! : `${300 + i},25`;
      rows.push(
        `${i};${(i % 4) * 0.5 + 0.5};${temp};${i % 8 === 0 ? 1 : 0}`.replace(
          /(\d)\.(\d)/g,
          '$1,$2',
        ),
      );
    }
    const file = join(dir, 'semicolon.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
    const r = await importTable({
      file,
      outDir: join(dir, 'semi'),
      label: 'failure',
      exclude: ['id'],
    });
    expect(r.categorical).toEqual([]); // load's four values are numbers, not a category
    const ds = await readDataset(join(dir, 'semi'));
    const ids = getColumnData(ds.table, 'machine_id', 'string');
    const load = getColumnData(ds.table, 'load', 'float64');
    const temp = getColumnData(ds.table, 'temp', 'float64');
    for (let k = 0; k < ids.length; k++) {
      const i = Number(ids[k]!.slice(4)) - 1; // row-1 is the first row
      expect(load[k]).toBe((i % 4) * 0.5 + 0.5);
      if (i < marks.length) expect(temp[k]).toBeNaN();
      else expect(temp[k]).toBe(300 + i + 0.25);
    }
    // a quoted decimal comma in a comma-separated file: an error that says so
    await writeFile(
      file,
      `a,b,failure\n${Array.from({ length: 40 }, (_, i) => `${i},"${i},5",${i % 2}`).join('\n')}\n`,
    );
    await expect(
      importTable({ file, outDir: join(dir, 'semi2'), label: 'failure' }),
    ).rejects.toThrow(
      /semicolon\.csv:2:2 \(b\): cannot read "0,5" as a number: a decimal comma in a comma-separated file/,
    );
  });

  it('stops on text where numbers are expected, naming file, line and column', async () => {
    const rows = ['a,b,label'];
    for (let i = 0; i < 50; i++) rows.push(`${i},${i === 30 ? 'oops' : i * 2},x${i % 2}`);
    // 'b' has 50 distinct values: not a category, so "oops" is an error
    const file = join(dir, 'bad.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
    await expect(importTable({ file, outDir: join(dir, 'bad'), label: 'label' })).rejects.toThrow(
      /bad\.csv:32:2 \(b\): cannot read "oops" as a number/,
    );
    await expect(importTable({ file, outDir: join(dir, 'bad2'), label: 'nope' })).rejects.toThrow(
      /--label nope: .* has no such column/,
    );
    await expect(importTable({ file, outDir: join(dir, 'bad3') })).rejects.toThrow(
      /say what the labels are/,
    );
    // Text throughout with too many values for a category: an identifier, to leave out
    await writeFile(
      file,
      `id,a,label\n${Array.from({ length: 40 }, (_, i) => `M${i},${i},${i % 2}`).join('\n')}\n`,
    );
    await expect(importTable({ file, outDir: join(dir, 'bad4'), label: 'label' })).rejects.toThrow(
      /bad\.csv:2:1 \(id\): cannot read "M0" as a number; the column holds text with 40 distinct values, more than a category's 32 \(an identifier\?\): leave it out with --exclude "id"/,
    );
    // A time column of another date form than ISO 8601 says which forms are read
    await writeFile(file, 'u,t,a\n1,1/1/2015 6:00:00 AM,3\n1,1/1/2015 7:00:00 AM,4\n');
    await expect(
      importTable({ file, outDir: join(dir, 'bad4t'), unit: 'u', time: 't', runToFailure: true }),
    ).rejects.toThrow(
      /bad\.csv:2:2 \(t\): cannot read "1\/1\/2015 6:00:00 AM" as a number; a time column holds numbers \(hours, cycles\) or ISO 8601 date-times/,
    );
    // A few distinct values, one of them not a number: a numeric column with a bad cell.
    await writeFile(file, 'a,b,label\n1,0,0\n2,1,1\n3,err,0\n4,2,1\n');
    await expect(importTable({ file, outDir: join(dir, 'bad5'), label: 'label' })).rejects.toThrow(
      /bad\.csv:4:2 \(b\): cannot read "err" as a number/,
    );
    // Columns named like the dataset's own, or like a column the import derives.
    await writeFile(file, 'unit,cycle,s1,mode\n1,1,0.5,2\n1,2,0.6,3\n2,1,0.4,1\n2,2,0.5,1\n');
    const rtf = { file, unit: 'unit', time: 'cycle', runToFailure: true } as const;
    await expect(importTable({ ...rtf, outDir: join(dir, 'bad6') })).rejects.toThrow(
      /bad\.csv: column 'mode' has a name the dataset keeps for its own columns \(machine_id, time, mode, rul, maintenance_due\); .* --exclude/,
    );
    const ok = await importTable({ ...rtf, outDir: join(dir, 'ok6'), exclude: ['mode'] });
    expect(ok.featureNames).toContain('s1');
    await writeFile(file, 'unit,cycle,s1,s1_mean10\n1,1,0.5,2\n1,2,0.6,3\n2,1,0.4,1\n2,2,0.5,1\n');
    await expect(importTable({ ...rtf, outDir: join(dir, 'bad7') })).rejects.toThrow(
      /bad\.csv: the column s1_mean10 has the name of a column the import derives/,
    );
    await expect(
      importTable({ ...rtf, columns: ['s1', 's1'], outDir: join(dir, 'bad8') }),
    ).rejects.toThrow(/--columns: s1 is listed twice/);
    // An --out that holds a result is refused before the table is read (none.csv is not there)
    await expect(
      importTable({ ...rtf, file: join(dir, 'none.csv'), outDir: join(dir, 'ok6') }),
    ).rejects.toThrow(/ok6 already holds a result \(manifest\.json\)/);
    // A unit's row without a time or a unit would be labelled as if its life ended there.
    await writeFile(file, 'unit,cycle,s1\n1,1,0.5\n1,2,0.6\n1,NA,0.7\n2,1,0.4\n2,2,0.5\n');
    await expect(importTable({ ...rtf, outDir: join(dir, 'bad9') })).rejects.toThrow(
      /bad\.csv:4:2 \(cycle\): expected a time \(a finite number\), got "NA"/,
    );
    await writeFile(file, 'unit,cycle,s1\n1,1,0.5\n,2,0.6\n2,1,0.4\n2,2,0.5\n');
    await expect(importTable({ ...rtf, outDir: join(dir, 'bad10') })).rejects.toThrow(
      /bad\.csv:3:1 \(unit\): expected the row's unit, got an empty cell/,
    );
    // Two tables numbering their units alike, joined: unit 1 twice at cycle 2.
    await writeFile(file, 'unit,cycle,s1\n1,1,0.5\n1,2,0.6\n2,1,0.4\n1,1,0.5\n1,2,0.7\n1,3,0.8\n');
    await expect(importTable({ ...rtf, outDir: join(dir, 'bad11') })).rejects.toThrow(
      /bad\.csv:5:2 \(cycle\): unit 1 has a row at 1 already \(line 2\); expected one row per unit and time: were two tables that number their units alike joined\?/,
    );
    await writeFile(file, 'a,b,label\n1,2,0\n2,3,1\n3,4, \n');
    await expect(importTable({ file, outDir: join(dir, 'bad4'), label: 'label' })).rejects.toThrow(
      /bad\.csv:4:3 \(label\): no label \(" "\); every row needs a class/,
    );
  });

  describe('multi-condition tables (--regimes)', () => {
    const rtf = {
      unit: 'unit',
      time: 'cycle',
      header: 'none' as const,
      names: MULTI_REGIME_NAMES,
    };

    /** Pearson correlation of two columns over the rows where both are finite. */
    function correlation(a: Float64Array, b: Float64Array): number {
      let n = 0;
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < a.length; i++) {
        if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) continue;
        n++;
        sa += a[i]!;
        sb += b[i]!;
      }
      const ma = sa / n;
      const mb = sb / n;
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let i = 0; i < a.length; i++) {
        if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) continue;
        ab += (a[i]! - ma) * (b[i]! - mb);
        aa += (a[i]! - ma) ** 2;
        bb += (b[i]! - mb) ** 2;
      }
      return ab / Math.sqrt(aa * bb);
    }

    it('standardises sensors within each condition on training units, which bares the wear drift', async () => {
      const file = join(dir, 'multi.txt');
      await writeFile(file, multiRegimeFleet(30, 11).text);
      const out = join(dir, 'multi');
      const r = await importTable({
        file,
        outDir: out,
        ...rtf,
        runToFailure: true,
        regimes: ['op1', 'op2', 'op3'],
      });
      expect(r.regimes?.centres).toHaveLength(6);
      expect(r.regimes?.farRows).toBe(0);
      const ds = await readDataset(out);
      const mf = ds.manifest.modelFeatures;
      expect(mf).toEqual(
        expect.arrayContaining(['op1', 'regime', 's1_z', 's1_z_mean10', 's1_z_slope10']),
      );
      for (const raw of ['s1', 's2', 's1_mean10']) expect(mf).not.toContain(raw);
      const ids = getColumnData(ds.table, 'machine_id', 'string');
      const regime = getColumnData(ds.table, 'regime', 'float64');
      const z = getColumnData(ds.table, 's1_z', 'float64');
      // on the training units, each regime's standardised sensor has mean 0 and deviation 1
      const train = new Set(ds.manifest.splits.train);
      for (let k = 0; k < 6; k++) {
        const v = Array.from(z).filter((_, i) => regime[i] === k && train.has(ids[i]!));
        const m = v.reduce((a, b) => a + b, 0) / v.length;
        const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
        expect(m).toBeCloseTo(0, 9);
        expect(sd).toBeCloseTo(1, 9);
      }
      // wear (1 - rul / life, life = rul at the first row) drives s1 up: the raw sensor hides it
      // under the condition levels, its standardised value shows it
      const rul = getColumnData(ds.table, 'rul', 'float64');
      const wear = new Float64Array(rul.length);
      let life = 0;
      rul.forEach((v, i) => {
        if (i === 0 || ids[i] !== ids[i - 1]) life = v + 1;
        wear[i] = 1 - v / life;
      });
      const raw = getColumnData(ds.table, 's1', 'float64');
      expect(Math.abs(correlation(raw, wear))).toBeLessThan(0.15);
      expect(correlation(z, wear)).toBeGreaterThan(0.6);
      // the rolling mean over the unit's last 10 cycles averages the noise down
      const zMean = correlation(getColumnData(ds.table, 's1_z_mean10', 'float64'), wear);
      expect(zMean).toBeGreaterThan(0.75);
      expect(zMean).toBeGreaterThan(correlation(z, wear) + 0.1);
      const stored = (await readManifest(out)).details as {
        regimes: { centres: number[][]; fittedOn: string };
      };
      expect(stored.regimes.centres).toHaveLength(6);
      expect(stored.regimes.fittedOn).toMatch(/^\d+ training units of .*multi\.txt$/);
    });

    it('standardises a test table with the training statistics, and only with them', async () => {
      const trainFile = join(dir, 'multi-train.txt');
      await writeFile(trainFile, multiRegimeFleet(20, 12).text);
      const trainDir = join(dir, 'multi-train');
      await importTable({
        file: trainFile,
        outDir: trainDir,
        ...rtf,
        runToFailure: true,
        regimes: ['op1', 'op2', 'op3'],
      });
      const testFleet = multiRegimeFleet(4, 13, true);
      const testFile = join(dir, 'multi-test.txt');
      await writeFile(testFile, testFleet.text);
      const rulFile = join(dir, 'multi-rul.txt');
      await writeFile(rulFile, '10\n20\n30\n40\n');
      const test = { file: testFile, ...rtf, finalRulFile: rulFile };
      await expect(
        importTable({ ...test, outDir: join(dir, 'mt0'), regimes: ['op1', 'op2', 'op3'] }),
      ).rejects.toThrow(/fits its statistics on training units.*--regimes-from TRAIN_DIR/);
      await expect(
        importTable({ ...test, outDir: join(dir, 'mt1'), regimesFrom: join(dir, 'rtf') }),
      ).rejects.toThrow(/was not imported with --regimes/);
      await expect(
        importTable({
          ...rtf,
          file: testFile,
          runToFailure: true,
          columns: ['op1', 'op2', 'op3'],
          outDir: join(dir, 'mt6'),
          regimes: ['op1', 'op2', 'op3'],
        }),
      ).rejects.toThrow(/--regimes: .* has no numeric column besides the settings op1, op2, op3/);
      await expect(
        importTable({
          ...test,
          outDir: join(dir, 'mt2'),
          regimesFrom: trainDir,
          regimes: ['op1', 'op2'],
        }),
      ).rejects.toThrow(/differs from the settings of --regimes-from/);
      const out = join(dir, 'mt3');
      const r = await importTable({ ...test, outDir: out, regimesFrom: trainDir });
      expect(r.regimes?.centres).toHaveLength(6);
      expect(r.regimes?.farRows).toBe(0);
      const stats = (
        (await readManifest(trainDir)).details as {
          regimes: { stats: Record<string, { mean: number[]; std: number[] }> };
        }
      ).regimes.stats.s3!;
      const ds = await readDataset(out);
      const regime = getColumnData(ds.table, 'regime', 'float64');
      expect(Array.from(regime)).toEqual(testFleet.condition);
      const raw = getColumnData(ds.table, 's3', 'float64');
      const z = getColumnData(ds.table, 's3_z', 'float64');
      for (const i of [0, 17, 40]) {
        const k = regime[i]!;
        expect(z[i]).toBeCloseTo((raw[i]! - stats.mean[k]!) / stats.std[k]!, 12);
      }
      // a row flown at a condition the training fleet never saw is counted, and still read
      const lines = testFleet.text.split('\n');
      const cells = lines[5]!.split(' ');
      cells[2] = '30.0000';
      lines[5] = cells.join(' ');
      const farFile = join(dir, 'multi-test-far.txt');
      await writeFile(farFile, lines.join('\n'));
      const far = await importTable({
        ...test,
        file: farFile,
        outDir: join(dir, 'mt4'),
        regimesFrom: trainDir,
      });
      expect(far.regimes?.farRows).toBe(1);
      // a sensor the training units never showed in a regime has no statistics there: NaN
      const manifest = JSON.parse(await readFile(join(trainDir, 'manifest.json'), 'utf8')) as {
        details: { regimes: { stats: Record<string, { mean: (number | null)[] }> } };
      };
      manifest.details.regimes.stats.s4!.mean[0] = null;
      await writeFile(join(trainDir, 'manifest.json'), JSON.stringify(manifest));
      const holes = await importTable({ ...test, outDir: join(dir, 'mt5'), regimesFrom: trainDir });
      expect(holes.regimes?.centres).toHaveLength(6);
      const ds5 = await readDataset(join(dir, 'mt5'));
      const reg5 = getColumnData(ds5.table, 'regime', 'float64');
      const s4z = getColumnData(ds5.table, 's4_z', 'float64');
      s4z.forEach((v, i) => {
        expect(Number.isNaN(v)).toBe(reg5[i] === 0);
      });
    });
  });
});
