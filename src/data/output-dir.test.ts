import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVERVIEW_FILE } from './fleet-overview.js';
import { DATASET_FILES, prepareOutputDir, readManifest } from './output-dir.js';

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

describe('readManifest', () => {
  const failure = async (d: string) => {
    const err = await readManifest(d).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    if (err === null) throw new Error(`${d}: read as a dataset`);
    return err;
  };

  it('tells an unfinished dataset from a folder that never was one', async () => {
    const unfinished = await mkdtemp(join(dir, 'unfinished-'));
    await writeFile(join(unfinished, '.telemetry.parquet.0123456789ab.tmp'), 'half');
    const u = await failure(unfinished);
    expect(u.code).toBe('PDM_DATASET_INCOMPLETE');
    expect(u.message).toMatch(
      /no manifest\.json beside \.telemetry\.parquet\..*: the run that wrote it did not finish/,
    );
    // a report folder given as --data
    const report = await mkdtemp(join(dir, 'report-'));
    for (const f of ['metrics.json', 'report.html', 'predictions.parquet'])
      await writeFile(join(report, f), '');
    const r = await failure(report);
    expect(r.code).toBe('PDM_USAGE');
    expect(r.message).toMatch(
      /is not a dataset folder: it has no manifest\.json and none of a dataset's files \(it holds .*report\.html.*\); expected the --out of generate or import/,
    );
    expect((await failure(await mkdtemp(join(dir, 'empty-')))).code).toBe('PDM_FILE_NOT_FOUND');
    // a manifest an editor saved with a byte-order mark reads as without
    const bom = await mkdtemp(join(dir, 'bom-'));
    await writeFile(join(bom, 'manifest.json'), '\uFEFF{"complete": true}');
    expect(await readManifest(bom)).toEqual({ complete: true });
  });
});
