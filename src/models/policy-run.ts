/** Runs the policy comparison on worker threads (see policy.ts). */
import { compiledWorkerUrl, runPool } from '../data/worker-pool.js';
import { attachments } from '../twin/fleet.js';
import type { Scenario } from '../twin/scenario-schema.js';
import type { MachineSummary } from '../twin/simulation.js';
import type { Bundle } from './bundle.js';
import type { Costs, PolicyOutcome } from './policy.js';
import { intervalGrid, outcome, withPolicy } from './policy.js';
import { predictiveInputs } from './predictive-controller.js';
import type { PolicyJob } from './policy-worker.js';

export interface PolicyRunOptions {
  readonly scenario: Scenario;
  readonly bundle: Bundle;
  readonly costs: Costs;
  /** Hours from a model alarm to the overhaul it books. */
  readonly responseH: number;
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

export interface PolicyReport {
  readonly outcomes: PolicyOutcome[];
  /** Each candidate interval on the training fleet: its cost, failures and overhauls. */
  readonly intervalSearch: {
    intervalH: number;
    totalCost: number;
    failures: number;
    preventiveActions: number;
  }[];
  readonly trainingSeed: number;
}

async function runJobs(
  o: PolicyRunOptions,
  jobs: PolicyJob[],
  stage: string,
  bundle: Bundle | null,
): Promise<MachineSummary[]> {
  const out: MachineSummary[] = new Array<MachineSummary>(jobs.length);
  let done = 0;
  await runPool<MachineSummary, never>({
    workerUrl: compiledWorkerUrl(import.meta.url, './policy-worker.js'),
    workerData: { jobs, bundle, responseH: o.responseH },
    taskCount: jobs.length,
    ...(o.workers === undefined ? {} : { workers: o.workers }),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
    onResult: (i, r) => {
      out[i] = r;
      o.onProgress?.(stage, ++done, jobs.length);
    },
  });
  return out;
}

export async function comparePolicies(o: PolicyRunOptions): Promise<PolicyReport> {
  predictiveInputs(o.bundle); // a bundle the predictive policy cannot run is refused up front
  const s = o.scenario;
  const n = attachments(s).ids.length;
  const machines = [...Array(n).keys()];
  // 1. the fixed interval, optimised on a training fleet drawn with another seed
  const trainingSeed = (s.seed + 7919) >>> 0;
  const training: Scenario = { ...s, seed: trainingSeed };
  const grid = intervalGrid(s.durationH);
  const jobs = grid.flatMap((h) =>
    machines.map((m) => ({
      scenario: withPolicy(training, 'fixed_interval', h),
      machine: m,
      predictive: false,
    })),
  );
  const res = await runJobs(o, jobs, 'optimising the interval on a training fleet', null);
  const intervalSearch = grid.map((h, g) => {
    const x = outcome('fixed_interval', h, training, res.slice(g * n, (g + 1) * n), o.costs);
    return {
      intervalH: h,
      // to the cent (a machine's downtime in fractions of an hour gives 32566.6666...)
      totalCost: Math.round(x.cost.total * 100) / 100,
      failures: x.failures,
      preventiveActions: x.preventiveActions,
    };
  });
  const best = intervalSearch.reduce((a, b) => (b.totalCost < a.totalCost ? b : a));
  // 2. the evaluation fleet under each policy
  const rtf = await runJobs(
    o,
    machines.map((m) => ({
      scenario: withPolicy(s, 'run_to_failure', null),
      machine: m,
      predictive: false,
    })),
    'run to failure',
    null,
  );
  const fixed = await runJobs(
    o,
    machines.map((m) => ({
      scenario: withPolicy(s, 'fixed_interval', best.intervalH),
      machine: m,
      predictive: false,
    })),
    'fixed interval',
    null,
  );
  const pred = await runJobs(
    o,
    machines.map((m) => ({
      scenario: withPolicy(s, 'predictive', null),
      machine: m,
      predictive: true,
    })),
    'predictive (model on every capture)',
    o.bundle,
  );
  return {
    outcomes: [
      outcome('run_to_failure', null, s, rtf, o.costs),
      outcome('fixed_interval', best.intervalH, s, fixed, o.costs),
      outcome('predictive', null, s, pred, o.costs),
    ],
    intervalSearch,
    trainingSeed,
  };
}

/**
 * What a user should know before trusting a comparison: a model that never called for
 * maintenance (predictive is then run to failure, most often on a fleet unlike its training
 * one), and a fixed interval whose optimum is sharp (a neighbouring interval on the search grid
 * costs more than twice as much: on a small fleet one failure more or less moves it).
 */
export function policyWarnings(r: PolicyReport): string[] {
  const out: string[] = [];
  const pred = r.outcomes.find((x) => x.policy === 'predictive');
  if (pred !== undefined && pred.preventiveActions === 0)
    out.push(
      'the model never called for maintenance on this fleet, so predictive maintenance is run to failure here: ' +
        'check that the fleet is like the one the model was trained on (machine kinds, sensors, speed and load ranges)',
    );
  const k = r.intervalSearch.reduce((b, x, i, all) => (x.totalCost < all[b]!.totalCost ? i : b), 0);
  const best = r.intervalSearch[k];
  if (r.intervalSearch.length > 0 && r.intervalSearch.every((x) => x.failures === 0)) {
    out.push(
      `no machine of the training fleet failed at any candidate interval, so the fixed interval (${best?.intervalH ?? ''} h) was chosen on the cost of overhauls alone: ` +
        'the comparison says little of failures; a longer run or more machines give the training fleet some',
    );
    return out;
  }
  const near = [r.intervalSearch[k - 1], r.intervalSearch[k + 1]].filter((x) => x !== undefined);
  const dearest =
    near.length === 0 ? undefined : near.reduce((a, b) => (b.totalCost > a.totalCost ? b : a));
  if (best !== undefined && dearest !== undefined && dearest.totalCost > 2 * best.totalCost)
    out.push(
      `the fixed interval's cost on the training fleet changes sharply around the ${best.intervalH} h chosen ` +
        `(${best.totalCost.toFixed(0)} there, ${dearest.totalCost.toFixed(0)} at ${dearest.intervalH} h; intervalSearch in policy.json, and policy.png): ` +
        'one failure more or less moves the optimum, and a larger fleet makes the comparison firmer',
    );
  return out;
}
