/**
 * Key files for signing bundles: an Ed25519 key pair as PEM files (private key readable by
 * the owner only). `ensureKeyPair` makes the local pair on first use, so that everything
 * `train` writes is signed and every consumer can require a signature.
 */
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { PdmError } from '../core/errors.js';
import { toFileError } from '../data/atomic-write.js';
import { generateKeyPair, keyId, loadPrivateKey, loadPublicKey } from './signing.js';

export const PRIVATE_KEY_FILE = 'signing.key';
export const PUBLIC_KEY_FILE = 'signing.pub';

export interface LoadedKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly dir: string;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new PdmError(
        'PDM_FILE_NOT_FOUND',
        `${what} ${path} does not exist (create keys with \`pdm-twin keygen\`)`,
      );
    }
    throw toFileError(err, `${what} ${path}`, 'read');
  }
}

/** Writes a new key pair into dir; refuses to replace existing keys unless `force`. */
export async function writeKeyPair(dir: string, force = false): Promise<LoadedKeyPair> {
  await mkdir(dir, { recursive: true });
  const pair = generateKeyPair();
  const priv = join(dir, PRIVATE_KEY_FILE);
  try {
    await writeFile(priv, pair.privateKeyPem, { mode: 0o600, flag: force ? 'w' : 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new PdmError(
        'PDM_OUTPUT_EXISTS',
        `${priv} already exists; pass --force to replace the key pair, or --dir for another folder`,
      );
    }
    throw new PdmError('PDM_IO', `cannot write ${priv}: ${(err as Error).message}`, { cause: err });
  }
  await chmod(priv, 0o600);
  await writeFile(join(dir, PUBLIC_KEY_FILE), pair.publicKeyPem);
  return loadKeyPair(dir);
}

export async function loadKeyPair(dir: string): Promise<LoadedKeyPair> {
  const priv = join(dir, PRIVATE_KEY_FILE);
  const pub = join(dir, PUBLIC_KEY_FILE);
  const privateKey = loadPrivateKey(await readText(priv, 'private key'), priv);
  const publicKey = loadPublicKey(await readText(pub, 'public key'), pub);
  return { privateKey, publicKey, keyId: keyId(publicKey), dir };
}

/** The key pair in dir, created if there is none; `created` says whether it was. */
export async function ensureKeyPair(dir: string): Promise<LoadedKeyPair & { created: boolean }> {
  try {
    return { ...(await loadKeyPair(dir)), created: false };
  } catch (err) {
    if (err instanceof PdmError && err.code === 'PDM_FILE_NOT_FOUND')
      return { ...(await writeKeyPair(dir)), created: true };
    throw err;
  }
}

/** A public key file, or a key folder (as keygen writes and sign --key takes): its signing.pub. */
export async function loadPublicKeyFile(path: string): Promise<KeyObject> {
  const file =
    (await stat(path).catch(() => null))?.isDirectory() === true
      ? join(path, PUBLIC_KEY_FILE)
      : path;
  return loadPublicKey(await readText(file, 'public key'), file);
}
