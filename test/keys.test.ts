// keygen, sign and verify through the CLI, on a bundle made with the library.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeBundle } from '../src/models/bundle.js';
import { anomalyBundle } from './support/anomaly-bundle.js';

const BIN = new URL('../bin/pdm-twin.js', import.meta.url).pathname;
let home: string;
const run = (args: string[], pdmHome = home) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PDM_TWIN_HOME: pdmHome },
  });

// A real (if tiny) anomaly model: commands that load a bundle check that its model can run.
const demoBundle = () => serializeBundle(anomalyBundle());

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pdm-keys-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('bundle signatures on the command line', () => {
  it('keygen, sign, verify; tampering and untrusted keys are refused', async () => {
    const model = join(home, 'model.json');
    await writeFile(model, demoBundle());
    expect(run(['keygen']).status).toBe(0);
    expect(run(['keygen']).stderr).toMatch(/PDM_OUTPUT_EXISTS/);
    const unsigned = run(['verify', '--model', model]);
    expect(unsigned.status).toBe(1);
    expect(unsigned.stderr).toMatch(/PDM_BUNDLE_SIGNATURE.*not signed/);
    expect(run(['verify', '--model', model, '--allow-unsigned']).status).toBe(0);
    expect(run(['sign', '--model', model]).status).toBe(0);
    const ok = run(['verify', '--model', model]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(
      /ok \(demo 1; anomaly:mahalanobis; sha256:.*signed by [0-9a-f]{16}\)/,
    );

    const other = join(home, 'other');
    expect(run(['keygen', '--dir', other]).status).toBe(0);
    const untrusted = run(['verify', '--model', model, '--trust', join(other, 'signing.pub')]);
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toMatch(/not among the trusted keys/);
    // a key folder (as keygen writes it) is as good as its public key file
    expect(run(['verify', '--model', model, '--trust', other]).stderr).toMatch(
      /not among the trusted keys/,
    );
    expect(run(['keygen', '--dir', other]).stderr).toMatch(
      /--force .* or --dir for another folder/,
    );

    const text = await readFile(model, 'utf8');
    await writeFile(model, text.replace('"name":"demo"', '"name":"evil"'));
    const bad = run(['verify', '--model', model]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/PDM_BUNDLE_CORRUPT.*content hash mismatch/);
  });

  it('sign with a private key alone writes its public key, so verify accepts what it signed', async () => {
    const h = await mkdtemp(join(home, 'priv-only-'));
    expect(run(['keygen', '--dir', join(h, 'full')]).status).toBe(0);
    await mkdir(join(h, 'keys'));
    await copyFile(join(h, 'full', 'signing.key'), join(h, 'keys', 'signing.key'));
    await chmod(join(h, 'keys', 'signing.key'), 0o600);
    const model = join(h, 'model.json');
    await writeFile(model, demoBundle());
    const signed = run(['sign', '--model', model], h);
    expect(signed.status).toBe(0);
    expect(signed.stderr).toMatch(/wrote the missing public key .*signing\.pub/);
    expect(await readFile(join(h, 'keys', 'signing.pub'), 'utf8')).toBe(
      await readFile(join(h, 'full', 'signing.pub'), 'utf8'),
    );
    expect(run(['verify', '--model', model], h).status).toBe(0);
  });

  it('verifies with the public key alone, and never replaces or mixes keys', async () => {
    const signer = join(home, 'signer');
    const model = join(home, 'edge-model.json');
    await writeFile(model, demoBundle());
    expect(run(['keygen'], signer).status).toBe(0);
    expect(run(['sign', '--model', model], signer).status).toBe(0);
    const keys = join(signer, 'keys');
    expect((await stat(keys)).mode & 0o777).toBe(0o700);
    expect((await stat(join(keys, 'signing.key'))).mode & 0o777).toBe(0o600);

    // an edge node holds only the public key
    const edge = join(home, 'edge');
    await mkdir(join(edge, 'keys'), { recursive: true });
    await copyFile(join(keys, 'signing.pub'), join(edge, 'keys', 'signing.pub'));
    const pubBefore = await readFile(join(edge, 'keys', 'signing.pub'), 'utf8');
    const ok = run(['verify', '--model', model], edge);
    expect(ok.status, ok.stderr).toBe(0);
    // ... which keygen does not replace, and train does not replace with a new pair
    expect(run(['keygen'], edge).stderr).toMatch(/PDM_OUTPUT_EXISTS.*signing\.pub already exists/);
    const sign = run(['sign', '--model', model], edge);
    expect(sign.stderr).toMatch(/private key .*signing\.key does not exist/);
    expect(await readFile(join(edge, 'keys', 'signing.pub'), 'utf8')).toBe(pubBefore);
    // no key at all: a signature cannot be checked, said as such
    const none = run(['verify', '--model', model], join(home, 'nobody'));
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(
      /PDM_BUNDLE_SIGNATURE.*no trusted key to check its signature by key [0-9a-f]{16}: .*signing\.pub does not exist\. Name the signer's public key with --trust FILE/,
    );
    // (a new local pair cannot check another key's signature, nor does --allow-unsigned)
    expect(none.stderr.split('\n')[0]).not.toMatch(/--allow-unsigned|keygen/);

    // a private key beside another pair's public key signs nothing
    const other = join(home, 'other-pair');
    expect(run(['keygen', '--dir', other]).status).toBe(0);
    const mixed = join(home, 'mixed');
    await mkdir(mixed);
    await copyFile(join(keys, 'signing.key'), join(mixed, 'signing.key'));
    await copyFile(join(other, 'signing.pub'), join(mixed, 'signing.pub'));
    const before = await readFile(model, 'utf8');
    const m = run(['sign', '--model', model, '--key', mixed]);
    expect(m.status).toBe(1);
    expect(m.stderr).toMatch(/PDM_KEY_INVALID.*are not a key pair/);
    expect(await readFile(model, 'utf8')).toBe(before);

    // a file where the key folder belongs
    const f = run(['keygen', '--dir', model]);
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(
      /PDM_USAGE.*edge-model\.json is a file; expected a folder for the keys/,
    );

    // sign --key names the folder, not the key file in it
    const k = run(['sign', '--model', model, '--key', join(other, 'signing.key')]);
    expect(k.status).toBe(2);
    expect(k.stderr).toMatch(
      /PDM_USAGE.*--key .*signing\.key: is a file; --key takes the folder that holds signing\.key .*--key .*other-pair/,
    );
    expect(await readFile(model, 'utf8')).toBe(before);

    // a keyring: every key of a --trust file is trusted
    const ring = join(home, 'ring.pub');
    await writeFile(
      ring,
      (await readFile(join(other, 'signing.pub'), 'utf8')) +
        (await readFile(join(keys, 'signing.pub'), 'utf8')),
    );
    expect(run(['verify', '--model', model, '--trust', ring]).status).toBe(0);

    // a private key given to trust is refused, not turned into its public key
    const priv = run(['verify', '--model', model, '--trust', join(keys, 'signing.key')]);
    expect(priv.status).toBe(1);
    expect(priv.stderr).toMatch(
      /PDM_KEY_INVALID.*signing\.key: holds a private key, where a public key was expected; trust the public key \(signing\.pub/,
    );
    await writeFile(
      ring,
      (await readFile(join(keys, 'signing.pub'), 'utf8')) +
        (await readFile(join(keys, 'signing.key'), 'utf8')),
    );
    expect(run(['verify', '--model', model, '--trust', ring]).stderr).toMatch(
      /ring\.pub \(key 2 of 2\): holds a private key/,
    );

    // a private key others can read is used, with a warning
    await chmod(join(keys, 'signing.key'), 0o644);
    const loose = run(['sign', '--model', model], signer);
    expect(loose.status).toBe(0);
    expect(loose.stderr).toMatch(/warning: private key .* can be read by others \(mode 644\)/);
  });

  it('keygen --force that cannot place the new public key leaves the old private key', async () => {
    const dir = join(home, 'force-fail');
    expect(run(['keygen', '--dir', dir]).status).toBe(0);
    const oldKey = await readFile(join(dir, 'signing.key'), 'utf8');
    // a non-empty folder where signing.pub goes: the rename over it fails
    await rm(join(dir, 'signing.pub'));
    await mkdir(join(dir, 'signing.pub', 'x'), { recursive: true });
    const r = run(['keygen', '--dir', dir, '--force']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*signing\.pub: it is a folder/);
    expect(await readFile(join(dir, 'signing.key'), 'utf8')).toBe(oldKey);
    expect((await readdir(dir)).sort()).toEqual(['signing.key', 'signing.pub']);
  });

  it('keeps one key pair when several first runs make it at once', async () => {
    const keyStore = new URL('../dist/models/key-store.js', import.meta.url).href;
    for (let round = 0; round < 3; round++) {
      const dir = join(home, `race-${round}`);
      const script = `import { ensureKeyPair } from '${keyStore}';
        const k = await ensureKeyPair(${JSON.stringify(dir)});
        console.log(JSON.stringify({ id: k.keyId, created: k.created }));`;
      const runs = await Promise.all(
        Array.from(
          { length: 4 },
          () =>
            new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
              const c = spawn(process.execPath, ['--input-type=module', '-e', script]);
              let out = '';
              let err = '';
              c.stdout.on('data', (d: Buffer) => (out += d.toString()));
              c.stderr.on('data', (d: Buffer) => (err += d.toString()));
              c.on('exit', (code) => {
                resolve({ code, out, err });
              });
            }),
        ),
      );
      for (const r of runs) expect(r.code, r.err).toBe(0);
      const got = runs.map((r) => JSON.parse(r.out) as { id: string; created: boolean });
      // one pair: every run signs with the same key, and one of them made it
      expect(new Set(got.map((g) => g.id)).size).toBe(1);
      expect(got.filter((g) => g.created)).toHaveLength(1);
      const verified = run(['keygen', '--dir', dir]);
      expect(verified.stderr).toMatch(/PDM_OUTPUT_EXISTS/);
    }
  }, 60_000);
});
