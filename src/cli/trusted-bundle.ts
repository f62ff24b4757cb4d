/**
 * Reading a model bundle that a command will use (evaluate, policy, export): it must be signed
 * by a trusted key (the local key pair unless `--trust` names public keys), or unsigned with
 * `--allow-unsigned`. A tampered bundle is refused either way.
 */
import type { Bundle } from '../models/bundle.js';
import { verifyBundle } from '../models/bundle.js';
import { readBundleFile } from '../models/bundle-file.js';
import { checkBundleModels } from '../models/bundle-check.js';
import { trustedKeys } from '../models/key-store.js';
import { localKeyDir } from './paths.js';

export interface TrustOptions {
  readonly trust?: string[];
  readonly allowUnsigned?: boolean;
}

export async function readTrustedBundle(path: string, o: TrustOptions): Promise<Bundle> {
  const bundle = await readBundleFile(path);
  if (!(o.allowUnsigned === true && bundle.signature === null)) {
    const trusted = await trustedKeys(o.trust, localKeyDir());
    verifyBundle(bundle, path, { trusted, requireSignature: o.allowUnsigned !== true });
  }
  checkBundleModels(bundle, path);
  return bundle;
}
