/** Tests for atomic file replacement and the mapping of fs errors to coded errors. */
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdmError } from '../core/errors.js';
import {
  ensureParentFolder,
  makeFolders,
  toFileError,
  writeAll,
  writeFileAtomic,
  writeTextAtomic,
} from './atomic-write.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-atomic-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('writeFileAtomic', () => {
  it('writes through a symbolic link, keeping the link, and refuses a device or pipe', async () => {
    const real = join(dir, 'real.onnx');
    await writeFile(real, 'old');
    const link = join(dir, 'link.onnx');
    await symlink('real.onnx', link); // relative, as `ln -s` makes it
    await writeTextAtomic(link, 'new');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('new');
    // a dangling link: the file it names is made
    const dangling = join(dir, 'to-be.json');
    await symlink(join(dir, 'made.json'), dangling);
    await writeTextAtomic(dangling, '{}');
    expect(await readFile(join(dir, 'made.json'), 'utf8')).toBe('{}');
    expect((await lstat(dangling)).isSymbolicLink()).toBe(true);
    // /dev/null stays a device
    await expect(writeTextAtomic('/dev/null', 'x')).rejects.toThrow(
      '/dev/null: is not a regular file (a device, pipe or socket); give the path of a file to write',
    );
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
  });

  it('writes the file and leaves nothing else in the folder', async () => {
    const sub = await mkdtemp(join(dir, 'ok-'));
    const path = join(sub, 'out.txt');
    await writeFileAtomic(path, async (handle) => {
      await writeAll(handle, bytes('hello '));
      await writeAll(handle, bytes('world'));
    });
    expect(await readFile(path, 'utf8')).toBe('hello world');
    expect(await readdir(sub)).toEqual(['out.txt']);
  });

  it('writes text as UTF-8, replacing an earlier file whole', async () => {
    const sub = await mkdtemp(join(dir, 'text-'));
    const path = join(sub, 'metrics.json');
    await writeTextAtomic(path, '{"old": true}\n');
    await writeTextAtomic(path, '{"Zürich": 1}\n');
    expect(await readFile(path, 'utf8')).toBe('{"Zürich": 1}\n');
    expect(await readdir(sub)).toEqual(['metrics.json']);
  });

  it('never shows a partial file under the final name while writing', async () => {
    const sub = await mkdtemp(join(dir, 'partial-'));
    const path = join(sub, 'out.txt');
    await writeFile(path, 'old');
    await writeFileAtomic(path, async (handle) => {
      await writeAll(handle, bytes('new, half'));
      // mid-write, the target still holds the old content and the data sits in a temp file
      expect(await readFile(path, 'utf8')).toBe('old');
      const names = await readdir(sub);
      expect(names.filter((n) => /^\.out\.txt\.[0-9a-f]{12}\.tmp$/.test(n))).toHaveLength(1);
      await writeAll(handle, bytes(' and done'));
    });
    expect(await readFile(path, 'utf8')).toBe('new, half and done');
    expect(await readdir(sub)).toEqual(['out.txt']);
  });

  it('keeps the old file, removes the temp file and rethrows when writing fails', async () => {
    const sub = await mkdtemp(join(dir, 'fail-'));
    const path = join(sub, 'out.txt');
    await writeFile(path, 'old');
    const failure = new PdmError('PDM_INPUT_INVALID', 'bad column');
    await expect(
      writeFileAtomic(path, async (handle) => {
        await writeAll(handle, bytes('partial'));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(sub)).toEqual(['out.txt']);
  });

  it('does not create the target when the first write fails', async () => {
    const sub = await mkdtemp(join(dir, 'none-'));
    await expect(
      writeFileAtomic(join(sub, 'out.txt'), () => Promise.reject(new Error('disk on fire'))),
    ).rejects.toMatchObject({ code: 'PDM_IO', message: /disk on fire/ });
    expect(await readdir(sub)).toEqual([]);
  });

  it('reports a missing folder as PDM_FILE_NOT_FOUND naming the folder', async () => {
    const folder = join(dir, 'missing');
    await expect(writeFileAtomic(join(folder, 'x.txt'), () => Promise.resolve())).rejects.toThrow(
      `folder ${folder} does not exist`,
    );
  });
});

describe('ensureParentFolder', () => {
  it('creates the missing folders of a path, and names the path when it cannot', async () => {
    const file = join(dir, 'a', 'b', 'out.json');
    await ensureParentFolder(file);
    await writeFileAtomic(file, (h) => writeAll(h, new TextEncoder().encode('{}')));
    expect(await readFile(file, 'utf8')).toBe('{}');
    // A file where a folder should be.
    await expect(ensureParentFolder(join(file, 'x.json'))).rejects.toMatchObject({
      code: 'PDM_USAGE',
      message: `cannot write ${join(file, 'x.json')}: a part of the path before its last name is a file, not a folder`,
    });
    // A folder where the file should be: said plainly, and the folder left alone.
    const folder = join(dir, 'a');
    await expect(writeFileAtomic(folder, (h) => writeAll(h, bytes('x')))).rejects.toMatchObject({
      code: 'PDM_USAGE',
      message: `cannot write ${folder}: it is a folder; expected a file`,
    });
    expect(await readdir(folder)).toEqual(['b']);
  });
});

describe('makeFolders', () => {
  it('creates nested folders with the mode asked for and accepts an existing folder', async () => {
    const sub = await mkdtemp(join(dir, 'mk-'));
    const deep = join(sub, 'a', 'b', 'c');
    await makeFolders(deep, 0o700);
    expect((await stat(deep)).isDirectory()).toBe(true);
    expect((await stat(join(sub, 'a'))).mode & 0o777).toBe(0o700);
    await makeFolders(deep); // again: nothing to do
    await makeFolders(sub);
    await symlink(join(sub, 'a'), join(sub, 'link-to-a'));
    await makeFolders(join(sub, 'link-to-a')); // a link to a folder is a folder
    await makeFolders(join(sub, 'link-to-a', 'd'));
    expect((await stat(join(sub, 'a', 'd'))).isDirectory()).toBe(true);
  });

  it('refuses a file at the path or before it as mkdir -p does', async () => {
    const sub = await mkdtemp(join(dir, 'mkf-'));
    await writeFile(join(sub, 'f'), 'x');
    await expect(makeFolders(join(sub, 'f'))).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeFolders(join(sub, 'f', 'g', 'h'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('stops with an error under a link to nowhere instead of retrying forever', async () => {
    const sub = await mkdtemp(join(dir, 'mkd-'));
    await symlink(join(sub, 'missing'), join(sub, 'dangling'));
    const err = await makeFolders(join(sub, 'dangling', 'out')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdmError);
    expect((err as PdmError).code).toBe('PDM_IO');
    expect((err as Error).message).toBe(
      `cannot create folder ${join(sub, 'dangling')}: it is a symbolic link to something that does not exist`,
    );
    expect(existsSync(join(sub, 'missing'))).toBe(false);
  });

  it.runIf(existsSync('/proc/self'))(
    'stops with an error under /proc, which answers ENOENT for any new child',
    async () => {
      const err = await makeFolders('/proc/pdm-twin-test/report').catch((e: unknown) => e);
      expect((err as PdmError).code).toBe('PDM_IO');
      expect((err as Error).message).toMatch(/: \/proc does not take new folders/);
    },
  );
});

describe('toFileError', () => {
  it('maps ENOENT to PDM_FILE_NOT_FOUND and other errors to PDM_IO, keeping the cause', () => {
    const enoent = Object.assign(new Error('nope'), { code: 'ENOENT' });
    const read = toFileError(enoent, '/data/x.csv', 'read');
    expect(read.code).toBe('PDM_FILE_NOT_FOUND');
    expect(read.message).toBe('cannot read /data/x.csv: file /data/x.csv does not exist');
    expect(read.cause).toBe(enoent);
    const denied = toFileError(
      Object.assign(new Error('EACCES: denied'), { code: 'EACCES' }),
      'y',
      'write',
    );
    expect(denied.code).toBe('PDM_IO');
    expect(denied.message).toBe('cannot write y: EACCES: denied');
    const coded = new PdmError('PDM_DATA_INVALID', 'x');
    expect(toFileError(coded, 'z', 'read')).toBe(coded);
  });
});
