/**
 * Reading a model bundle that a command will use (evaluate, policy, export): it must be signed
 * by a trusted key (the local key pair unless `--trust` names public keys), or unsigned with
 * `--allow-unsigned`. A tampered bundle is refused either way.
 */
import type { Bundle } from '../models/bundle.js';
import { readVerifiedBundle } from '../models/bundle-file.js';
import { trustedKeys } from '../models/key-store.js';
import { localKeyDir } from './paths.js';

/** The help of every command's `--trust`. */
export const TRUST_HELP =
  'trusted public keys: PEM files (a keyring may hold several) or key folders (their signing.pub); default: the local key pair';

export interface TrustOptions {
  readonly trust?: string[];
  readonly allowUnsigned?: boolean;
}

export async function readTrustedBundle(path: string, o: TrustOptions): Promise<Bundle> {
  return readVerifiedBundle(path, {
    // the keys only when a signature is to be checked
    trusted: (signedBy) => trustedKeys(o.trust, localKeyDir(), signedBy),
    ...(o.allowUnsigned === undefined ? {} : { allowUnsigned: o.allowUnsigned }),
  });
}
