/**
 * Key files for signing bundles: an Ed25519 key pair as PEM files in a folder readable by the
 * owner only (private key mode 600). `ensureKeyPair` makes the local pair on first use, so that
 * everything `train` writes is signed and every consumer can require a signature.
 *
 * Verifying needs only public keys (`trustedKeys`): an edge node or a CI verifier holds
 * `signing.pub` and never the private key. Nothing here replaces a key file silently: a
 * trusted `signing.pub` overwritten by a new pair would make every bundle signed before
 * untrusted.
 */
import { chmod, link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPublicKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { PdmError, isPdmError } from '../core/errors.js';
import { makeFolders, toFileError } from '../data/atomic-write.js';
import { generateKeyPair, keyId, loadPrivateKey, loadPublicKey } from './signing.js';

export const PRIVATE_KEY_FILE = 'signing.key';
export const PUBLIC_KEY_FILE = 'signing.pub';

export interface LoadedKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly dir: string;
  /** Notes for the user (a private key others can read, a public key derived and written). */
  readonly notes: readonly string[];
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

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

async function keyFolder(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (s !== null && !s.isDirectory())
    throw new PdmError('PDM_USAGE', `${dir} is a file; expected a folder for the keys`);
  if (s === null) {
    try {
      await makeFolders(dir, 0o700);
    } catch (err) {
      throw toFileError(err, `key folder ${dir}`, 'write');
    }
  }
}

function spkiPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Writes a new key pair into dir. Refuses when either file exists unless `force`; with
 * `force` each file is written beside its target and renamed over it, so the private key is
 * never readable by others, not even for a moment.
 */
export async function writeKeyPair(dir: string, force = false): Promise<LoadedKeyPair> {
  await keyFolder(dir);
  const priv = join(dir, PRIVATE_KEY_FILE);
  const pub = join(dir, PUBLIC_KEY_FILE);
  if (!force) {
    for (const p of [priv, pub]) {
      if (await exists(p))
        throw new PdmError(
          'PDM_OUTPUT_EXISTS',
          `${p} already exists; pass --force to replace the key pair (bundles signed with it will then need --trust with a copy of the old signing.pub), or --dir for another folder`,
        );
    }
  }
  const pair = generateKeyPair();
  // Both files are written complete beside their places before either is put there, so a
  // failed write (a full disk) leaves the old pair as it was; then each is put there in one
  // step: renamed over it with `force`, else linked, which fails if another process made the
  // file meanwhile (two first runs at once keep one pair, not whichever renamed last).
  const staged: string[] = [];
  const stage = async (path: string, text: string, mode: number): Promise<string> => {
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    staged.push(tmp);
    try {
      await writeFile(tmp, text, { mode, flag: 'wx' });
      await chmod(tmp, mode); // whatever the umask
    } catch (err) {
      throw toFileError(err, path, 'write');
    }
    return tmp;
  };
  const place = async (tmp: string, path: string): Promise<void> => {
    try {
      if (force) await rename(tmp, path);
      else await link(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new PdmError(
          'PDM_OUTPUT_EXISTS',
          `${path} already exists (made while this pair was written)`,
        );
      throw toFileError(err, path, 'write');
    }
  };
  // with `force`, the old private key is kept under a second name until the new public key is
  // in place, and put back if it cannot be: a failure leaves the old pair, never a mixed one
  const backup = `${priv}.${process.pid}.${randomBytes(4).toString('hex')}.old`;
  try {
    const privTmp = await stage(priv, pair.privateKeyPem, 0o600);
    const pubTmp = await stage(pub, pair.publicKeyPem, 0o644);
    const keptOld =
      force &&
      (await link(priv, backup).then(
        () => true,
        () => false,
      ));
    if (keptOld) staged.push(backup);
    await place(privTmp, priv);
    try {
      await place(pubTmp, pub);
    } catch (err) {
      if (keptOld) {
        await rename(backup, priv);
        throw err;
      }
      // a concurrent first run found our private key and wrote its public key first: the same
      const same = await readFile(pub, 'utf8').then(
        (t) => t === pair.publicKeyPem,
        () => false,
      );
      if (!same) throw err;
    }
  } finally {
    for (const tmp of staged) await rm(tmp, { force: true });
  }
  return loadKeyPair(dir);
}

/**
 * The key pair in dir, for signing. The public key is derived from the private one; a
 * `signing.pub` beside it that is not its pair is refused (a bundle signed so would carry one
 * key's id and another's signature, which no verifier accepts).
 */
export async function loadKeyPair(dir: string): Promise<LoadedKeyPair> {
  const priv = join(dir, PRIVATE_KEY_FILE);
  const pub = join(dir, PUBLIC_KEY_FILE);
  const privateKey = loadPrivateKey(await readText(priv, 'private key'), priv);
  const derived = createPublicKey(privateKey);
  const notes: string[] = [];
  const mode = (await stat(priv)).mode & 0o777;
  if ((mode & 0o077) !== 0)
    notes.push(
      `warning: private key ${priv} can be read by others (mode ${mode.toString(8)}); make it private with chmod 600 ${priv}`,
    );
  if (await exists(pub)) {
    const publicKey = loadPublicKey(await readText(pub, 'public key'), pub);
    if (keyId(publicKey) !== keyId(derived))
      throw new PdmError(
        'PDM_KEY_INVALID',
        `${priv} and ${pub} are not a key pair (public key ${keyId(publicKey)}, private key's ${keyId(derived)}): put the matching files together`,
      );
  }
  return { privateKey, publicKey: derived, keyId: keyId(derived), dir, notes };
}

/**
 * The local key pair in dir, created if there is none (`created` says whether it was). A
 * private key without its public file gets the public file derived and written (said in
 * `notes`); a public key without its private one is refused, not replaced: it may be the key
 * this machine's bundles are checked against.
 */
export async function ensureKeyPair(dir: string): Promise<LoadedKeyPair & { created: boolean }> {
  const priv = join(dir, PRIVATE_KEY_FILE);
  const pub = join(dir, PUBLIC_KEY_FILE);
  if (await exists(priv)) {
    const keys = await loadKeyPair(dir);
    if (await exists(pub)) return { ...keys, created: false };
    try {
      await writeFile(pub, spkiPem(keys.publicKey), { flag: 'wx' });
    } catch (err) {
      // another process wrote it meanwhile: loadKeyPair checks the pair next time
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw toFileError(err, pub, 'write');
    }
    return {
      ...keys,
      notes: [...keys.notes, `wrote the missing public key ${pub} (key id ${keys.keyId})`],
      created: false,
    };
  }
  // A pair is placed private key first: a public key without one is either a trusted key
  // alone, or a concurrent first run that placed both since the check above.
  if (await exists(pub)) {
    if (await exists(priv)) return { ...(await loadKeyPair(dir)), created: false };
    throw new PdmError(
      'PDM_FILE_NOT_FOUND',
      `private key ${priv} does not exist, but ${pub} does: this folder holds a trusted key and cannot sign. ` +
        'Restore signing.key, point PDM_TWIN_HOME at a folder with a key pair, or pass --unsigned',
    );
  }
  try {
    return { ...(await writeKeyPair(dir)), created: true };
  } catch (err) {
    // another first run made the pair meanwhile: use it
    if (isPdmError(err) && err.code === 'PDM_OUTPUT_EXISTS' && (await exists(priv)))
      return { ...(await loadKeyPair(dir)), created: false };
    throw err;
  }
}

/** The Ed25519 public keys of one PEM file: a file may hold several (a keyring). */
function publicKeysOf(text: string, file: string): KeyObject[] {
  const blocks = text.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g);
  if (blocks === null || blocks.length <= 1) return [loadPublicKey(text, file)];
  return blocks.map((b, i) => loadPublicKey(b, `${file} (key ${i + 1} of ${blocks.length})`));
}

/**
 * Public keys of a file or a key folder (as keygen writes and sign --key takes: its
 * signing.pub). A file may hold several PEM keys, one after another; each is trusted.
 */
export async function loadPublicKeyFile(path: string): Promise<KeyObject[]> {
  const file =
    (await stat(path).catch(() => null))?.isDirectory() === true
      ? join(path, PUBLIC_KEY_FILE)
      : path;
  return publicKeysOf(await readText(file, 'public key'), file);
}

/**
 * The keys a command trusts: the files `--trust` names, else the local folder's public key.
 * Only public keys are read, so a machine that only verifies needs no private key.
 */
export async function trustedKeys(
  trust: readonly string[] | undefined,
  localDir: string,
  /** The key id of the signature to check, when known: the error then names it. */
  signedBy: string | null = null,
): Promise<KeyObject[]> {
  if (trust !== undefined)
    return (await Promise.all(trust.map((p) => loadPublicKeyFile(p)))).flat();
  const pub = join(localDir, PUBLIC_KEY_FILE);
  if (!(await exists(pub)))
    throw new PdmError(
      'PDM_BUNDLE_SIGNATURE',
      signedBy === null
        ? `no trusted key: ${pub} does not exist. Name the public keys to trust with --trust FILE, ` +
            'create a local key pair with `pdm-twin keygen`, or accept unsigned bundles with --allow-unsigned'
        : // a new local pair cannot check another key's signature, nor --allow-unsigned a signed bundle
          `no trusted key to check its signature by key ${signedBy}: ${pub} does not exist. ` +
            "Name the signer's public key with --trust FILE (its signing.pub, or the key folder holding it)",
    );
  return loadPublicKeyFile(pub);
}
