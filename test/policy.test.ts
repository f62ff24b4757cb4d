// The policy comparison on worker threads, with a real horizon model driving the predictive
// runs: a model that never alarms must leave the fleet exactly as run to failure does, one that
// always alarms must book overhauls on every machine and prevent failures.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../src/data/dataset.js';
import { generateDataset } from '../src/data/generate.js';
import type { Bundle } from '../src/models/bundle.js';
import { sealBundle } from '../src/models/bundle.js';
import { CostsSchema } from '../src/models/policy.js';
import { comparePolicies } from '../src/models/policy-run.js';
import { TrainConfigSchema } from '../src/models/train-config.js';
import { trainBundle } from '../src/models/train-bundle.js';
import { scenarioFrom } from '../src/twin/scenario.js';

let dir: string;
let bundle: Bundle;

const scenario = scenarioFrom({
  seed: 31,
  durationH: 300,
  capture: { periodH: 3, durationS: 0.5 },
  fleet: [{ count: 6 }],
  faults: {
    lifeScale: 0.02,
    inject: [
      { machine: 0, mode: 'outer_race', atH: 20, growth: { timeToFailureH: 120 } },
      { machine: 1, mode: 'inner_race', atH: 30, growth: { timeToFailureH: 120 } },
      { machine: 2, mode: 'outer_race', atH: 40, growth: { timeToFailureH: 100 } },
      { machine: 3, mode: 'inner_race', atH: 50, growth: { timeToFailureH: 100 } },
    ],
  },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-policy-'));
  await generateDataset({ scenario, scenarioFile: null, outDir: dir, workers: 2 });
  const r = await trainBundle({
    ds: await readDataset(dir),
    tasks: ['horizon'],
    config: TrainConfigSchema.parse({ horizon: { gbdt: { rounds: 20 } } }),
    name: 'policy-test',
    version: '1',
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'test',
    fingerprint: 'sha256:test',
    threads: 1,
  });
  bundle = sealBundle(r.body);
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The bundle with its horizon alarm threshold set to p (probabilities lie in [0, 1]). */
function withThreshold(p: number): Bundle {
  const { contentHash: _hash, signature: _signature, ...body } = structuredClone(bundle);
  const t = body.tasks.find((x) => x.task === 'horizon')!;
  t.thresholds.probability = p;
  return sealBundle(body);
}

describe('policy comparison', () => {
  const costs = CostsSchema.parse({});

  it('a model that never alarms changes nothing; one that always alarms prevents failures', async () => {
    const never = await comparePolicies({
      scenario,
      bundle: withThreshold(2),
      costs,
      responseH: 6,
      workers: 2,
    });
    const [rtf, , quiet] = never.outcomes;
    expect(rtf!.failures).toBeGreaterThan(0);
    expect(quiet!.policy).toBe('predictive');
    expect({ ...quiet!, policy: 'run_to_failure' }).toEqual(rtf);

    const always = await comparePolicies({
      scenario,
      bundle: withThreshold(-1),
      costs,
      responseH: 6,
      workers: 2,
    });
    const eager = always.outcomes[2]!;
    expect(eager.preventiveActions).toBeGreaterThanOrEqual(scenario.fleet[0]!.count);
    expect(eager.failures).toBeLessThan(rtf!.failures);
  }, 300_000);

  it('refuses, before simulating anything, a bundle the predictive policy cannot run', async () => {
    const { contentHash: _hash, signature: _signature, ...body } = structuredClone(bundle);
    const noHorizon = sealBundle({ ...body, tasks: [] });
    const progress: string[] = [];
    const run = (b: Bundle) =>
      comparePolicies({
        scenario,
        bundle: b,
        costs,
        responseH: 6,
        workers: 2,
        onProgress: (stage) => progress.push(stage),
      });
    await expect(run(noHorizon)).rejects.toMatchObject({
      code: 'PDM_USAGE',
      message: expect.stringMatching(/has no horizon model.*--task horizon/) as string,
    });
    const foreign = structuredClone(body);
    const t = foreign.tasks.find((x) => x.task === 'horizon')!;
    t.inputs = [...t.inputs.slice(1), 'op1'];
    await expect(run(sealBundle(foreign))).rejects.toThrow(
      /the horizon model needs op1, which the twin's machine feature pipeline does not compute/,
    );
    expect(progress).toEqual([]);
  });
});
