/** Where pdm-twin keeps per-user state: $PDM_TWIN_HOME, else ~/.pdm-twin. */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PdmError } from '../core/errors.js';
import { makeFolders, toFileError } from '../data/atomic-write.js';
import { FEATURES_FILE } from '../data/dataset.js';
import { DATASET_FILES, MANIFEST_FILE } from '../data/output-dir.js';

export function localHome(): string {
  const env = process.env.PDM_TWIN_HOME;
  return env !== undefined && env !== '' ? env : join(homedir(), '.pdm-twin');
}

/** The local signing key pair's folder. */
export function localKeyDir(): string {
  return join(localHome(), 'keys');
}

/**
 * Makes the folder an option names (and its parents); a file in the way is a usage error that
 * names the option, not a bare EEXIST.
 */
export async function makeOutputFolder(path: string, option: string): Promise<void> {
  try {
    await makeFolders(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new PdmError(
        'PDM_USAGE',
        `${option} ${path}: ${code === 'EEXIST' ? 'is a file' : 'a part of the path before its last name is a file'}; expected a folder to write into`,
        { cause: err },
      );
    }
    throw toFileError(err, path, 'write');
  }
}

/**
 * A default file the package ships (`scenarios/quickstart.yaml`, `config/costs.yaml`): the one
 * in the current folder when there is one (a checkout, or a user's own copy), else the
 * package's own, so that the defaults work from any folder. A path the user gave is theirs.
 */
export function shippedDefault(path: string, shipped: string): string {
  if (path !== shipped || existsSync(path)) return path;
  return fileURLToPath(new URL(`../../${shipped}`, import.meta.url));
}

/** A path as the file system resolves it: through links, where it or its folder exists. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** The files of a dataset folder that an output must never replace. */
const DATASET_OWN_FILES = [MANIFEST_FILE, ...DATASET_FILES];

/**
 * Refuses an output file that is one of the command's inputs (`files`, by option), or one of
 * the files of an input dataset folder (`datasets`): the write would destroy what it was made
 * from, and a dataset whose features file became a bundle still reads as complete.
 */
export function refuseInputAsOutput(
  out: string,
  option: string,
  files: readonly { readonly path: string; readonly option: string }[],
  datasets: readonly { readonly path: string; readonly option: string }[] = [],
): void {
  const target = realPath(out);
  for (const f of files) {
    if (realPath(f.path) === target)
      throw new PdmError(
        'PDM_USAGE',
        `${option} ${out}: is the ${f.option} file it is made from; write to another file`,
      );
  }
  for (const d of datasets) {
    const rel = relative(realPath(d.path), target);
    if (!rel.startsWith('..') && !isAbsolute(rel) && DATASET_OWN_FILES.includes(rel))
      throw new PdmError(
        'PDM_USAGE',
        `${option} ${out}: is the ${rel} of the dataset in ${d.option} ${d.path}; write to another file`,
      );
  }
}

/**
 * Refuses an output file path that cannot be written, before the work that makes it (a
 * training of hours lost on "cannot write model: it is a folder"): a folder, or a path through
 * a file. A folder that does not exist yet is made at the end.
 */
export function checkOutputFile(path: string, option: string): void {
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new PdmError(
        'PDM_USAGE',
        `${option} ${path}: a part of the path before its last name is a file; expected a file path in a folder`,
        { cause: err },
      );
  }
  if (st?.isDirectory() === true)
    throw new PdmError('PDM_USAGE', `${option} ${path}: is a folder; expected a file to write`);
}

/**
 * Refuses to replace an existing file that holds another kind of content than the one about
 * to be written: a model bundle (JSON) where an ONNX model goes (`export --onnx model.json`,
 * meaning `model.onnx`), or an ONNX model or a Parquet table where a bundle goes. A file of
 * the same kind is replaced, as a new version of it.
 */
export function refuseOtherContent(path: string, option: string, writes: 'json' | 'onnx'): void {
  let head: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      head = Buffer.alloc(64);
      head = head.subarray(0, readSync(fd, head, 0, 64, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return; // nothing there (or a folder, which checkOutputFile names)
  }
  if (head.length === 0) return;
  // (a byte-order mark before a JSON document is still JSON)
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  const kind =
    text.startsWith('{') || text.startsWith('[')
      ? 'a JSON document (a model bundle or a manifest?)'
      : text.startsWith('PAR1')
        ? 'a Parquet table'
        : writes === 'json'
          ? 'binary or other content (an ONNX model?)'
          : null;
  if (kind === null || (writes === 'json' && kind.startsWith('a JSON'))) return;
  throw new PdmError(
    'PDM_USAGE',
    `${option} ${path}: holds ${kind}, not ${writes === 'onnx' ? 'an ONNX model' : 'a model bundle'}, and would be replaced; choose another file (an existing ${writes === 'onnx' ? 'ONNX model' : 'bundle'} is replaced)`,
  );
}

/**
 * Refuses one dataset given twice to a job that reads them together (`train --data a,b`): the
 * same folder under two spellings, or two folders holding the same rows (a copy, or one table
 * imported twice with other split seeds), whose rows would count double and whose machines
 * could sit in training and validation at once.
 */
export function refuseRepeatedDatasets(dirs: readonly string[], option: string): void {
  if (dirs.length < 2) return; // nothing to compare: spare reading a large file
  const seen = new Map<string, string>();
  for (const d of dirs) {
    let key = realPath(d);
    try {
      key = createHash('sha256')
        .update(readFileSync(join(d, FEATURES_FILE)))
        .digest('hex');
    } catch {
      // unreadable: readDataset says why
    }
    const first = seen.get(key);
    if (first !== undefined)
      throw new PdmError(
        'PDM_USAGE',
        `${option}: ${d} holds the same rows as ${first} (the same dataset twice): its rows would count double`,
      );
    seen.set(key, d);
  }
}
