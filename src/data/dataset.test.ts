import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from './dataset.js';
import { importTable } from './import-table.js';
import { readParquetFile, writeParquetFile } from './parquet.js';
import { tableFromColumns } from './table.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A labelled table of 6 units x 5 rows (3 normal, 3 worn), imported into dir/name. */
async function labelledTable(name: string): Promise<string> {
  const rows = ['unit,t,a,cls'];
  for (let u = 0; u < 6; u++)
    for (let t = 0; t < 5; t++) rows.push(`u${u},${t},${u + 0.1 * t},${u < 3 ? 'normal' : 'worn'}`);
  await writeFile(join(dir, `${name}.csv`), `${rows.join('\n')}\n`);
  const ds = join(dir, name);
  await importTable({
    file: join(dir, `${name}.csv`),
    outDir: ds,
    unit: 'unit',
    time: 't',
    label: 'cls',
  });
  return ds;
}

describe('readDataset', () => {
  it('names a simulation folder given as a dataset, and what makes datasets', async () => {
    const sim = join(dir, 'sim');
    await mkdir(sim);
    await writeFile(
      join(sim, 'manifest.json'),
      JSON.stringify({ kind: 'pdm-twin/simulation', complete: true }),
    );
    await expect(readDataset(sim)).rejects.toThrow(
      /sim: is a simulation folder \(`pdm-twin simulate` writes these.*\), not a dataset; .*`pdm-twin generate` \(from a scenario\) or `pdm-twin import` make/,
    );
  });

  it('refuses a manifest its features file contradicts: a label column missing, a machine in two splits', async () => {
    const ds = await labelledTable('ds');
    const ok = await readDataset(ds);
    const manifest = JSON.parse(await readFile(join(ds, 'manifest.json'), 'utf8')) as {
      splits: { train: string[]; test: string[] };
    };
    // a training machine also listed as test
    const twice = structuredClone(manifest);
    twice.splits.test.push(twice.splits.train[0]!);
    await writeFile(join(ds, 'manifest.json'), JSON.stringify(twice));
    await expect(readDataset(ds)).rejects.toThrow(
      new RegExp(
        `manifest\\.json: splits: machine ${twice.splits.train[0]} is in train and in test`,
      ),
    );
    await writeFile(join(ds, 'manifest.json'), JSON.stringify(manifest));
    // the label column dropped from the features
    const table = await readParquetFile(join(ds, 'features.parquet'));
    await writeParquetFile(
      join(ds, 'features.parquet'),
      tableFromColumns(table.columns.filter((c) => c.name !== 'mode')),
    );
    await expect(readDataset(ds)).rejects.toThrow(
      /features\.parquet: has no column mode, which .*manifest\.json says it holds/,
    );
    expect(ok.manifest.labels.has.mode).toBe(true);
  });

  it('refuses counts, horizons and units no dataset has, rows the manifest does not count, a split naming an absent machine and a label of the wrong type', async () => {
    const ds = await labelledTable('counts');
    const text = await readFile(join(ds, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text) as Record<string, unknown> & {
      rows: number;
      machines: number;
      splits: { train: string[] };
    };
    expect([manifest.rows, manifest.machines]).toEqual([30, 6]);
    const refused = async (edit: Record<string, unknown>, message: RegExp) => {
      await writeFile(join(ds, 'manifest.json'), JSON.stringify({ ...manifest, ...edit }));
      await expect(readDataset(ds)).rejects.toThrow(message);
    };
    // 1e999 reads as Infinity
    await writeFile(
      join(ds, 'manifest.json'),
      JSON.stringify(manifest).replace(/"horizon":[^,]+/, '"horizon":1e999'),
    );
    await expect(readDataset(ds)).rejects.toThrow(
      /manifest\.json: not a pdm-twin\/dataset manifest \(horizon: /,
    );
    await refused({ horizon: -1 }, /\(horizon: /);
    await refused({ rows: 30.5 }, /\(rows: /);
    await refused({ timeUnit: ' ' }, /\(timeUnit: /);
    await refused(
      { rows: 29 },
      /features\.parquet: holds 30 rows of 6 machines, but .*manifest\.json says 29 rows of 6/,
    );
    await refused({ machines: 7 }, /holds 30 rows of 6 machines, but .* says 30 rows of 7/);
    await refused(
      { splits: { ...manifest.splits, train: [...manifest.splits.train, 'u9'] } },
      /manifest\.json: splits\.train names machine u9, which has no row in .*features\.parquet/,
    );
    // a key given twice: JSON.parse keeps the last, another reader the first
    await writeFile(
      join(ds, 'manifest.json'),
      JSON.stringify(manifest).replace('"rows":30', '"rows":30,"rows":31'),
    );
    await expect(readDataset(ds)).rejects.toThrow(
      /manifest\.json: key "rows" appears twice in the top-level object/,
    );
    await writeFile(join(ds, 'manifest.json'), text);
    await readDataset(ds);
    // the class column written as numbers (a table edited elsewhere)
    const table = await readParquetFile(join(ds, 'features.parquet'));
    await writeParquetFile(
      join(ds, 'features.parquet'),
      tableFromColumns(
        table.columns.map((c) =>
          c.name === 'mode'
            ? { name: 'mode', type: 'float64' as const, data: new Float64Array(30) }
            : c,
        ),
      ),
    );
    await expect(readDataset(ds)).rejects.toThrow(
      /features\.parquet: column mode holds float64 values, expected string/,
    );
  });

  it('refuses a horizon other than the one maintenance_due was labelled with', async () => {
    // 4 units run to failure over 40 cycles each: rul 39..0, due where rul <= 30 (the default)
    const rows = ['unit,cycle,s1'];
    for (let u = 1; u <= 8; u++) for (let c = 1; c <= 40; c++) rows.push(`${u},${c},${c * u}`);
    await writeFile(join(dir, 'rtf.csv'), `${rows.join('\n')}\n`);
    const ds = join(dir, 'rtf');
    await importTable({
      file: join(dir, 'rtf.csv'),
      outDir: ds,
      unit: 'unit',
      time: 'cycle',
      runToFailure: true,
    });
    const text = await readFile(join(ds, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text) as { horizon: number };
    expect(manifest.horizon).toBe(30);
    await readDataset(ds);
    // rul 11..30 of each unit are due at 30 and not at 10: 20 rows a unit
    await writeFile(join(ds, 'manifest.json'), JSON.stringify({ ...manifest, horizon: 10 }));
    await expect(readDataset(ds)).rejects.toThrow(
      /features\.parquet: maintenance_due disagrees with rul <= 10 \(the horizon of .*manifest\.json\) on 160 rows, the first at time 10 of machine 1/,
    );
  });
});
