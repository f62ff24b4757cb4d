/** `pdm-twin keygen`, `sign` and `verify`: Ed25519 signatures on model bundles. */
import type { Command } from 'commander';
import { readBundleFile, readVerifiedBundle, writeBundleFile } from '../models/bundle-file.js';
import { signBundle, verifyBundle } from '../models/bundle.js';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PdmError } from '../core/errors.js';
import {
  PRIVATE_KEY_FILE,
  ensureKeyPair,
  loadKeyPair,
  trustedKeys,
  writeKeyPair,
} from '../models/key-store.js';
import { localKeyDir, refuseOtherContent } from './paths.js';
import { TRUST_HELP } from './trusted-bundle.js';

export function registerKeys(program: Command): void {
  program
    .command('keygen')
    .description('create an Ed25519 key pair for signing model bundles')
    .option(
      '--dir <dir>',
      'folder for signing.key and signing.pub (default: $PDM_TWIN_HOME/keys or ~/.pdm-twin/keys)',
    )
    .option('--force', 'replace an existing key pair')
    .action(async (o: { dir?: string; force?: boolean }) => {
      const dir = o.dir ?? localKeyDir();
      const k = await writeKeyPair(dir, o.force === true);
      for (const n of k.notes) process.stderr.write(`${n}\n`);
      process.stdout.write(
        `wrote ${dir}/signing.key (private, mode 600) and signing.pub; key id ${k.keyId}\n`,
      );
    });

  program
    .command('sign')
    .description('sign a model bundle with a private key')
    .requiredOption('--model <bundle>', 'model bundle file')
    .option('--key <dir>', 'key folder (default: the local key pair)')
    .option('--out <file>', 'write the signed bundle here instead of in place')
    .action(async (o: { model: string; key?: string; out?: string }) => {
      if (o.out !== undefined) refuseOtherContent(o.out, '--out', 'json');
      const dir = o.key ?? localKeyDir();
      if (o.key !== undefined && existsSync(o.key) && !statSync(o.key).isDirectory())
        throw new PdmError(
          'PDM_USAGE',
          `--key ${o.key}: is a file; --key takes the folder that holds signing.key (and signing.pub): --key ${dirname(o.key)}`,
        );
      // a private key alone gets its public file written beside it, as train does, so that
      // verify (which trusts the folder's signing.pub) accepts what was signed
      const keys = existsSync(join(dir, PRIVATE_KEY_FILE))
        ? await ensureKeyPair(dir)
        : await loadKeyPair(dir);
      for (const n of keys.notes) process.stderr.write(`${n}\n`);
      const b = await readBundleFile(o.model);
      const signed = signBundle(b, keys.privateKey, keys.publicKey);
      // the signature written must be one its own key accepts
      verifyBundle(signed, o.out ?? o.model, { trusted: [keys.publicKey] });
      await writeBundleFile(o.out ?? o.model, signed);
      process.stdout.write(`signed ${o.out ?? o.model} with key ${keys.keyId}\n`);
    });

  program
    .command('verify')
    .description('check a model bundle: structure, content hash and signature')
    .requiredOption('--model <bundle>', 'model bundle file')
    .option('--trust <pub...>', TRUST_HELP)
    .option('--allow-unsigned', 'accept a bundle without a signature')
    .action(async (o: { model: string; trust?: string[]; allowUnsigned?: boolean }) => {
      // the keys are read when a signature is to be checked, so that a verifier without any
      // is told whose key the bundle needs
      const b = await readVerifiedBundle(o.model, {
        trusted: (signedBy) => trustedKeys(o.trust, localKeyDir(), signedBy),
        ...(o.allowUnsigned === undefined ? {} : { allowUnsigned: o.allowUnsigned }),
      });
      const signer = b.signature?.keyId ?? null;
      const tasks = b.tasks.map((t) => `${t.task}:${t.algo}`).join(', ');
      process.stdout.write(
        `${o.model}: ok (${b.name} ${b.version}; ${tasks}; ${b.contentHash.slice(0, 19)}...; ` +
          `${signer === null ? 'unsigned' : `signed by ${signer}`})\n`,
      );
    });
}
