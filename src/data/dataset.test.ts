import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

describe('readDataset', () => {
  it('refuses a manifest its features file contradicts: a label column missing, a machine in two splits', async () => {
    const rows = ['unit,t,a,cls'];
    for (let u = 0; u < 6; u++)
      for (let t = 0; t < 5; t++)
        rows.push(`u${u},${t},${u + 0.1 * t},${u < 3 ? 'normal' : 'worn'}`);
    await writeFile(join(dir, 't.csv'), `${rows.join('\n')}\n`);
    const ds = join(dir, 'ds');
    await importTable({
      file: join(dir, 't.csv'),
      outDir: ds,
      unit: 'unit',
      time: 't',
      label: 'cls',
    });
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
});
