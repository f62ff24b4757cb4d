/** Reading and writing bundle files (atomic write; errors name the file). */
import { readFile } from 'node:fs/promises';
import { PdmError } from '../core/errors.js';
import { ensureParentFolder, toFileError, writeTextAtomic } from '../data/atomic-write.js';
import type { Bundle } from './bundle.js';
import { parseBundle, serializeBundle, verifyBundle } from './bundle.js';
import { checkBundleModels } from './bundle-check.js';
import type { KeyObject } from 'node:crypto';

export async function readBundleFile(path: string): Promise<Bundle> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new PdmError('PDM_FILE_NOT_FOUND', `model bundle ${path} does not exist`);
    throw toFileError(err, path, 'read'); // a folder named as the bundle, a permission, ...
  }
  return parseBundle(text, path);
}

/** Writes a bundle, creating its folder if needed. */
export async function writeBundleFile(path: string, b: Bundle): Promise<void> {
  await ensureParentFolder(path);
  await writeTextAtomic(path, serializeBundle(b));
}

/**
 * A bundle read for use, as the command line reads one: structure and content hash, the
 * signature by one of `trusted` (required unless `allowUnsigned` and the bundle is unsigned),
 * and a model this runtime can run (bundle-check.ts). Keys come from `loadPublicKeyFile`;
 * given as a function, they are read only when a signature is to be checked.
 */
export async function readVerifiedBundle(
  path: string,
  o: {
    /** As a function, it is given the key id of the bundle's signature. */
    readonly trusted:
      readonly KeyObject[] | ((signedBy: string | null) => Promise<readonly KeyObject[]>);
    readonly allowUnsigned?: boolean;
  },
): Promise<Bundle> {
  const t: unknown = (o as { trusted?: unknown } | undefined)?.trusted;
  if (typeof t !== 'function' && !Array.isArray(t))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `readVerifiedBundle(${path}): expected options { trusted: [public keys] } (keys from loadPublicKeyFile), or { trusted: [], allowUnsigned: true } to accept an unsigned bundle; got trusted ${t === undefined ? 'missing' : typeof t}`,
    );
  const b = await readBundleFile(path);
  if (!(o.allowUnsigned === true && b.signature === null)) {
    const trusted =
      typeof o.trusted === 'function' ? await o.trusted(b.signature?.keyId ?? null) : o.trusted;
    verifyBundle(b, path, { trusted, requireSignature: o.allowUnsigned !== true });
  }
  checkBundleModels(b, path);
  return b;
}
