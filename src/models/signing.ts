/**
 * Ed25519 signatures (RFC 8032) over model bundles, with node:crypto. A key id is the first
 * 16 hex digits of the SHA-256 of the public key's DER encoding, so a verifier can tell which
 * key signed a bundle.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { PdmError } from '../core/errors.js';

export interface KeyPairPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

export function generateKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function loadPrivateKey(pem: string, source: string): KeyObject {
  try {
    const k = createPrivateKey(pem);
    if (k.asymmetricKeyType !== 'ed25519')
      throw new Error(`an ${k.asymmetricKeyType ?? 'unknown'} key`);
    return k;
  } catch (err) {
    throw new PdmError(
      'PDM_KEY_INVALID',
      `${source}: expected an Ed25519 private key in PEM (PKCS#8): ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

export function loadPublicKey(pem: string, source: string): KeyObject {
  // Node derives the public key from a private one without a word; a verifier handed the
  // private key (signing.key for signing.pub) holds what can sign bundles it will then trust.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
    throw new PdmError(
      'PDM_KEY_INVALID',
      `${source}: holds a private key, where a public key was expected; trust the public key (signing.pub beside it, or its key folder) and keep the private key with the signer only`,
    );
  try {
    const k = createPublicKey(pem);
    if (k.asymmetricKeyType !== 'ed25519')
      throw new Error(`an ${k.asymmetricKeyType ?? 'unknown'} key`);
    return k;
  } catch (err) {
    throw new PdmError(
      'PDM_KEY_INVALID',
      `${source}: expected an Ed25519 public key in PEM (SPKI): ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

export function signBytes(privateKey: KeyObject, data: Uint8Array): string {
  return sign(null, data, privateKey).toString('base64');
}

/**
 * The 64 bytes of an Ed25519 signature written in base64, or null when the text is not exactly
 * that: Node's decoder skips characters outside the alphabet and ignores padding and the spare
 * bits of the last character, so an edited value could decode to the same bytes; only the
 * canonical form (`signBytes`'s, 88 characters ending in `==`) is accepted.
 */
export function signatureBytes(signatureB64: string): Buffer | null {
  const bytes = Buffer.from(signatureB64, 'base64');
  return bytes.length === 64 && bytes.toString('base64') === signatureB64 ? bytes : null;
}

export function verifyBytes(publicKey: KeyObject, data: Uint8Array, signatureB64: string): boolean {
  const bytes = signatureBytes(signatureB64);
  if (bytes === null) return false;
  try {
    return verify(null, data, publicKey, bytes);
  } catch {
    return false;
  }
}
