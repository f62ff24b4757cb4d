import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../data/dataset.js';
import { importTable } from '../data/import-table.js';
import { trainTestBundle } from '../../test/support/train.js';
import { emptyInputs } from './train-bundle.js';
import type { TaskRows } from './training-data.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-train-bundle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('inputs with no value in the training rows', () => {
  it('finds the columns with no finite value in any row', () => {
    // 3 rows x 3 columns: a has values, b only NaN and infinities, c one value in the last row
    const x = Float64Array.from([1, NaN, NaN, 2, Infinity, NaN, 3, -Infinity, 0]);
    const rows = { x, n: 3, d: 3, features: ['a', 'b', 'c'] } as unknown as TaskRows;
    expect([...emptyInputs(rows)]).toEqual(['b']);
    expect([...emptyInputs({ ...rows, n: 2 })]).toEqual(['b', 'c']);
  });

  it('notes an input a labelled table leaves empty, naming the task and the dataset', async () => {
    const lines = ['id,a,gone,label'];
    for (let i = 0; i < 60; i++)
      lines.push(`${i},${(i % 2) * 3 + (i % 7) / 10},,${i % 2 === 0 ? 'normal' : 'worn'}`);
    await writeFile(join(dir, 't.csv'), `${lines.join('\n')}\n`);
    const out = join(dir, 'ds');
    await importTable({ file: join(dir, 't.csv'), outDir: out, label: 'label', exclude: ['id'] });
    const ds = await readDataset(out);
    const notes: string[] = [];
    const b = await trainTestBundle(ds, ['fault'], {}, notes);
    expect(b.features.names).toEqual(['a', 'gone']);
    expect(notes.filter((n) => n.includes('no value'))).toEqual([
      `fault: input gone has no value in any training row (missing or NaN in every training row of ${out}, whatever the other splits hold): the model learns nothing from it and reads it as missing wherever it is given`,
    ]);
  });
});
