/**
 * Output folders of long jobs. A folder is complete only when its manifest.json says so; the
 * manifest is written last (atomically), so an interrupted job leaves a folder that is
 * recognisably incomplete, never one that looks finished.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PdmError } from '../core/errors.js';
import { duplicateJsonKey } from '../core/json.js';
import { makeFolders, writeBytesAtomic } from './atomic-write.js';

export const MANIFEST_FILE = 'manifest.json';

/** The `kind` of a simulation folder's manifest (simulate.ts), which is not a dataset. */
export const SIMULATION_KIND = 'pdm-twin/simulation';

/**
 * The files a run of the twin writes beside its manifest, `simulate` and `generate` alike:
 * telemetry, events, captures (with --keep-waveforms for generate) and the overview.
 */
export const TWIN_RUN_FILES: readonly string[] = [
  'telemetry.parquet',
  'telemetry.csv',
  'events.parquet',
  'events.csv',
  'captures',
  'captures.csv',
  'overview.png', // OVERVIEW_FILE of fleet-overview.ts
];

/**
 * Every file and folder a dataset folder may hold beside its manifest, whichever command wrote
 * it (`generate` writes them all; an import the features alone): a new dataset in the folder
 * replaces them all under --force, so that no earlier dataset's telemetry or overview is left
 * beside it, and is refused without --force while any is there.
 */
export const DATASET_FILES: readonly string[] = [
  'features.parquet',
  'features.csv',
  ...TWIN_RUN_FILES,
];

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') {
      throw new PdmError('PDM_USAGE', `${dir} is a file; expected a folder to write into`, {
        cause: err,
      });
    }
    throw new PdmError('PDM_IO', `cannot list ${dir}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * What `prepareOutputDir` would refuse, checked without touching anything: a job calls it before
 * its work (reading a thousand recordings, say), so that a clash is reported at once rather
 * than after it. Returns the names a forced run will remove.
 */
export async function checkOutputDir(
  dir: string,
  ownNames: readonly string[],
  force: boolean,
): Promise<string[]> {
  const present = await entries(dir);
  // A temporary file of one of them (`.features.parquet.<random>.tmp`) is what a run killed
  // while writing it leaves (see atomic-write.ts): part of an unfinished run too.
  const own = (n: string): boolean => n === MANIFEST_FILE || ownNames.includes(n);
  const clashing = present.filter(
    (n) => own(n) || (/^\..+\.[0-9a-f]{12}\.tmp$/.test(n) && own(n.slice(1, -17))),
  );
  if (clashing.length > 0 && !force) {
    const complete = present.includes(MANIFEST_FILE);
    throw new PdmError(
      'PDM_OUTPUT_EXISTS',
      complete
        ? `${dir} already holds a result (${MANIFEST_FILE}); choose another --out or pass --force to replace it`
        : `${dir} holds files of an unfinished earlier run (${clashing.slice(0, 4).join(', ')}); pass --force to replace them`,
    );
  }
  return clashing;
}

/**
 * Makes `dir` ready for a new result. An existing complete result or a partial one is
 * refused unless `force`; with `force`, only the names this job writes (`ownNames`) are
 * removed, manifest first, so nothing else of the user's is touched.
 */
export async function prepareOutputDir(
  dir: string,
  ownNames: readonly string[],
  force: boolean,
): Promise<{ readonly created: boolean }> {
  const clashing = await checkOutputDir(dir, ownNames, force);
  const created = !existsSync(dir);
  await rm(join(dir, MANIFEST_FILE), { force: true });
  for (const n of clashing) await rm(join(dir, n), { recursive: true, force: true });
  try {
    await makeFolders(dir);
  } catch (err) {
    throw new PdmError('PDM_IO', `cannot create ${dir}: ${(err as Error).message}`, { cause: err });
  }
  return { created };
}

/**
 * Removes what a failed or interrupted job wrote into `dir`: its own names (`prepareOutputDir`
 * made sure none was there before it, or removed them under --force), so that the folder is
 * as the job found it and a rerun needs no --force. Best effort: the job has failed already.
 */
export async function removeOwnOutputs(
  dir: string,
  ownNames: readonly string[],
  /** The job made `dir` (prepareOutputDir): it goes too, when nothing else is in it. */
  created = false,
): Promise<void> {
  for (const n of ownNames)
    await rm(join(dir, n), { recursive: true, force: true }).catch(() => undefined);
  if (created) await rmdir(dir).catch(() => undefined);
}

/**
 * Throws PDM_INTERRUPTED when `signal` was aborted: a job checks it before it writes its
 * manifest, so that a signal that came after its last machine still stops it (the manifest
 * would otherwise mark complete a run the user asked to stop).
 */
export function stopIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true)
    throw new PdmError('PDM_INTERRUPTED', 'interrupted before the manifest was written');
}

/** Writes the manifest (last step of a job), atomically. */
export async function writeManifest(dir: string, manifest: unknown): Promise<void> {
  const bytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  await writeBytesAtomic(join(dir, MANIFEST_FILE), bytes);
}

/** Reads a folder's manifest; a missing or incomplete one is PDM_DATASET_INCOMPLETE. */
export async function readManifest(dir: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const present = await entries(dir);
      // a dataset's files (or their temporary forms) without the manifest: an unfinished run
      const own = present.filter((n) =>
        DATASET_FILES.some((f) => n === f || (n.startsWith(`.${f}.`) && n.endsWith('.tmp'))),
      );
      if (own.length > 0)
        throw new PdmError(
          'PDM_DATASET_INCOMPLETE',
          `${dir} has no ${MANIFEST_FILE} beside ${own.slice(0, 3).join(', ')}: the run that wrote it did not finish; generate it again with --force`,
        );
      throw new PdmError(
        present.length > 0 ? 'PDM_USAGE' : 'PDM_FILE_NOT_FOUND',
        present.length > 0
          ? `${dir} is not a dataset folder: it has no ${MANIFEST_FILE} and none of a dataset's files (it holds ${present.slice(0, 4).join(', ')}${present.length > 4 ? ', ...' : ''}); expected the --out of generate or import`
          : `${dir} does not exist or is empty; expected a dataset folder with ${MANIFEST_FILE}`,
      );
    }
    if (code === 'ENOTDIR') {
      throw new PdmError(
        'PDM_USAGE',
        `${dir} is a file; expected a dataset folder (the one holding ${MANIFEST_FILE})`,
        { cause: err },
      );
    }
    throw new PdmError(
      'PDM_IO',
      `cannot read ${join(dir, MANIFEST_FILE)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  // a byte-order mark (an editor's) is not part of the JSON
  const json = text.replace(/^\uFEFF/, '');
  let m: unknown;
  try {
    m = JSON.parse(json);
  } catch (err) {
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${join(dir, MANIFEST_FILE)} is not valid JSON: ${(err as Error).message}`,
    );
  }
  // Equal keys in one object: JSON.parse keeps the last, another reader the first.
  const dup = duplicateJsonKey(json);
  if (dup !== null)
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${join(dir, MANIFEST_FILE)}: key "${dup.key}" appears twice in ${dup.path === '' ? 'the top-level object' : dup.path}; a manifest never holds a key twice (edited by hand?)`,
    );
  if (typeof m !== 'object' || m === null || (m as { complete?: unknown }).complete !== true) {
    throw new PdmError(
      'PDM_DATASET_INCOMPLETE',
      `${join(dir, MANIFEST_FILE)} does not mark the dataset complete`,
    );
  }
  return m as Record<string, unknown>;
}
