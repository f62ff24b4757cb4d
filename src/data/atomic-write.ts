/**
 * Atomic file replacement shared by the Parquet and CSV writers: bytes go to a temporary file in
 * the target's folder, are fsynced, and the temporary file is renamed over the target. rename(2)
 * within one file system is atomic, so readers see either the old file or the complete new one,
 * never a truncated one; after a crash only a `.<name>.<random>.tmp` file can be left behind.
 * Also maps Node's file-system errors to the project's coded errors.
 */
import { randomBytes } from 'node:crypto';
import {
  lstat,
  mkdir,
  open,
  readlink,
  rename,
  stat,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { PdmError, isPdmError } from '../core/errors.js';

/**
 * A file being written atomically (see `openAtomicFile`): write through `handle`, then `commit`
 * (fsync, rename over the target) or `abort` (close, remove the temporary file). Either may be
 * called once; `abort` after a commit or an abort does nothing.
 */
export interface AtomicFile {
  readonly path: string;
  readonly handle: FileHandle;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** The file a path names: itself, or the end of its chain of symbolic links (which may not exist yet). */
async function linkTarget(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch(() => null);
    if (info === null || !info.isSymbolicLink()) return current;
    const to = await readlink(current);
    current = isAbsolute(to) ? to : join(dirname(current), to);
  }
  throw new PdmError('PDM_USAGE', `${path}: too many levels of symbolic links`);
}

/**
 * Opens a fresh temporary file in the folder of `path` for a write that lasts longer than one
 * call (a file appended to as its parts arrive). File-system errors come back as `PDM_IO` /
 * `PDM_FILE_NOT_FOUND`, and a `path` that is a folder as `PDM_USAGE`.
 */
export async function openAtomicFile(path: string): Promise<AtomicFile> {
  // A symbolic link is written through (the file it names is replaced, the link stays), as a
  // plain write would; rename(2) over the link itself would replace the link.
  const target = await linkTarget(path);
  const folder = dirname(target);
  const temp = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const existing = await stat(target).catch(() => null);
  // rename(2) over a folder fails with EISDIR, or EBUSY for `.`: say what is wrong up front.
  if (existing?.isDirectory() === true) {
    throw toFileError(Object.assign(new Error('is a folder'), { code: 'EISDIR' }), path, 'write');
  }
  // A device or pipe would be replaced by a plain file (/dev/null, a FIFO): refused.
  if (existing !== null && !existing.isFile()) {
    throw new PdmError(
      'PDM_USAGE',
      `${path}: is not a regular file (a device, pipe or socket); give the path of a file to write`,
    );
  }
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx');
  } catch (err) {
    throw toFileError(err, path, 'write');
  }
  let state: 'open' | 'committed' | 'aborted' = 'open';
  const abort = async (): Promise<void> => {
    if (state !== 'open') return;
    state = 'aborted';
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
  };
  return {
    path,
    handle,
    abort,
    commit: async () => {
      if (state !== 'open') {
        throw new Error(`${path}: commit after the file was ${state}`);
      }
      try {
        await handle.sync();
        await handle.close();
        state = 'committed';
        await rename(temp, target);
      } catch (err) {
        state = 'open';
        await abort();
        throw toFileError(err, path, 'write');
      }
      await syncFolder(folder);
    },
  };
}

/**
 * Writes a file atomically: `write` receives a handle on a fresh temporary file in the same
 * folder as `path`; when it resolves the data is fsynced and the file renamed to `path`. When
 * `write` throws, the temporary file is removed, `path` is left untouched and the error is
 * rethrown (file-system errors as `PDM_IO` / `PDM_FILE_NOT_FOUND`).
 */
export async function writeFileAtomic(
  path: string,
  write: (handle: FileHandle) => Promise<void>,
): Promise<void> {
  const file = await openAtomicFile(path);
  try {
    await write(file.handle);
  } catch (err) {
    await file.abort();
    throw toFileError(err, path, 'write');
  }
  await file.commit();
}

/** Writes `bytes` to `path` atomically (see `writeFileAtomic`). */
export async function writeBytesAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await writeFileAtomic(path, (handle) => writeAll(handle, bytes));
}

/** Writes text (UTF-8) atomically. */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await writeBytesAtomic(path, new TextEncoder().encode(text));
}

/**
 * `mkdir -p`: creates the folder `path` and any missing parents (with `mode`), and does nothing
 * when it is a folder already. Node's `mkdir(path, { recursive: true })` never returns when a
 * parent exists but refuses children with ENOENT (a path under /proc, a dangling symbolic link:
 * it creates the parent, gets EEXIST, tries the child again, forever); here a child that still
 * cannot be made once its parent exists is an error. Errors are Node's (EEXIST when a file
 * stands at `path`, ENOTDIR when one stands before it), or `PDM_IO` for such a parent or a
 * link to nothing on the way.
 */
export async function makeFolders(path: string, mode?: number): Promise<void> {
  const made = await mkdirOnce(path, mode);
  if (made !== 'missing-parent') return;
  const parent = dirname(path);
  if (parent === path) throw new PdmError('PDM_IO', `cannot create folder ${path}`);
  await makeFolders(parent, mode);
  if ((await mkdirOnce(path, mode)) === 'missing-parent') {
    throw new PdmError(
      'PDM_IO',
      `cannot create folder ${path}: ${parent} does not take new folders (a read-only or virtual file system)`,
    );
  }
}

async function mkdirOnce(path: string, mode?: number): Promise<'ok' | 'missing-parent'> {
  try {
    await mkdir(path, mode === undefined ? undefined : { mode });
    return 'ok';
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') return 'missing-parent';
    if (code !== 'EEXIST') throw err;
    // something is there: a folder (or a link to one) is what was asked for
    const s = await stat(path).catch(() => null);
    if (s?.isDirectory() === true) return 'ok';
    if (s === null) {
      throw new PdmError(
        'PDM_IO',
        `cannot create folder ${path}: it is a symbolic link to something that does not exist`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** Creates the folder `path` will be written in, with its parents (file errors as above). */
export async function ensureParentFolder(path: string): Promise<void> {
  try {
    await makeFolders(dirname(path));
  } catch (err) {
    // mkdir -p says EEXIST when a file stands where one of the folders should be.
    const code = (err as { code?: unknown } | null)?.code;
    throw toFileError(
      code === 'EEXIST' ? Object.assign(err as Error, { code: 'ENOTDIR' }) : err,
      path,
      'write',
    );
  }
}

/**
 * Converts an error from Node's fs into a `PdmError`: ENOENT becomes `PDM_FILE_NOT_FOUND`, other
 * system errors `PDM_IO`; a `PdmError` passes through unchanged. The cause is kept.
 */
export function toFileError(err: unknown, path: string, action: 'read' | 'write'): PdmError {
  if (isPdmError(err)) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') {
    const what = action === 'read' ? 'file' : 'folder';
    const where = action === 'read' ? path : dirname(path);
    return new PdmError(
      'PDM_FILE_NOT_FOUND',
      `cannot ${action} ${path}: ${what} ${where} does not exist`,
      {
        cause: err,
      },
    );
  }
  // A folder where a file was meant, or a file where a folder was: a wrong path, not an I/O fault.
  if (code === 'EISDIR') {
    return new PdmError('PDM_USAGE', `cannot ${action} ${path}: it is a folder; expected a file`, {
      cause: err,
    });
  }
  if (code === 'ENOTDIR') {
    return new PdmError(
      'PDM_USAGE',
      `cannot ${action} ${path}: a part of the path before its last name is a file, not a folder`,
      { cause: err },
    );
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new PdmError('PDM_IO', `cannot ${action} ${path}: ${reason}`, { cause: err });
}

/** Writes all of `bytes` at the handle's current position. */
export async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

// Makes the rename itself durable. Best effort: some platforms (Windows) cannot open folders.
async function syncFolder(folder: string): Promise<void> {
  try {
    const dir = await open(folder, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // durability of the directory entry is a bonus; the data file itself is already synced
  }
}
