// keygen, sign and verify through the CLI, on a bundle made with the library.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealBundle, serializeBundle } from '../src/models/bundle.js';

const BIN = new URL('../bin/pdm-twin.js', import.meta.url).pathname;
let home: string;
const run = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PDM_TWIN_HOME: home },
  });

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pdm-keys-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('bundle signatures on the command line', () => {
  it('keygen, sign, verify; tampering and untrusted keys are refused', async () => {
    const model = join(home, 'model.json');
    await writeFile(
      model,
      serializeBundle(
        sealBundle({
          format: 'pdm-twin/model-bundle',
          formatVersion: 1,
          name: 'demo',
          version: '1',
          createdAt: '2026-01-01T00:00:00Z',
          createdBy: 'test',
          features: { names: ['a'], units: [''], normalization: null },
          data: {
            fingerprint: 'x',
            rows: 1,
            machines: 1,
            timeUnit: 'h',
            horizon: 168,
            source: 'twin',
          },
          tasks: [
            {
              task: 'anomaly',
              algo: 'mahalanobis',
              model: {},
              inputs: ['a'],
              thresholds: {},
              validationMetrics: {},
              config: {},
            },
          ],
        }),
      ),
    );
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
});
