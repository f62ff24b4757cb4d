import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from './dataset.js';
import { importTable } from './import-table.js';
import { mergeDatasets } from './merge-datasets.js';
import { getColumnData } from './table.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-merge-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A labelled table of `n` rows with classes from `classes`, written and imported. */
async function labelled(name: string, n: number, classes: string[], cols = 'a,b') {
  const rows = [`${cols},cls`];
  for (let i = 0; i < n; i++) rows.push(`${i},${(i * 7) % 11},${classes[i % classes.length]!}`);
  await writeFile(join(dir, `${name}.csv`), `${rows.join('\n')}\n`);
  await importTable({ file: join(dir, `${name}.csv`), outDir: join(dir, name), label: 'cls' });
  return readDataset(join(dir, name));
}

describe('mergeDatasets', () => {
  it('trains on the union: ids kept apart, splits and classes joined, rows in order', async () => {
    const a = await labelled('a', 20, ['normal', 'failure']);
    const b = await labelled('b', 10, ['normal', 'overheat']);
    expect(mergeDatasets([a])).toBe(a);
    const m = mergeDatasets([a, b]);
    expect(m.manifest.rows).toBe(30);
    expect(m.manifest.labels.classes).toEqual(['failure', 'normal', 'overheat']);
    const ids = getColumnData(m.table, 'machine_id', 'string');
    expect(ids[0]).toBe('1:row-1');
    expect(ids[20]).toBe('2:row-1');
    expect(Array.from(getColumnData(m.table, 'a', 'float64').subarray(18, 22))).toEqual([
      18, 19, 0, 1,
    ]);
    expect(getColumnData(m.table, 'mode', 'string')[21]).toBe('overheat');
    for (const k of ['train', 'validation', 'test'] as const) {
      expect(m.manifest.splits[k]).toEqual([
        ...a.manifest.splits[k].map((id) => `1:${id}`),
        ...b.manifest.splits[k].map((id) => `2:${id}`),
      ]);
    }
    expect(m.dir).toBe(`${a.dir}+${b.dir}`);
  });

  it('refuses datasets that describe different features, naming both', async () => {
    const a = await labelled('c', 10, ['normal', 'failure']);
    const b = await labelled('d', 10, ['normal', 'failure'], 'a,z');
    expect(() => mergeDatasets([a, b])).toThrow(/d: the feature set differs from .*c \(/);
  });
});
