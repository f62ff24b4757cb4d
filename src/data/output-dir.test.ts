import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVERVIEW_FILE } from './fleet-overview.js';
import { DATASET_FILES, prepareOutputDir } from './output-dir.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-outdir-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prepareOutputDir', () => {
  it('counts the temporary files of a killed run as its own, and --force removes them', async () => {
    const d = await mkdtemp(join(dir, 'run-'));
    const own = ['features.parquet', 'telemetry.parquet'];
    await writeFile(join(d, '.features.parquet.0123456789ab.tmp'), 'half a table');
    await writeFile(join(d, '.notes.txt.0123456789ab.tmp'), 'not ours');
    await writeFile(join(d, 'notes.txt'), 'kept');
    await expect(prepareOutputDir(d, own, false)).rejects.toThrow(
      /unfinished earlier run \(\.features\.parquet\.0123456789ab\.tmp\)/,
    );
    await prepareOutputDir(d, own, true);
    expect((await readdir(d)).sort()).toEqual(['.notes.txt.0123456789ab.tmp', 'notes.txt']);
    await prepareOutputDir(d, own, false);
  });

  it("clears every dataset file under --force, an earlier generate's telemetry and overview too", async () => {
    expect(DATASET_FILES).toContain(OVERVIEW_FILE);
    const d = await mkdtemp(join(dir, 'gen-'));
    for (const f of [
      'manifest.json',
      'features.parquet',
      'telemetry.parquet',
      'events.parquet',
      OVERVIEW_FILE,
    ])
      await writeFile(join(d, f), 'x');
    await writeFile(join(d, 'notes.txt'), 'kept');
    await expect(prepareOutputDir(d, DATASET_FILES, false)).rejects.toThrow(/--force/);
    await prepareOutputDir(d, DATASET_FILES, true);
    expect(await readdir(d)).toEqual(['notes.txt']);
  });

  it('refuses a file where the output folder should be, naming it', async () => {
    const f = join(dir, 'out.csv');
    await writeFile(f, 'a file');
    await expect(prepareOutputDir(f, ['telemetry.parquet'], false)).rejects.toMatchObject({
      code: 'PDM_USAGE',
      message: expect.stringMatching(
        /out\.csv is a file; expected a folder to write into/,
      ) as string,
    });
  });
});
